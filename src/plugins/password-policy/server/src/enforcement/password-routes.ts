import type { Identity } from '../services/policy';

type Body = Record<string, unknown>;

export interface PasswordRoute {
  method: 'POST' | 'PUT';
  /** Matched against the request path. */
  path: RegExp;
  /** Where the password sits in the body. */
  password: string[];
  /** Other password fields to normalise alongside it (confirmation, current password). */
  companions: string[][];
  /** True when the route sets a password (policy applies), false for log-ins (normalised only). */
  sets: boolean;
  /** Who the password is for, as far as the body tells. */
  identity(body: Body): Identity;
}

const fromBody = (body: Body): Identity => ({ email: body.email, username: body.username });
const nobody = (): Identity => ({});
const UP_USER = 'plugin::users-permissions.user';

/**
 * Every HTTP route that sets (or checks) a password: users-permissions, the admin's own users and
 * the Content Manager editing users-permissions users. Services and document-service hooks
 * enforce the policy again with the account's full identity; this table lets the policy answer
 * first, in one error format, before each route's own validation runs.
 */
export const PASSWORD_ROUTES: PasswordRoute[] = [
  { method: 'POST', path: /^\/api\/auth\/local\/register$/, password: ['password'], companions: [], sets: true, identity: fromBody },
  { method: 'POST', path: /^\/api\/auth\/reset-password$/, password: ['password'], companions: [['passwordConfirmation']], sets: true, identity: fromBody },
  { method: 'POST', path: /^\/api\/auth\/change-password$/, password: ['password'], companions: [['passwordConfirmation'], ['currentPassword']], sets: true, identity: nobody },
  { method: 'POST', path: /^\/api\/users$/, password: ['password'], companions: [], sets: true, identity: fromBody },
  { method: 'PUT', path: /^\/api\/users\/[^/]+$/, password: ['password'], companions: [], sets: true, identity: fromBody },
  { method: 'POST', path: new RegExp(`^/content-manager/collection-types/${UP_USER}$`), password: ['password'], companions: [], sets: true, identity: fromBody },
  { method: 'PUT', path: new RegExp(`^/content-manager/collection-types/${UP_USER}/[^/]+$`), password: ['password'], companions: [], sets: true, identity: fromBody },
  { method: 'POST', path: /^\/admin\/register-admin$/, password: ['password'], companions: [], sets: true, identity: fromBody },
  { method: 'POST', path: /^\/admin\/register$/, password: ['userInfo', 'password'], companions: [], sets: true, identity: nobody },
  { method: 'POST', path: /^\/admin\/reset-password$/, password: ['password'], companions: [], sets: true, identity: nobody },
  { method: 'PUT', path: /^\/admin\/users\/me$/, password: ['password'], companions: [['currentPassword']], sets: true, identity: fromBody },
  { method: 'PUT', path: /^\/admin\/users\/[^/]+$/, password: ['password'], companions: [], sets: true, identity: fromBody },
  { method: 'POST', path: /^\/api\/auth\/local$/, password: ['password'], companions: [], sets: false, identity: nobody },
  { method: 'POST', path: /^\/admin\/login$/, password: ['password'], companions: [], sets: false, identity: nobody },
];

export const findPasswordRoute = (method: string, path: string): PasswordRoute | undefined =>
  PASSWORD_ROUTES.find((route) => route.method === method && route.path.test(path));
