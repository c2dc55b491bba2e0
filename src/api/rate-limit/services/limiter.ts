import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

const HIT = 'api::rate-limit.hit';

export interface Limit {
  /** Requests accepted per window. */
  max: number;
  windowSeconds: number;
}

/** The 429 every limit answers; global::retry-after turns `retryAfter` into the Retry-After header. */
export const tooManyRequests = (retryAfterSeconds: number) =>
  new errors.RateLimitError(`Too many requests; try again in ${retryAfterSeconds} s.`, { retryAfter: retryAfterSeconds });

export type Verdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Sliding-window rate limits kept in the database, so that every server process sharing it
 * enforces the same limit (an in-memory counter would multiply the limit by the process count).
 */
const limiter = ({ strapi }: { strapi: Core.Strapi }) => {
  // Keys are HMACs, so the table holds no IP addresses or emails in clear.
  const secret = String(strapi.config.get('server.app.keys', ['newsreel'])[0]);
  const digest = (bucket: string, subject: string) =>
    crypto.createHmac('sha256', secret).update(`${bucket}\0${subject}`).digest('hex');

  const query = () => strapi.db.query(HIT);
  const inWindow = (bucket: string, key: string, limit: Limit, now: number) => ({
    bucket,
    key,
    at: { $gt: now - limit.windowSeconds * 1000 },
  });

  /** Seconds until the oldest hit in the window leaves it. */
  const retryAfter = async (bucket: string, key: string, limit: Limit, now: number) => {
    const oldest = await query().findOne({ where: inWindow(bucket, key, limit, now), orderBy: { at: 'asc' } });
    const freedAt = Number(oldest?.at ?? now) + limit.windowSeconds * 1000;
    return Math.max(1, Math.ceil((freedAt - now) / 1000));
  };

  return {
    /**
     * Counts one request of `subject` (an IP, an email…) in `bucket`, unless that would exceed
     * `limit`; then says how long to wait.
     */
    async hit(bucket: string, subject: string, limit: Limit, now = Date.now()): Promise<Verdict> {
      const key = digest(bucket, subject);
      await query().deleteMany({ where: { bucket, key, at: { $lte: now - limit.windowSeconds * 1000 } } });
      const mine = await query().create({ data: { bucket, key, at: now } });
      // Counted after our own insert: two requests racing for the last place both see each
      // other, so neither slips past the limit (at worst both are refused).
      const count = await query().count({ where: inWindow(bucket, key, limit, now) });
      if (count <= limit.max) return { allowed: true };
      await query().delete({ where: { id: mine.id } });
      return { allowed: false, retryAfterSeconds: await retryAfter(bucket, key, limit, now) };
    },

    /** Whether one more hit would be allowed, counting nothing. */
    async peek(bucket: string, subject: string, limit: Limit, now = Date.now()): Promise<Verdict> {
      const key = digest(bucket, subject);
      const count = await query().count({ where: inWindow(bucket, key, limit, now) });
      if (count < limit.max) return { allowed: true };
      return { allowed: false, retryAfterSeconds: await retryAfter(bucket, key, limit, now) };
    },

    /** Counts one event without checking it, e.g. a wrong code once it has been judged. */
    async record(bucket: string, subject: string, now = Date.now()): Promise<void> {
      await query().create({ data: { bucket, key: digest(bucket, subject), at: now } });
    },

    /** Forgets every hit of `bucket` (tests, or an operator lifting a block). */
    async reset(bucket: string): Promise<void> {
      await strapi.db.query(HIT).deleteMany({ where: { bucket } });
    },
  };
};

export type LimiterService = ReturnType<typeof limiter>;
export default limiter;
