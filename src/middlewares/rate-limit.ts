import type { Core } from '@strapi/strapi';
import { type Limit, type LimiterService, tooManyRequests } from '../api/rate-limit/services/limiter';

export interface RateLimitConfig {
  /** Name of the counter, e.g. `password-check`. */
  bucket: string;
  /** Config path holding the `{ max, windowSeconds }` of this limit, e.g. `plugin::password-policy.checkRateLimit`. */
  limitFrom: string;
}

/**
 * Route middleware: a per-IP limit from the database-backed limiter. Answers 429 with
 * Retry-After once the client's IP has used its requests for the window.
 */
const rateLimit = (config: RateLimitConfig, { strapi }: { strapi: Core.Strapi }): Core.MiddlewareHandler => {
  const limiter = () => strapi.service('api::rate-limit.limiter') as LimiterService;
  return async (ctx, next) => {
    const limit = strapi.config.get(config.limitFrom) as Limit;
    const verdict = await limiter().hit(config.bucket, ctx.request.ip, limit);
    if (!verdict.allowed) throw tooManyRequests(verdict.retryAfterSeconds);
    await next();
  };
};

export default rateLimit;
