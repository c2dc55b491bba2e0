import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';

export interface IpLimitConfig {
  /** Name of a declared limit, e.g. `signup-verification.verify`. */
  limit: string;
}

/**
 * Route middleware: one request of the client's IP counted under a declared limit; 429 with
 * Retry-After once it is used up. Behind a proxy the IP is the one the trusted proxy saw
 * (TRUST_PROXY, config/server.ts).
 */
const ipLimit = (config: IpLimitConfig, { strapi }: { strapi: Core.Strapi }): Core.MiddlewareHandler => {
  getService(strapi, 'limiter').limitOf(config.limit);
  return async (ctx, next) => {
    await getService(strapi, 'limiter').enforce(config.limit, `ip:${ctx.request.ip}`);
    await next();
  };
};

export default ipLimit;
