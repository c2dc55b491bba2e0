import type { Core, Modules } from '@strapi/strapi';
import { getService } from '../utils/get-service';

const USER = 'plugin::users-permissions.user';

type Claims = Record<string, unknown> & { toJSON?: () => Record<string, unknown> };
interface JwtService {
  issue(payload: Claims, options?: object): string | Promise<string>;
  verify(token: string): Promise<Record<string, unknown>>;
  [key: string]: unknown;
}

/**
 * Wraps users-permissions' jwt service: legacy tokens carry the millisecond they were issued
 * (`iatMs`), and `verify` refuses a token the sessions service says no longer stands (issued
 * before the last password change, or of a session that was ended).
 */
export const checkTokensAgainstSessions = (strapi: Core.Strapi): void => {
  strapi.get('services').extend('plugin::users-permissions.jwt', (jwt: JwtService) => ({
    ...jwt,
    issue(payload: Claims, options?: object) {
      if (getService(strapi, 'sessions').refreshMode()) return jwt.issue.call(jwt, payload, options);
      const claims = typeof payload.toJSON === 'function' ? payload.toJSON() : payload;
      return jwt.issue.call(jwt, { ...claims, iatMs: Date.now() }, options);
    },
    async verify(token: string) {
      const payload = await jwt.verify.call(jwt, token);
      if (!(await getService(strapi, 'sessions').stands(payload))) throw new Error('Invalid token.');
      return payload;
    },
  }));
};

/**
 * Document-service middleware: every path that sets a users-permissions password (reset,
 * change-password, /api/users, the Content Manager) stamps the change, in milliseconds, so tokens
 * issued before it stop working.
 */
export const stampPasswordChanges: Modules.Documents.Middleware.Middleware = async (context, next) => {
  if (context.uid === USER && (context.action === 'create' || context.action === 'update')) {
    const params = context.params as { data?: Record<string, unknown> };
    if (typeof params.data?.password === 'string') params.data = { ...params.data, passwordChangedAt: Date.now() };
  }
  return next();
};
