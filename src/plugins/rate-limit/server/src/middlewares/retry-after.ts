import type { Core } from '@strapi/strapi';

/**
 * App-level, placed before `strapi::errors` so it sees the formatted answer: every 429 whose error
 * says how long to wait gets a Retry-After header, wherever the RateLimitError was thrown.
 */
const retryAfter: Core.MiddlewareFactory = () => async (ctx, next) => {
  await next();
  const seconds = (ctx.body as { error?: { details?: { retryAfter?: unknown } } } | undefined)?.error?.details
    ?.retryAfter;
  if (ctx.status === 429 && typeof seconds === 'number') ctx.set('Retry-After', String(seconds));
};

export default retryAfter;
