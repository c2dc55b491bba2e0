import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { z, type ZodType } from 'zod';
import { grantReadToEveryRole } from '../../content/read-permissions';
import { keptUntilChange } from '../../content/response-cache';
import { USER_ATTRIBUTES } from './user-attributes';

/*
 * Hook-in points only: users-permissions keeps its routes (and their paths), the
 * signup-verification plugin answers the account ones, and the rate-limit plugin counts requests.
 * Both are reached through their public names, never their files.
 */

type Handler = (ctx: Context) => unknown;
type ControllerFactory = (deps: { strapi: Core.Strapi }) => Record<string, Handler>;
type Lifecycle = (deps: { strapi: Core.Strapi }) => unknown;
interface Route {
  path: string;
  handler: string;
  config?: { middlewares?: unknown[] };
  response?: ZodType;
}
interface UsersPermissionsPlugin {
  register?: Lifecycle;
  contentTypes: { user: { schema: { attributes: Record<string, unknown> } } };
  controllers: { auth: ControllerFactory };
  services: {
    permission: (deps: { strapi: Core.Strapi }) => { findPublicPermissions(): Promise<unknown[]> };
    role: (deps: { strapi: Core.Strapi }) => { createRole(params: unknown): Promise<void> };
  };
  // A router factory whose `routes` getter returns the one shared route list.
  routes: { 'content-api': { routes: Route[] } };
}
interface Limiter {
  declare(name: string, limit: { max: number; windowSeconds: number }): void;
}

/** users-permissions auth actions the signup-verification plugin takes over, by name. */
const TAKEN_OVER = ['register', 'forgotPassword', 'resetPassword', 'emailConfirmation', 'sendEmailConfirmation'];

/**
 * Limits of users-permissions' own routes, declared here. Override them by name under
 * `'rate-limit'.config.limits` in config/plugins.ts.
 */
const OWN_LIMITS = {
  'users-permissions.login': { max: 30, windowSeconds: 300 },
  'users-permissions.change-password': { max: 10, windowSeconds: 600 },
};

/**
 * Per-IP limits kept in the database, on every auth route that takes a secret or sends a mail.
 * They replace users-permissions' in-memory limiter (switched off in config/plugins.ts), which
 * each server process counts on its own.
 */
const ROUTE_LIMITS: Record<string, string> = {
  'auth.register': 'signup-verification.register',
  'auth.forgotPassword': 'signup-verification.forgotPassword',
  'auth.resetPassword': 'signup-verification.resetPassword',
  'auth.sendEmailConfirmation': 'signup-verification.resend',
  'auth.callback': 'users-permissions.login',
  'auth.changePassword': 'users-permissions.change-password',
};

/** The user as answers carry it: users-permissions' fields and the product's (USER_ATTRIBUTES). */
const user = z
  .object({
    id: z.number(),
    documentId: z.string(),
    username: z.string(),
    email: z.string(),
    provider: z.string(),
    confirmed: z.boolean(),
    blocked: z.boolean(),
    firstName: z.string().nullable().optional(),
    lastName: z.string().nullable().optional(),
    organisation: z.string().nullable().optional(),
    country: z.string().nullable().optional(),
    locale: z.enum(['en', 'fr']).nullable().optional(),
  })
  .loose();
const session = z.object({ jwt: z.string(), refreshToken: z.string().optional(), user });

/** Answers of users-permissions routes that carry users, for `strapi openapi generate`. */
const USER_ANSWERS: Record<string, ZodType> = {
  'auth.callback': session,
  'auth.changePassword': session,
  'user.find': z.array(user),
  'user.me': user,
  'user.findOne': user,
  'user.create': user,
  'user.update': user,
  'user.destroy': user,
};

export default (plugin: UsersPermissionsPlugin) => {
  Object.assign(plugin.contentTypes.user.schema.attributes, USER_ATTRIBUTES);

  const stockRegister = plugin.register;
  plugin.register = async ({ strapi }) => {
    const limiter = strapi.plugin('rate-limit').service('limiter') as Limiter;
    for (const [name, limit] of Object.entries(OWN_LIMITS)) limiter.declare(name, limit);
    await stockRegister?.({ strapi });
  };

  const stockAuth = plugin.controllers.auth;
  plugin.controllers.auth = (deps) => {
    const stock = stockAuth(deps);
    const ours = () => deps.strapi.plugin('signup-verification').controller('auth') as Record<string, Handler>;
    const delegated = Object.fromEntries(TAKEN_OVER.map((action) => [action, (ctx: Context) => ours()[action](ctx)]));
    return { ...stock, ...delegated };
  };

  // Every anonymous request read the public role's permissions from the database before its own
  // query; they are kept until the next change of permissions or content in any process
  // (src/content/response-cache.ts: a permission lifecycle tells every process).
  const stockPermission = plugin.services.permission;
  plugin.services.permission = (deps) => {
    const service = stockPermission(deps);
    service.findPublicPermissions = keptUntilChange(deps.strapi, service.findPublicPermissions.bind(service));
    return service;
  };

  // A role created in the admin reads what the public reads from the start (read-permissions.ts).
  const stockRole = plugin.services.role;
  plugin.services.role = (deps) => {
    const service = stockRole(deps);
    const createRole = service.createRole.bind(service);
    service.createRole = async (params) => {
      await createRole(params);
      await grantReadToEveryRole(deps.strapi);
    };
    return service;
  };

  for (const route of plugin.routes['content-api'].routes) {
    // Its schemas list only its own user fields, and refuse any other.
    if (USER_ANSWERS[route.handler] && route.response) route.response = USER_ANSWERS[route.handler];
    const limit = ROUTE_LIMITS[route.handler];
    if (limit) {
      const middleware = { name: 'plugin::rate-limit.ip-limit', config: { limit } };
      route.config = { ...route.config, middlewares: [...(route.config?.middlewares ?? []), middleware] };
    }
  }
  return plugin;
};
