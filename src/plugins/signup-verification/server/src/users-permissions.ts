import type { Core } from '@strapi/strapi';

const USER = 'plugin::users-permissions.user';

/** Profile and verification fields this plugin adds to the users-permissions user. */
export const USER_ATTRIBUTES = {
  firstName: { type: 'string', maxLength: 100 },
  lastName: { type: 'string', maxLength: 100 },
  organisation: { type: 'string', maxLength: 200 },
  country: { type: 'string', maxLength: 2 },
  locale: { type: 'enumeration', enum: ['en', 'fr'], default: 'en' },
  /** Asked for the newsletter at signup; the newsletter plugin subscribes once the account is verified. */
  newsletterWish: { type: 'boolean', default: false, private: true },
  /** When the password last changed (ms): JWTs issued before it stop working. */
  passwordChangedAt: { type: 'biginteger', private: true, configurable: false },
} as const;

type Payload = { id?: number | string; iat?: number; [key: string]: unknown };
interface JwtService {
  verify(token: string): Promise<Payload>;
  [key: string]: unknown;
}

const issuedAt = (token: string): number | undefined => {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iat?: unknown };
    return typeof claims.iat === 'number' ? claims.iat : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Logged-in sessions end when the password changes: a JWT issued in or before the second of the
 * change is refused. Refresh tokens are revoked separately by the session manager.
 */
export const refuseTokensOlderThanPassword = (strapi: Core.Strapi): void => {
  strapi.get('services').extend('plugin::users-permissions.jwt', (jwt: JwtService) => ({
    ...jwt,
    async verify(token: string) {
      const payload = await jwt.verify.call(jwt, token);
      // In refresh-session mode the verified payload omits `iat`; the token is authentic by now,
      // so reading it from the token itself is safe.
      const iat = typeof payload?.iat === 'number' ? payload.iat : issuedAt(token);
      if (payload?.id !== undefined && iat !== undefined) {
        const user = await strapi.db.query(USER).findOne({ where: { id: payload.id }, select: ['passwordChangedAt'] });
        const changedAt = Number(user?.passwordChangedAt ?? 0);
        if (changedAt > 0 && iat <= Math.floor(changedAt / 1000)) throw new Error('Invalid token.');
      }
      return payload;
    },
  }));
};

/** Unverified accounts cannot log in: users-permissions' own email_confirmation switch, kept on. */
export const requireConfirmedEmail = async (strapi: Core.Strapi): Promise<void> => {
  const store = strapi.store({ type: 'plugin', name: 'users-permissions' });
  const advanced = ((await store.get({ key: 'advanced' })) ?? {}) as Record<string, unknown>;
  if (advanced.email_confirmation !== true) {
    await store.set({ key: 'advanced', value: { ...advanced, email_confirmation: true } });
  }
};
