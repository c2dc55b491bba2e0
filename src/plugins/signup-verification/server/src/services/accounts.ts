import bcrypt from 'bcryptjs';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Purpose, SignupVerificationConfig } from '../config';
import { LIMITS } from '../limits';
import { assertSignupsOpen, roleId } from '../users-permissions/settings';
import { getService } from '../utils/get-service';
import type { Locale } from './mailer';
import type { Tokens } from './sessions';

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
  newsletterWish?: boolean | null;
}

interface Newsletter {
  subscribeAccount(account: { id: number; email: string; locale?: Locale | null }): Promise<unknown>;
}

interface Verdict {
  allowed: boolean;
  retryAfterSeconds?: number;
}

interface Limiter {
  consume(name: string, subject: string): Promise<Verdict>;
  refund(name: string, subject: string): Promise<void>;
  tooManyRequests(retryAfterSeconds: number): Error;
}

interface PasswordPolicy {
  assert(password: unknown, identity: object, locale?: Locale): void;
  normalise(password: string): string;
}

/** The one answer to a wrong, expired, used or unknown code: it tells an attacker nothing. */
export const INVALID_CODE = 'Invalid or expired code.';

/**
 * Accounts on top of users-permissions: unverified until the emailed code comes back, reset by
 * code. Every limit is an atomic counter of the rate-limit plugin, so it holds however many
 * requests arrive at once and however many server processes share the database. Mails leave
 * through the outbox, so no answer waits on the relay.
 */
const accounts = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.config.get('plugin::signup-verification') as SignupVerificationConfig;
  const limiter = () => strapi.plugin('rate-limit').service('limiter') as Limiter;
  const policy = () => strapi.plugin('password-policy').service('policy') as PasswordPolicy;
  const findUser = async (email: string) => (await strapi.db.query(USER).findOne({ where: { email } })) as UserRow | null;
  const subject = (email: string, purpose: Purpose) => `${purpose}:${email}`;
  const localeOf = (user: UserRow | null, fallback?: Locale): Locale => (user?.locale ?? fallback ?? 'en') as Locale;

  /**
   * `newsletter: true` at signup becomes a subscription once the address is proven, not before.
   * The newsletter's failure must not fail the verification: it is logged and the wish kept.
   */
  const subscribeToNewsletter = async (user: UserRow) => {
    // An optional partner: without the newsletter plugin the wish is kept and nothing else happens (bootstrap says so once).
    const newsletter = strapi.plugin('newsletter');
    if (!newsletter) return;
    try {
      await (newsletter.service('subscribers') as Newsletter).subscribeAccount(user);
      await strapi.db.query(USER).update({ where: { id: user.id }, data: { newsletterWish: false } });
    } catch (error) {
      strapi.log.warn(`[signup-verification] account ${user.id} could not be subscribed to the newsletter: ${(error as Error).message}`);
    }
  };

  /**
   * Takes the right to send one more code to (email, purpose): the cooldown, then the hourly cap.
   * Each is one atomic upsert, so of ten parallel requests exactly one gets through.
   */
  const reserveCode = async (email: string, purpose: Purpose): Promise<Verdict> => {
    if (config().resendCooldownSeconds > 0) {
      const cooldown = await limiter().consume(LIMITS.codeCooldown, subject(email, purpose));
      if (!cooldown.allowed) return cooldown;
    }
    return limiter().consume(LIMITS.codesPerHour, subject(email, purpose));
  };

  /** Gives a reservation back when what it was for failed before any mail was queued. */
  const releaseCode = async (email: string, purpose: Purpose) => {
    if (config().resendCooldownSeconds > 0) await limiter().refund(LIMITS.codeCooldown, subject(email, purpose));
    await limiter().refund(LIMITS.codesPerHour, subject(email, purpose));
  };

  /** Issues a code (the previous one stops working) and queues its mail, which expires with it. */
  const queueCode = async (
    email: string,
    purpose: Purpose,
    locale: Locale,
    extras: { pendingPasswordHash?: string | null; returnTo?: string | null }
  ) => {
    const issued = await getService(strapi, 'codes').issue(email, purpose, extras);
    await getService(strapi, 'mailer').queue({
      kind: purpose,
      locale,
      to: email,
      values: { code: issued.code, minutes: String(config().codeTtlMinutes) },
      expiresAt: issued.expiresAt,
    });
  };

  /**
   * Judges a code. The try is counted before the comparison, in one atomic statement, and given
   * back only if the code was right: parallel guesses cannot all be judged before the count
   * catches up. Throws the uniform 400, or 429 once the tries of the hour are used up.
   */
  const judgeCode = async (email: string, purpose: Purpose, code: string) => {
    const verdict = await limiter().consume(LIMITS.wrongCodes, subject(email, purpose));
    if (!verdict.allowed) throw limiter().tooManyRequests(verdict.retryAfterSeconds ?? 1);
    const row = await getService(strapi, 'codes').consume(email, purpose, code);
    if (!row) throw new errors.ValidationError(INVALID_CODE);
    await limiter().refund(LIMITS.wrongCodes, subject(email, purpose));
    return row;
  };

  return {
    /**
     * Registration: a new account stays unverified until its code comes back; an unverified one
     * gets a fresh code (its new password applies only once verified); a verified owner is told
     * someone tried. The caller answers the same in every case.
     */
    async register(input: RegisterInput): Promise<void> {
      const { email, password, locale = 'en', returnTo } = input;
      const defaultRole = await assertSignupsOpen(strapi);
      const existing = await findUser(email);

      if (existing?.confirmed) {
        if ((await reserveCode(email, 'signup')).allowed) {
          await getService(strapi, 'mailer').queue({ kind: 'alreadyRegistered', locale: localeOf(existing, locale), to: email, values: {} });
        }
        return;
      }
      // Checked before anything is counted: a refused password must not use up the cooldown.
      if (existing) policy().assert(password, { email }, locale);
      if (!(await reserveCode(email, 'signup')).allowed) return;
      try {
        if (!existing) {
          // The password-policy document middleware checks the password again, with the identity.
          await strapi.documents(USER).create({
            data: {
              username: email,
              email,
              password,
              provider: 'local',
              confirmed: false,
              blocked: false,
              // Looked up only when an account is created.
              role: await roleId(strapi, defaultRole),
              firstName: input.firstName,
              lastName: input.lastName,
              organisation: input.organisation,
              country: input.country,
              locale,
              newsletterWish: input.newsletter === true,
            },
          });
        }
        // For an existing unverified account the new password waits on the code: whoever holds
        // the mailbox decides, not whoever registered last.
        const pendingPasswordHash = existing ? await bcrypt.hash(policy().normalise(password), 10) : null;
        await queueCode(email, 'signup', localeOf(existing, locale), { pendingPasswordHash, returnTo: returnTo ?? null });
      } catch (error) {
        await releaseCode(email, 'signup');
        throw error;
      }
    },

    /** Verifies the signup code: the account is confirmed, its pending password applied, a session opened. */
    async verifyEmail(email: string, code: string): Promise<{ user: object; tokens: Tokens; returnTo?: string }> {
      const row = await judgeCode(email, 'signup', code);
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
      if (user.newsletterWish) await subscribeToNewsletter(user);
      const tokens = await getService(strapi, 'sessions').open(user.id);
      const verified = await strapi.db.query(USER).findOne({ where: { id: user.id }, populate: ['role'] });
      return { user: verified, tokens, returnTo: row.returnTo ?? undefined };
    },

    /** Queues a new code when the account can use one; the caller answers the same regardless. */
    async resendCode(email: string, purpose: Purpose): Promise<void> {
      // Unknown emails use up the cooldown too, so 429s do not tell which addresses exist.
      const verdict = await reserveCode(email, purpose);
      if (!verdict.allowed) throw limiter().tooManyRequests(verdict.retryAfterSeconds ?? 1);
      const user = await findUser(email);
      const wanted = purpose === 'signup' ? user && !user.confirmed : user?.confirmed && !user.blocked;
      if (!user || !wanted) return;
      const previous = await getService(strapi, 'codes').latest(email, purpose);
      await queueCode(email, purpose, localeOf(user), {
        pendingPasswordHash: previous?.pendingPasswordHash ?? null,
        returnTo: previous?.returnTo ?? null,
      });
    },

    /** Queues a reset code for a known, verified account; silent for anyone else. */
    async forgotPassword(email: string, returnTo?: string): Promise<void> {
      // Counted for every address, so known and unknown ones take the same path up to the queue.
      const verdict = await reserveCode(email, 'reset');
      const user = await findUser(email);
      if (!verdict.allowed || !user?.confirmed || user.blocked) return;
      await queueCode(email, 'reset', localeOf(user), { returnTo: returnTo ?? null });
    },

    /** Sets a new password with a reset code, ends every session, and queues a notice. */
    async resetPassword(email: string, code: string, password: string): Promise<{ returnTo?: string }> {
      const row = await judgeCode(email, 'reset', code);
      const user = await findUser(email);
      if (!user?.confirmed) throw new errors.ValidationError(INVALID_CODE);
      // Through the document service: the password policy checks it again with the account's
      // identity, it is hashed there, and the change is stamped (older tokens stop working).
      await strapi.documents(USER).update({ documentId: user.documentId, data: { password } as never });
      await getService(strapi, 'sessions').endAll(user.id);
      await getService(strapi, 'mailer').queue({ kind: 'resetNotice', locale: localeOf(user), to: email, values: {} });
      return { returnTo: row.returnTo ?? undefined };
    },
  };
};

export type AccountsService = ReturnType<typeof accounts>;
export default accounts;
