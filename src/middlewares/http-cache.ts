import type { Core } from '@strapi/strapi';
import etag from 'etag';
import fresh from 'fresh';
import type { Context } from 'koa';
import { type CachedAnswer, responseCacheOf } from '../content/response-cache';

export interface HttpCacheConfig {
  /** Seconds a browser or CDN may reuse a public answer without asking (HTTP_CACHE_MAX_AGE). */
  maxAge: number;
  /** Seconds after that it may still serve it while it checks again (HTTP_CACHE_STALE_WHILE_REVALIDATE). */
  staleWhileRevalidate: number;
  /** Content-API path prefixes whose public answers are cacheable. */
  prefixes: string[];
}

const DEFAULT_PREFIXES = ['/api/articles', '/api/people', '/api/meetings', '/api/topics', '/api/video-assets'];

/**
 * Whether the client's `If-None-Match` holds `tag`. Not Koa's `ctx.fresh`: it refuses any request
 * with `Cache-Control: no-cache`, which `fetch()` adds to every request carrying If-None-Match. That
 * directive asks caches on the way to validate with the origin (RFC 9111 §5.2.1.4); we are the
 * origin, so we validate: only the If-None-Match header goes to `fresh`.
 */
const validates = (ctx: Context, tag: string) => fresh({ 'if-none-match': ctx.get('If-None-Match') || undefined }, { etag: tag });

const covers = (prefixes: string[], path: string) => prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

/**
 * HTTP caching of public content-API answers: an `ETag` over the answer, `304` when the client's
 * `If-None-Match` holds it, and `Cache-Control: public, max-age, stale-while-revalidate`. An
 * answer to a request with credentials (`Authorization`) is never marked public, and carries
 * `private, no-store`: it may hold drafts or fields the public does not see.
 *
 * Public answers are also kept in the app's response cache (`src/content/response-cache.ts`),
 * emptied by any content change in any process; `X-Cache: HIT` or `MISS` says which.
 */
const httpCache = (config: Partial<HttpCacheConfig>, { strapi }: { strapi: Core.Strapi }): Core.MiddlewareHandler => {
  const maxAge = config.maxAge ?? 30;
  const stale = config.staleWhileRevalidate ?? 60;
  const prefixes = config.prefixes ?? DEFAULT_PREFIXES;
  const cache = responseCacheOf(strapi);

  const answer = (ctx: Context, cached: CachedAnswer) => {
    ctx.set('ETag', cached.etag);
    ctx.set('Cache-Control', `public, max-age=${maxAge}, stale-while-revalidate=${stale}`);
    ctx.status = 200;
    if (validates(ctx, cached.etag)) {
      ctx.body = null;
      ctx.status = 304;
      return;
    }
    ctx.body = cached.json;
    ctx.type = 'application/json; charset=utf-8';
  };

  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || !covers(prefixes, ctx.path)) return next();
    // Shared caches must keep answers to anonymous and authenticated requests apart.
    ctx.vary('Authorization');
    if (ctx.get('authorization')) {
      await next();
      ctx.set('Cache-Control', 'private, no-store');
      return;
    }
    const hit = cache.get(ctx.url);
    if (hit) {
      ctx.set('X-Cache', 'HIT');
      answer(ctx, hit);
      return;
    }
    const generation = cache.generation();
    await next();
    const body = ctx.body as unknown;
    if (ctx.status !== 200 || body === null || typeof body !== 'object' || Buffer.isBuffer(body) || typeof (body as { pipe?: unknown }).pipe === 'function') {
      return;
    }
    const json = JSON.stringify(body);
    const made = { json, etag: etag(json) };
    if (cache.enabled) {
      cache.set(ctx.url, made, generation);
      ctx.set('X-Cache', 'MISS');
    }
    answer(ctx, made);
  };
};

export default httpCache;
