import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { limited } from '../../plugins/signup-verification/server/src/routes';
import { USER_ATTRIBUTES } from '../../plugins/signup-verification/server/src/users-permissions';

/*
 * Hook-in points only: users-permissions keeps its routes (and their paths), and the
 * signup-verification plugin answers them. The logic lives in that plugin.
 */

type Handler = (ctx: Context) => unknown;
type ControllerFactory = (deps: { strapi: Core.Strapi }) => Record<string, Handler>;
interface Route {
  path: string;
  handler: string;
  config?: { middlewares?: unknown[] };
}
interface UsersPermissionsPlugin {
  contentTypes: { user: { schema: { attributes: Record<string, unknown> } } };
  controllers: { auth: ControllerFactory };
  // A router factory whose `routes` getter returns the one shared route list.
  routes: { 'content-api': { routes: Route[] } };
}

/** users-permissions auth actions the signup-verification plugin takes over, by name. */
const TAKEN_OVER = ['register', 'forgotPassword', 'resetPassword', 'emailConfirmation', 'sendEmailConfirmation'];

/**
 * Per-IP limits kept in the database, on every auth route that takes a secret or sends a mail.
 * They replace users-permissions' in-memory limiter (switched off in config/plugins.ts), which
 * each server process counts on its own.
 */
const LIMITS: Record<string, string> = {
  'auth.register': 'register',
  'auth.forgotPassword': 'forgotPassword',
  'auth.resetPassword': 'resetPassword',
  'auth.sendEmailConfirmation': 'resend',
  'auth.callback': 'login',
  'auth.changePassword': 'changePassword',
};

export default (plugin: UsersPermissionsPlugin) => {
  Object.assign(plugin.contentTypes.user.schema.attributes, USER_ATTRIBUTES);

  const stockAuth = plugin.controllers.auth;
  plugin.controllers.auth = (deps) => {
    const stock = stockAuth(deps);
    const ours = () => deps.strapi.plugin('signup-verification').controller('auth') as Record<string, Handler>;
    const delegated = Object.fromEntries(TAKEN_OVER.map((action) => [action, (ctx: Context) => ours()[action](ctx)]));
    return { ...stock, ...delegated };
  };

  for (const route of plugin.routes['content-api'].routes) {
    const limit = LIMITS[route.handler];
    if (limit) route.config = { ...route.config, middlewares: [...(route.config?.middlewares ?? []), limited(limit)] };
  }
  return plugin;
};
