import type { Core } from '@strapi/strapi';

/** What `strapi::cors` (@koa/cors) sets on an answer that is not a preflight. */
const CORS_HEADERS = ['Access-Control-Allow-Origin', 'Access-Control-Allow-Credentials', 'Access-Control-Expose-Headers'];

/**
 * `strapi::cors` treats a request without an `Origin` header as coming from any origin and, with
 * credentials on, echoes the missing origin: every such answer carried an empty
 * `Access-Control-Allow-Origin:`, which grants nothing and which header checkers flag. CORS does
 * not apply without an `Origin` (Fetch standard), so its headers are taken away there. Strapi
 * requires `strapi::cors` by name, hence this wrapper placed just before it rather than a
 * replacement. `Vary: Origin` stays: shared caches must still tell origins apart.
 */
const corsWithoutOrigin = (): Core.MiddlewareHandler => async (ctx, next) => {
  try {
    await next();
  } finally {
    if (!ctx.get('Origin')) for (const name of CORS_HEADERS) ctx.remove(name);
  }
};

export default corsWithoutOrigin;
