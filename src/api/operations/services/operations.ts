import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import type { OperationsConfig } from '../../../operations/config';
import { lifecycleOf } from '../../../operations/lifecycle';
import { metricsOf } from '../../../operations/metrics';

/** How long the database may take to answer readiness's `SELECT 1`. */
const DATABASE_CHECK_MS = 2000;

export type Readiness =
  | { status: 'ready' }
  | { status: 'unavailable'; failing: 'boot' | 'shutdown' | 'database'; message: string };

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest();

const withTimeout = <T>(work: Promise<T>, ms: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
};

const operations = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.config.get('operations') as OperationsConfig;

  return {
    /** Ready when boot is done, no stop was asked for, and the database answers in time. */
    async readiness(): Promise<Readiness> {
      const phase = lifecycleOf(strapi).phase();
      if (phase === 'draining') return { status: 'unavailable', failing: 'shutdown', message: 'This process is shutting down.' };
      if (phase === 'booting') return { status: 'unavailable', failing: 'boot', message: 'This process is still starting.' };
      try {
        await withTimeout(strapi.db.connection.raw('SELECT 1'), DATABASE_CHECK_MS);
      } catch (error) {
        // The reason goes to the log only: a driver's message can name hosts and users.
        strapi.log.warn(`[health] the database check failed: ${(error as Error).message}`);
        return { status: 'unavailable', failing: 'database', message: 'The database does not answer.' };
      }
      return { status: 'ready' };
    },

    /**
     * Lets the request through when it carries `Authorization: Bearer <METRICS_TOKEN>`: 404 when
     * no token is set (the route is off), 401 otherwise. Compared as digests, in constant time.
     */
    authorize(ctx: Context): void {
      const token = config().metricsToken;
      if (!token) throw new errors.NotFoundError('Not Found');
      const [scheme, given] = (ctx.get('Authorization') || '').split(' ');
      if (scheme?.toLowerCase() !== 'bearer' || !given || !crypto.timingSafeEqual(sha256(given), sha256(token))) {
        ctx.set('WWW-Authenticate', 'Bearer realm="metrics"');
        throw new errors.UnauthorizedError('Send the metrics token as Authorization: Bearer <METRICS_TOKEN>.');
      }
    },

    metrics: () => metricsOf(strapi).render(),

    /** What SIGTERM does before Strapi's destroy: readiness 503, work handed back, requests finished. */
    drain: () => lifecycleOf(strapi).drain(),
  };
};

export type OperationsService = ReturnType<typeof operations>;
export default operations;
