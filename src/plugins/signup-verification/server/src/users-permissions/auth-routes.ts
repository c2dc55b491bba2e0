import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { ipLimitMiddleware, ipLimitName } from '../limits';

type Handler = (ctx: Context) => unknown;
interface Route {
  handler: string;
  config?: { middlewares?: unknown[] };
}
interface Limiter {
  declare(name: string, limit: { max: number; windowSeconds: number }): void;
}

/** users-permissions auth actions this plugin answers: its routes keep their paths. */
const TAKEN_OVER = ['register', 'forgotPassword', 'resetPassword', 'emailConfirmation', 'sendEmailConfirmation'] as const;

/**
 * Limits of users-permissions' own secret-taking routes, declared here under users-permissions'
 * name; override them by name in the rate-limit plugin's `limits` config. They replace
 * users-permissions' in-memory limiter, which each server process counts on its own.
 */
export const USERS_PERMISSIONS_LIMITS = {
  'users-permissions.login': { max: 30, windowSeconds: 300 },
  'users-permissions.change-password': { max: 10, windowSeconds: 600 },
} as const;

/** The per-IP limit of every users-permissions auth route that takes a secret or sends a mail. */
const ROUTE_LIMITS: Record<string, string> = {
  'auth.register': ipLimitName('register'),
  'auth.forgotPassword': ipLimitName('forgotPassword'),
  'auth.resetPassword': ipLimitName('resetPassword'),
  'auth.sendEmailConfirmation': ipLimitName('resend'),
  'auth.callback': 'users-permissions.login',
  'auth.changePassword': 'users-permissions.change-password',
};

/** users-permissions' account actions are answered by this plugin's auth controller. */
export const takeOverAuthActions = (strapi: Core.Strapi): void => {
  const ours = () => strapi.plugin('signup-verification').controller('auth') as Record<string, Handler>;
  strapi.get('controllers').extend('plugin::users-permissions.auth', (stock: Record<string, Handler>) => ({
    ...stock,
    ...Object.fromEntries(TAKEN_OVER.map((action) => [action, (ctx: Context) => ours()[action](ctx)])),
  }));
};

/** Declares users-permissions' limits and counts each auth route's client IP under its own. */
export const limitAuthRoutes = (strapi: Core.Strapi): void => {
  const limiter = strapi.plugin('rate-limit').service('limiter') as Limiter;
  for (const [name, limit] of Object.entries(USERS_PERMISSIONS_LIMITS)) limiter.declare(name, limit);
  const routes = (strapi.plugin('users-permissions').routes as unknown as Record<string, { routes: Route[] }>)['content-api'].routes;
  for (const route of routes) {
    const limit = ROUTE_LIMITS[route.handler];
    if (!limit) continue;
    route.config = { ...route.config, middlewares: [...(route.config?.middlewares ?? []), ipLimitMiddleware(limit)] };
  }
};
