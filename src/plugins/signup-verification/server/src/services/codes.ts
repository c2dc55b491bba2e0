import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { Purpose, SignupVerificationConfig } from '../config';

const CODE = 'plugin::signup-verification.verification-code';

/** Codes stay a day past their expiry: a resend carries an unverified account's pending password on. */
const KEEP_EXPIRED_MS = 24 * 3_600_000;

export interface CodeRow {
  id: number;
  email: string;
  purpose: Purpose;
  codeHash: string;
  expiresAt: string | number;
  usedAt: string | number | null;
  pendingPasswordHash: string | null;
  returnTo: string | null;
}

export interface IssuedCode {
  /** The six digits, for the mail only: never stored, logged or answered. */
  code: string;
  expiresAt: number;
}

const codes = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.config.get('plugin::signup-verification') as SignupVerificationConfig;
  const query = () => strapi.db.query(CODE);
  // A dedicated key derived from the app keys: a leaked table alone does not give the codes away.
  const key = crypto
    .createHash('sha256')
    .update(`signup-verification:${String(strapi.config.get('server.app.keys', [''])[0])}`)
    .digest();
  const hmac = (email: string, purpose: Purpose, code: string) =>
    crypto.createHmac('sha256', key).update(`${purpose}\0${email}\0${code}`).digest('hex');

  const active = (email: string, purpose: Purpose) =>
    query().findOne({
      where: { email, purpose, usedAt: null, expiresAt: { $gt: Date.now() } },
      orderBy: { id: 'desc' },
    }) as Promise<CodeRow | null>;

  return {
    /** The most recent code of (email, purpose), live or not: a resend carries its pending password on. */
    latest: (email: string, purpose: Purpose) =>
      query().findOne({ where: { email, purpose }, orderBy: { id: 'desc' } }) as Promise<CodeRow | null>,

    /** Issues a fresh code for (email, purpose); every earlier one stops working. */
    async issue(
      email: string,
      purpose: Purpose,
      extras: { pendingPasswordHash?: string | null; returnTo?: string | null } = {}
    ): Promise<IssuedCode> {
      const code = crypto.randomInt(0, 1_000_000).toString().padStart(6, '0');
      const now = Date.now();
      const expiresAt = now + config().codeTtlMinutes * 60_000;
      await query().updateMany({ where: { email, purpose, usedAt: null }, data: { usedAt: now } });
      await query().create({
        data: {
          email,
          purpose,
          codeHash: hmac(email, purpose, code),
          expiresAt,
          pendingPasswordHash: extras.pendingPasswordHash ?? null,
          returnTo: extras.returnTo ?? null,
        },
      });
      return { code, expiresAt };
    },

    /**
     * Consumes the code if it is the live one for (email, purpose); null for a wrong, expired,
     * used or unknown code alike.
     */
    async consume(email: string, purpose: Purpose, code: string): Promise<CodeRow | null> {
      const row = await active(email, purpose);
      const expected = Buffer.from(row?.codeHash ?? hmac(email, purpose, 'no-code'), 'hex');
      const given = Buffer.from(hmac(email, purpose, code), 'hex');
      // Compared in constant time even when there is no code, so timing tells nothing either.
      if (!crypto.timingSafeEqual(expected, given) || !row) return null;
      // Marked used only if still unused: of two requests racing with the right code, one wins.
      const { count } = await query().updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: Date.now() } });
      return count === 1 ? row : null;
    },

    /** Deletes codes that expired more than a day ago; returns how many. */
    async prune(now = Date.now()): Promise<number> {
      const { count } = await query().deleteMany({ where: { expiresAt: { $lt: now - KEEP_EXPIRED_MS } } });
      return count;
    },
  };
};

export type CodesService = ReturnType<typeof codes>;
export default codes;
