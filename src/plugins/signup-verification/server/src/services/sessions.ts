import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

const USER = 'plugin::users-permissions.user';

/** What users-permissions' jwt.verify returns: `iat` (s) and our `iatMs` in legacy mode, `sessionId` in refresh mode. */
export interface TokenPayload {
  id?: number | string;
  iat?: number;
  iatMs?: number;
  sessionId?: string;
  [claim: string]: unknown;
}

export interface Tokens {
  jwt: string;
  refreshToken?: string;
}

/**
 * Log-in sessions of users-permissions accounts: opening one, ending all of them, and deciding
 * whether a token still stands after a password change.
 */
const sessions = ({ strapi }: { strapi: Core.Strapi }) => {
  const refreshMode = () => strapi.config.get<string>('plugin::users-permissions.jwtManagement', 'legacy-support') === 'refresh';
  const manager = () => strapi.sessionManager('users-permissions');

  return {
    refreshMode,

    /** A JWT for the user, plus a refresh token when users-permissions runs refresh sessions. */
    async open(userId: number): Promise<Tokens> {
      if (refreshMode()) {
        const refresh = await manager().generateRefreshToken(String(userId), undefined, { type: 'refresh' });
        const access = await manager().generateAccessToken(refresh.token);
        if ('error' in access) throw new errors.ApplicationError('Could not open a session');
        return { jwt: access.token, refreshToken: refresh.token };
      }
      return { jwt: strapi.plugin('users-permissions').service('jwt').issue({ id: userId }) as string };
    },

    /** Ends every session of the user: refresh tokens now, their access tokens at their next use. */
    async endAll(userId: number): Promise<void> {
      await manager().invalidateRefreshToken(String(userId));
    },

    /**
     * Whether a verified token still stands. Refresh mode: its session must still be open (a reset
     * ends them all). Legacy mode: it must have been issued no earlier than the last password
     * change, compared in milliseconds (`iatMs`, added at issue) rather than JWT's whole seconds,
     * so a token issued just after a change works at once. A token without `iatMs` counts from the
     * start of its `iat` second, which errs on the side of refusing.
     */
    async stands(payload: TokenPayload): Promise<boolean> {
      if (typeof payload.sessionId === 'string') return manager().isSessionActive(payload.sessionId);
      if (payload.id === undefined) return true;
      const user = await strapi.db.query(USER).findOne({ where: { id: payload.id }, select: ['passwordChangedAt'] });
      const changedAt = Number(user?.passwordChangedAt ?? 0);
      if (changedAt === 0) return true;
      const issuedAt = typeof payload.iatMs === 'number' ? payload.iatMs : typeof payload.iat === 'number' ? payload.iat * 1000 : 0;
      return issuedAt >= changedAt;
    },
  };
};

export type SessionsService = ReturnType<typeof sessions>;
export default sessions;
