import bcrypt from 'bcryptjs';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { type LimiterService, tooManyRequests } from '../../../../../api/rate-limit/services/limiter';
import type { Purpose, SignupVerificationConfig } from '../config';
import { getService } from '../utils/get-service';
import type { Locale } from './mailer';

const USER = 'plugin::users-permissions.user';

export interface RegisterInput {
  email: string;
  password: string;
  firstName?: string;
  lastName?: string;
  organisation?: string;
  country?: string;
  newsletter?: boolean;
  locale?: Locale;
  returnTo?: string;
}

interface UserRow {
  id: number;
  documentId: string;
  email: string;
  confirmed: boolean;
  blocked: boolean;
  locale?: Locale | null;
}

/** The one answer to a wrong, expired, used or unknown code: it tells an attacker nothing. */
export const INVALID_CODE = 'Invalid or expired code.';

/**
 * Accounts on top of users-permissions: unverified until the emailed code comes back, reset by
 * code, every limit counted in the database.
 */
const accounts = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.config.get('plugin::signup-verification') as SignupVerificationConfig;
  const now = () => getService(strapi, 'clock').now();
  // The app's database-backed limiter, shared with password-policy and the route middleware.
  const limiter = () => strapi.service('api::rate-limit.limiter') as LimiterService;
  const policy = () =>
    strapi.plugin('password-policy').service('policy') as {
      assert(password: unknown, identity: object, locale?: Locale): void;
      normalise(password: string): string;
    };

  const findUser = async (email: string) =>
    (await strapi.db.query(USER).findOne({ where: { email } })) as UserRow | null;
  const subject = (email: string, purpose: Purpose) => `${purpose}:${email}`;
  const hour = { windowSeconds: 3600 };

  /** Whether another code may be sent now for (email, purpose): cooldown, then the hourly cap. */
  const codeAllowance = async (email: string, purpose: Purpose) => {
    const { resendCooldownSeconds, maxCodesPerHour } = config();
    const key = subject(email, purpose);
    if (resendCooldownSeconds > 0) {
      const cooldown = await limiter().peek('code-cooldown', key, { max: 1, windowSeconds: resendCooldownSeconds }, now());
      if (!cooldown.allowed) return cooldown;
    }
    return limiter().peek('code-hourly', key, { max: maxCodesPerHour, ...hour }, now());
  };

  const countCodeSent = async (email: string, purpose: Purpose) => {
    await limiter().record('code-cooldown', subject(email, purpose), now());
    await limiter().record('code-hourly', subject(email, purpose), now());
  };

  /**
   * Issues a code and mails it. If the mail cannot be sent the code is removed again and the
   * caller gets the 503: no live code exists that nobody received, and no limit was used up.
   */
  const sendCode = async (
    email: string,
    purpose: Purpose,
    locale: Locale,
    extras: { pendingPasswordHash?: string | null; returnTo?: string | null }
  ) => {
    const issued = await getService(strapi, 'codes').issue(email, purpose, extras);
    try {
      await getService(strapi, 'mailer').send(purpose, locale, email, {
        code: issued.code,
        minutes: String(config().codeTtlMinutes),
      });
    } catch (error) {
      await getService(strapi, 'codes').discard(issued.id);
      throw error;
    }
    await countCodeSent(email, purpose);
  };

  /** Consumes a code, counting wrong ones; throws the uniform 400, or 429 after too many. */
  const consumeCode = async (email: string, purpose: Purpose, code: string) => {
    const failures = { max: config().maxWrongTries, ...hour };
    const key = subject(email, purpose);
    const allowance = await limiter().peek('code-failures', key, failures, now());
    if (!allowance.allowed) throw tooManyRequests(allowance.retryAfterSeconds);
    const row = await getService(strapi, 'codes').consume(email, purpose, code);
    if (!row) {
      await limiter().record('code-failures', key, now());
      throw new errors.ValidationError(INVALID_CODE);
    }
    return row;
  };

  const localeOf = (user: UserRow | null, fallback?: Locale): Locale => (user?.locale ?? fallback ?? 'en') as Locale;

  return {
    /** A JWT for the user, plus a refresh token when users-permissions runs refresh sessions. */
    async tokensFor(userId: number): Promise<{ jwt: string; refreshToken?: string }> {
      const mode: string = strapi.config.get('plugin::users-permissions.jwtManagement', 'legacy-support');
      if (mode === 'refresh') {
        const sessions = strapi.sessionManager('users-permissions');
        const refresh = await sessions.generateRefreshToken(String(userId), undefined, { type: 'refresh' });
        const access = await sessions.generateAccessToken(refresh.token);
        if ('error' in access) throw new errors.ApplicationError('Could not open a session');
        return { jwt: access.token, refreshToken: refresh.token };
      }
      return { jwt: strapi.plugin('users-permissions').service('jwt').issue({ id: userId }) as string };
    },

    /**
     * Registration: a new account stays unverified until its code comes back; an unverified one
     * gets a fresh code (its new password applies only once verified); a verified owner is told
     * someone tried. The caller answers the same in every case.
     */
    async register(input: RegisterInput): Promise<void> {
      const { email, password, locale = 'en', returnTo } = input;
      const existing = await findUser(email);
      const allowance = await codeAllowance(email, 'signup');

      if (existing?.confirmed) {
        if (allowance.allowed) {
          await getService(strapi, 'mailer').send('alreadyRegistered', localeOf(existing, locale), email, {});
          await countCodeSent(email, 'signup');
        }
        return;
      }

      // A new account's password is checked by password-policy in the document service; one that
      // waits on a code is hashed here, so it is checked here.
      if (existing) policy().assert(password, { email }, locale);
      if (!existing) {
        const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
        await strapi.documents(USER).create({
          data: {
            username: email,
            email,
            password,
            provider: 'local',
            confirmed: false,
            blocked: false,
            role: role?.id,
            firstName: input.firstName,
            lastName: input.lastName,
            organisation: input.organisation,
            country: input.country,
            locale,
            newsletterWish: input.newsletter === true,
          },
        });
      }
      if (!allowance.allowed) return;
      // For an existing unverified account the new password waits on the code: whoever holds the
      // mailbox decides, not whoever registered last. It was checked above, before anything else.
      const pendingPasswordHash = existing ? await bcrypt.hash(policy().normalise(password), 10) : null;
      await sendCode(email, 'signup', localeOf(existing, locale), { pendingPasswordHash, returnTo: returnTo ?? null });
    },

    /** Verifies the signup code; the account is confirmed and its pending password applied. */
    async verifyEmail(email: string, code: string): Promise<{ user: UserRow; returnTo?: string }> {
      const row = await consumeCode(email, 'signup', code);
      const user = await findUser(email);
      if (!user || user.confirmed) throw new errors.ValidationError(INVALID_CODE);
      // Already hashed (bcrypt of the NFKC form), so written as it is rather than through the
      // document service, which would hash it a second time.
      await strapi.db.query(USER).update({
        where: { id: user.id },
        data: {
          confirmed: true,
          ...(row.pendingPasswordHash ? { password: row.pendingPasswordHash, passwordChangedAt: Date.now() } : {}),
        },
      });
      return { user: { ...user, confirmed: true }, returnTo: row.returnTo ?? undefined };
    },

    /** Sends a new code when the account can use one; the caller answers the same regardless. */
    async resendCode(email: string, purpose: Purpose): Promise<void> {
      const allowance = await codeAllowance(email, purpose);
      if (!allowance.allowed) throw tooManyRequests(allowance.retryAfterSeconds);
      const user = await findUser(email);
      const wanted = purpose === 'signup' ? user && !user.confirmed : user?.confirmed && !user.blocked;
      if (!user || !wanted) {
        // Unknown emails use up the cooldown too, so 429s do not tell which addresses exist.
        await countCodeSent(email, purpose);
        return;
      }
      const previous = await getService(strapi, 'codes').latest(email, purpose);
      await sendCode(email, purpose, localeOf(user), {
        pendingPasswordHash: previous?.pendingPasswordHash ?? null,
        returnTo: previous?.returnTo ?? null,
      });
    },

    /** Mails a reset code to a known, verified account; silent for anyone else. */
    async forgotPassword(email: string, returnTo?: string): Promise<void> {
      const user = await findUser(email);
      if (!user?.confirmed || user.blocked) return;
      const allowance = await codeAllowance(email, 'reset');
      if (!allowance.allowed) return;
      try {
        await sendCode(email, 'reset', localeOf(user), { returnTo: returnTo ?? null });
      } catch (error) {
        // A 503 here would tell which addresses have accounts; the failure is logged instead.
        strapi.log.warn('[signup-verification] a reset code could not be mailed; the user may ask again');
      }
    },

    /** Sets a new password with a reset code, ends every session, and mails a notice. */
    async resetPassword(email: string, code: string, password: string): Promise<{ returnTo?: string }> {
      const row = await consumeCode(email, 'reset', code);
      const user = await findUser(email);
      if (!user?.confirmed) throw new errors.ValidationError(INVALID_CODE);
      // Through the document service: the password policy checks it again with the account's
      // identity, and it is hashed there.
      await strapi.documents(USER).update({
        documentId: user.documentId,
        // Real time, not the plugin clock: it is compared with the `iat` of JWTs.
        data: { password, passwordChangedAt: Date.now() } as never,
      });
      await strapi.sessionManager('users-permissions').invalidateRefreshToken(String(user.id));
      try {
        await getService(strapi, 'mailer').send('resetNotice', localeOf(user), email, {});
      } catch {
        strapi.log.warn('[signup-verification] the password-changed notice could not be mailed');
      }
      return { returnTo: row.returnTo ?? undefined };
    },
  };
};

export type AccountsService = ReturnType<typeof accounts>;
export default accounts;
