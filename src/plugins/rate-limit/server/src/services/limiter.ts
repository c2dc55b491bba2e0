import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  RateLimiterPostgres,
  RateLimiterRes,
  RateLimiterSQLite,
  type RateLimiterStoreAbstract,
} from 'rate-limiter-flexible';
import type { Limit, RateLimitConfig } from '../config';

export type Verdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The 429 every limit answers; the retry-after middleware turns `retryAfter` into the header. */
export const tooManyRequests = (retryAfterSeconds: number) =>
  new errors.RateLimitError(`Too many requests; try again in ${retryAfterSeconds} s.`, { retryAfter: retryAfterSeconds });

const secondsUntil = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/**
 * Named limits over `rate-limiter-flexible`'s SQL stores, on Strapi's own knex connection: each
 * request is counted by one atomic upsert (`INSERT … ON CONFLICT DO UPDATE … RETURNING`), so every
 * server process sharing the database shares every limit, and parallel requests cannot slip past
 * a limit between a read and a write.
 */
const limiter = ({ strapi }: { strapi: Core.Strapi }) => {
  const declared = new Map<string, Limit>();
  const stores = new Map<string, RateLimiterStoreAbstract>();
  const config = () => strapi.config.get('plugin::rate-limit') as RateLimitConfig;
  // Keys are HMACs, so the table holds no IP addresses or emails in clear.
  const secret = crypto
    .createHash('sha256')
    .update(`rate-limit:${String(strapi.config.get('server.app.keys', [''])[0])}`)
    .digest();
  const digest = (subject: string) => crypto.createHmac('sha256', secret).update(subject).digest('hex');
  const knex = () => strapi.db.connection;
  const refusalListeners = new Set<(name: string) => void>();

  const limitOf = (name: string): Limit => {
    const limit = config().limits[name] ?? declared.get(name);
    if (!limit) throw new Error(`rate-limit: no limit named "${name}" was declared`);
    return limit;
  };

  const store = (name: string): RateLimiterStoreAbstract => {
    const existing = stores.get(name);
    if (existing) return existing;
    const limit = limitOf(name);
    const options = {
      storeClient: knex(),
      storeType: 'knex',
      tableName: config().tableName,
      // bootstrap() created the table; expired rows are pruned by the plugin's cron job.
      tableCreated: true,
      clearExpiredByTimeout: false,
      keyPrefix: name,
      points: limit.max,
      duration: limit.windowSeconds,
    };
    const client = String(knex().client.config.client);
    const created =
      client === 'pg' || client === 'postgres'
        ? new RateLimiterPostgres({ ...options, schemaName: knex().client.config.connection?.schema })
        : new RateLimiterSQLite(options);
    stores.set(name, created);
    return created;
  };

  return {
    /**
     * Declares a limit under `name` (by convention `<plugin>.<what>`), with its default; the
     * rate-limit plugin's `limits` config overrides it. Plugins call this in `register()`.
     */
    declare(name: string, defaults: Limit): void {
      declared.set(name, defaults);
      stores.delete(name);
    },

    /** Calls `listener` with the limit's name each time a limit refuses (metrics count them); returns the unsubscribe. */
    onRefusal(listener: (name: string) => void): () => void {
      refusalListeners.add(listener);
      return () => refusalListeners.delete(listener);
    },

    /** The names declared so far. */
    declaredNames: (): string[] => [...declared.keys()],

    /** The limit in force under `name`: the configured override or the declared default. */
    limitOf,

    /**
     * Counts one event of `subject` (an IP, an email…) under `name` and says whether it fits the
     * limit. Counted and judged in one statement: the answer holds under any concurrency.
     */
    async consume(name: string, subject: string): Promise<Verdict> {
      try {
        await store(name).consume(digest(subject));
        return { allowed: true };
      } catch (error) {
        if (error instanceof RateLimiterRes) {
          for (const listener of refusalListeners) listener(name);
          return { allowed: false, retryAfterSeconds: secondsUntil(error) };
        }
        throw error;
      }
    },

    /** `consume`, throwing the 429 when the limit is used up. */
    async enforce(name: string, subject: string): Promise<void> {
      const verdict = await this.consume(name, subject);
      if (!verdict.allowed) throw tooManyRequests(verdict.retryAfterSeconds);
    },

    /** Gives back one event counted by `consume` (e.g. a reserved try that turned out right). */
    async refund(name: string, subject: string): Promise<void> {
      await store(name).reward(digest(subject), 1);
    },

    /** The 429 error for `retryAfterSeconds`, for callers that decide on their own. */
    tooManyRequests,

    /** Forgets every counter under `name`, or all of them: an operator lifting a block, or tests. */
    async reset(name?: string): Promise<void> {
      const table = knex()(config().tableName);
      await (name ? table.where('key', 'like', `${name}:%`) : table).del();
    },

    /** Deletes counters whose window ended before `now`; returns how many. */
    async prune(now = Date.now()): Promise<number> {
      return knex()(config().tableName).where('expire', '<', now).del();
    },
  };
};

export type LimiterService = ReturnType<typeof limiter>;
export default limiter;
