import type { Core } from '@strapi/strapi';
import { metricsOf } from '../operations/metrics';

/** Counts every request, its route template, status and time, for GET /api/metrics. */
const requestMetrics = (_config: unknown, { strapi }: { strapi: Core.Strapi }): Core.MiddlewareHandler => {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      metricsOf(strapi).observe(ctx, Number(process.hrtime.bigint() - started) / 1e9);
    }
  };
};

export default requestMetrics;
