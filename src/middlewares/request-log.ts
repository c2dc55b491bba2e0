import type { Core } from '@strapi/strapi';
import { redactUrl, SENSITIVE_QUERY_PARAMETERS } from '../logging/redact-url';

export interface RequestLogConfig {
  /** More query parameters to redact, beyond SENSITIVE_QUERY_PARAMETERS. */
  redact?: string[];
}

/**
 * Replaces `strapi::logger`: the same line per request (method, URL, time, status), with the
 * values of sensitive query parameters (codes, tokens, signatures of signed links) redacted.
 */
const requestLog = (config: RequestLogConfig, { strapi }: { strapi: Core.Strapi }): Core.MiddlewareHandler => {
  const names = [...SENSITIVE_QUERY_PARAMETERS, ...(config?.redact ?? [])];
  return async (ctx, next) => {
    const start = Date.now();
    try {
      await next();
    } finally {
      const delta = Math.ceil(Date.now() - start);
      strapi.log.http(`${ctx.method} ${redactUrl(ctx.url, names)} (${delta} ms) ${ctx.status}`);
    }
  };
};

export default requestLog;
