import type { Core } from '@strapi/strapi';
import etag from 'etag';

export interface HttpCacheConfig {
  /** Seconds a browser or CDN may reuse a public answer without asking (HTTP_CACHE_MAX_AGE). */
  maxAge: number;
  /** Seconds after that it may still serve it while it checks again (HTTP_CACHE_STALE_WHILE_REVALIDATE). */
  staleWhileRevalidate: number;
  /** Content-API path prefixes whose public answers are cacheable. */
  prefixes: string[];
}

const DEFAULT_PREFIXES = ['/api/articles', '/api/people', '/api/meetings', '/api/topics', '/api/video-assets'];

const covers = (prefixes: string[], path: string) => prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

/**
 * HTTP caching of public content-API answers: an `ETag` over the answer, `304` when the client's
 * `If-None-Match` holds it, and `Cache-Control: public, max-age, stale-while-revalidate`. An
 * answer to a request with credentials (`Authorization`) is never marked public, and carries
 * `private, no-store`: it may hold drafts or fields the public does not see.
 */
const httpCache = (config: Partial<HttpCacheConfig>, _context: { strapi: Core.Strapi }): Core.MiddlewareHandler => {
  const maxAge = config.maxAge ?? 30;
  const stale = config.staleWhileRevalidate ?? 60;
  const prefixes = config.prefixes ?? DEFAULT_PREFIXES;
  return async (ctx, next) => {
    await next();
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || !covers(prefixes, ctx.path)) return;
    // Shared caches must keep answers to anonymous and authenticated requests apart.
    ctx.vary('Authorization');
    if (ctx.get('authorization')) {
      ctx.set('Cache-Control', 'private, no-store');
      return;
    }
    const body = ctx.body as unknown;
    if (ctx.status !== 200 || body === null || typeof body !== 'object' || Buffer.isBuffer(body) || typeof (body as { pipe?: unknown }).pipe === 'function') {
      return;
    }
    const json = JSON.stringify(body);
    ctx.set('ETag', etag(json));
    ctx.set('Cache-Control', `public, max-age=${maxAge}, stale-while-revalidate=${stale}`);
    // Koa's `fresh` compares If-None-Match with the ETag (GET/HEAD, 2xx only).
    if (ctx.fresh) {
      ctx.body = null;
      ctx.status = 304;
      return;
    }
    ctx.body = json;
    ctx.type = 'application/json; charset=utf-8';
  };
};

export default httpCache;
