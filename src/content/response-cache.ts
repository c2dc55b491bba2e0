import crypto from 'node:crypto';
import type { Core, Modules } from '@strapi/strapi';
import { LRUCache } from 'lru-cache';
import pg from 'pg';

/** One public answer, as sent. */
export interface CachedAnswer {
  json: string;
  etag: string;
}

/** PostgreSQL channel on which a process says "content changed" to the others. */
const CHANNEL = 'newsreel_content_changed';

/**
 * The app's cache of public content-API answers. Any change of content empties it: every
 * process's copy, through PostgreSQL `NOTIFY` (SQLite serves one process). A generation number
 * keeps an answer computed before a change from being stored after it; values kept until the next
 * change (`keptUntilChange`: the public role's permissions, the default locale) use it too, so the
 * channel is listened to even when no answer is kept.
 */
export interface ResponseCache {
  /** False when RESPONSE_CACHE_MB is 0: no answer is kept. */
  readonly enabled: boolean;
  generation(): number;
  /** Whether this process hears every change: SQLite (one process), or PostgreSQL with its LISTEN connected. */
  live(): boolean;
  get(key: string): CachedAnswer | undefined;
  /** Stores the answer unless content changed since `generation` was read. */
  set(key: string, answer: CachedAnswer, generation: number): void;
  /** Forgets every answer here and tells the other processes. */
  invalidate(): Promise<void>;
  /** PostgreSQL: starts listening to the other processes. */
  listen(): Promise<void>;
  close(): Promise<void>;
}

const caches = new WeakMap<Core.Strapi, ResponseCache>();

const create = (strapi: Core.Strapi): ResponseCache => {
  // config/response-cache.ts (RESPONSE_CACHE_MB).
  const maxBytes = Number(strapi.config.get('response-cache.maxMiB', 64)) * 1024 * 1024;
  const enabled = maxBytes > 0;
  const me = crypto.randomUUID();
  const entries = new LRUCache<string, CachedAnswer>({ maxSize: Math.max(1, maxBytes), sizeCalculation: (answer) => answer.json.length + answer.etag.length + 64 });
  const postgres = () => strapi.db.dialect.client === 'postgres';
  let generation = 0;
  let client: pg.Client | undefined;
  let closed = false;
  const clear = () => {
    generation += 1;
    entries.clear();
  };

  const connect = async () => {
    const settings = (strapi.db.connection.client as { connectionSettings: pg.ClientConfig }).connectionSettings;
    const listener = new pg.Client(settings);
    listener.on('notification', (message) => {
      if (message.payload !== me) clear();
    });
    listener.on('error', (error) => {
      strapi.log.warn(`[response-cache] lost the PostgreSQL listener (${error.message}); reconnecting`);
      // Changes may have been missed meanwhile.
      clear();
      client = undefined;
      listener.end().catch(() => undefined);
      if (!closed) setTimeout(() => void connect().catch(() => undefined), 1000).unref();
    });
    await listener.connect();
    await listener.query(`LISTEN ${CHANNEL}`);
    client = listener;
    clear();
  };

  return {
    enabled,
    generation: () => generation,
    live: () => !postgres() || client !== undefined,
    get: (key) => (enabled ? entries.get(key) : undefined),
    set(key, answer, at) {
      if (enabled && at === generation) entries.set(key, answer);
    },
    async invalidate() {
      clear();
      if (postgres()) await strapi.db.connection.raw('select pg_notify(?, ?)', [CHANNEL, me]);
    },
    async listen() {
      if (postgres()) await connect();
    },
    async close() {
      closed = true;
      await client?.end().catch(() => undefined);
      client = undefined;
    },
  };
};

/** This app's response cache (one per Strapi instance). */
export const responseCacheOf = (strapi: Core.Strapi): ResponseCache => {
  let cache = caches.get(strapi);
  if (!cache) {
    cache = create(strapi);
    caches.set(strapi, cache);
  }
  return cache;
};

const WRITES = new Set(['create', 'update', 'delete', 'publish', 'unpublish', 'discardDraft']);

/**
 * Document-service middleware: after any write of content that can appear in an answer, the
 * cache is emptied (here and, through PostgreSQL, in every process).
 */
export const invalidateOnWrite =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (context, next) => {
    const result = await next();
    if (WRITES.has(context.action) && context.uid.startsWith('api::')) await responseCacheOf(strapi).invalidate();
    return result;
  };

/**
 * Which relations and types an anonymous answer shows follows the public role's permissions.
 * Users & Permissions writes them with `strapi.db.query` (no document service), so a database
 * lifecycle is the one place that sees a change; it empties the cache as a content change does.
 */
export const invalidateOnPermissionChange = (strapi: Core.Strapi) => {
  const invalidate = () => responseCacheOf(strapi).invalidate();
  strapi.db.lifecycles.subscribe({
    models: ['plugin::users-permissions.permission'],
    afterCreate: invalidate,
    afterCreateMany: invalidate,
    afterUpdate: invalidate,
    afterUpdateMany: invalidate,
    afterDelete: invalidate,
    afterDeleteMany: invalidate,
  });
};

/**
 * `load()`'s answer, kept until the next change of content or permissions in any process (the
 * cache's generation), and only while this process hears them all (`live`): a change made
 * elsewhere while the PostgreSQL listener is down could not be seen. A failure is not kept.
 */
export const keptUntilChange = <T>(strapi: Core.Strapi, load: () => Promise<T>): (() => Promise<T>) => {
  let kept: { generation: number; value: Promise<T> } | undefined;
  return () => {
    const cache = responseCacheOf(strapi);
    if (!cache.live()) return load();
    const generation = cache.generation();
    if (kept?.generation !== generation) {
      const value = load();
      kept = { generation, value };
      value.catch(() => {
        if (kept?.value === value) kept = undefined;
      });
    }
    return kept.value;
  };
};

/** i18n keeps its default locale in the core store, which a lifecycle sees written. */
const DEFAULT_LOCALE_KEY = 'plugin_i18n_default_locale';

/**
 * A change of i18n's default locale changes every answer to a request without `locale`: it empties
 * the cache (and what is kept until a change) as a content change does.
 */
export const invalidateOnDefaultLocaleChange = (strapi: Core.Strapi) => {
  const invalidate = async (event: { result?: { key?: string } }) => {
    if (event.result?.key === DEFAULT_LOCALE_KEY) await responseCacheOf(strapi).invalidate();
  };
  strapi.db.lifecycles.subscribe({ models: ['strapi::core-store'], afterCreate: invalidate, afterUpdate: invalidate });
};
