import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import client from 'prom-client';
import { lifecycleOf } from './lifecycle';

/**
 * This process's Prometheus metrics (prom-client). Request counts, latencies, response-cache
 * results and rate-limit refusals are counted here, per process; the outbox, campaign and upload
 * figures are read from the database at each scrape, so every process reports the same totals.
 */
export interface Metrics {
  /** Counts one answered request (the request-metrics middleware). */
  observe(ctx: Context, seconds: number): void;
  /** The exposition text and its content type. */
  render(): Promise<{ contentType: string; text: string }>;
}

interface Outbox {
  backlog(): Promise<{ queued: number; oldestQueuedAt: number | null }>;
}
interface Ledger {
  totals(): Promise<{ campaignStatus: string; status: string; count: number }[]>;
}
interface Uploads {
  activity(): Promise<{ uploading: number; completing: number; processing: number }>;
}
interface Limiter {
  onRefusal(listener: (name: string) => void): () => void;
}

const registries = new WeakMap<Core.Strapi, Metrics>();
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** A plugin's public service, or undefined when the app does not have that plugin. */
const serviceOf = <T>(strapi: Core.Strapi, plugin: string, service: string): T | undefined =>
  strapi.plugin(plugin)?.service(service) as T | undefined;

/**
 * The route template the router matched (`/api/articles/:id`), never the path: labels stay few.
 * An answer from the response cache leaves before the router runs.
 */
const routeOf = (ctx: Context): string => {
  const matched = (ctx as Context & { _matchedRoute?: unknown })._matchedRoute;
  if (typeof matched === 'string') return matched;
  return ctx.response.get('X-Cache') === 'HIT' ? '(response cache)' : '(no route)';
};


const create = (strapi: Core.Strapi): Metrics => {
  // What several gauges read is loaded once per scrape: render() forgets it before each.
  const loaded = new Set<() => void>();
  const perScrape = <T>(load: () => Promise<T>) => {
    let value: Promise<T> | undefined;
    loaded.add(() => (value = undefined));
    return () => (value ??= load());
  };
  const registry = new client.Registry();
  const registers = [registry];
  client.collectDefaultMetrics({ register: registry });
  const failed = (what: string) => (error: Error) => strapi.log.warn(`[metrics] could not read ${what}: ${error.message}`);

  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new client.Counter({ name: 'http_requests_total', help: 'HTTP requests answered, by method, route template and status.', labelNames, registers });
  const latency = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method, route template and status.',
    labelNames,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const cache = new client.Counter({
    name: 'newsreel_response_cache_requests_total',
    help: "Public content-API reads answered from this process's response cache (hit) or computed (miss).",
    labelNames: ['result'] as const,
    registers,
  });
  const refusals = new client.Counter({
    name: 'newsreel_rate_limit_refusals_total',
    help: 'Requests a rate limit refused, by limit name.',
    labelNames: ['limit'] as const,
    registers,
  });
  serviceOf<Limiter>(strapi, 'rate-limit', 'limiter')?.onRefusal((limit) => refusals.inc({ limit }));

  const lifecycle = lifecycleOf(strapi);
  new client.Gauge({
    name: 'newsreel_ready',
    help: '1 while this process is ready for traffic; 0 while booting or draining.',
    registers,
    collect() {
      this.set(lifecycle.phase() === 'ready' ? 1 : 0);
    },
  });
  new client.Gauge({
    name: 'newsreel_http_requests_in_flight',
    help: 'Requests this process is answering now.',
    registers,
    collect() {
      this.set(lifecycle.inFlight());
    },
  });

  const outbox = serviceOf<Outbox>(strapi, 'mail-outbox', 'outbox');
  if (outbox) {
    const backlog = perScrape(() => outbox.backlog());
    new client.Gauge({
      name: 'newsreel_outbox_queued_messages',
      help: 'Account mails (codes, notices) waiting in the outbox.',
      registers,
      async collect() {
        await backlog().then(({ queued }) => this.set(queued), failed('the outbox'));
      },
    });
    new client.Gauge({
      name: 'newsreel_outbox_oldest_message_age_seconds',
      help: 'Age of the oldest mail waiting in the outbox; 0 when none waits.',
      registers,
      async collect() {
        await backlog().then(({ oldestQueuedAt }) => this.set(oldestQueuedAt === null ? 0 : Math.max(0, (Date.now() - oldestQueuedAt) / 1000)), failed('the outbox'));
      },
    });
  }

  const ledger = serviceOf<Ledger>(strapi, 'newsletter', 'ledger');
  if (ledger) {
    new client.Gauge({
      name: 'newsreel_newsletter_messages',
      help: 'Campaign messages by delivery status (queued, sent, failed, skipped) and campaign status.',
      labelNames: ['status', 'campaign_status'] as const,
      registers,
      async collect() {
        await ledger.totals().then((rows) => {
          this.reset();
          for (const row of rows) this.set({ status: row.status, campaign_status: row.campaignStatus }, row.count);
        }, failed('the campaign ledger'));
      },
    });
  }

  const uploads = serviceOf<Uploads>(strapi, 'video-masters', 'uploads');
  if (uploads) {
    const activity = perScrape(() => uploads.activity());
    new client.Gauge({
      name: 'newsreel_master_uploads_in_progress',
      help: 'Master uploads being sent (uploading) or joined (completing).',
      labelNames: ['stage'] as const,
      registers,
      async collect() {
        await activity().then(({ uploading, completing }) => {
          this.set({ stage: 'uploading' }, uploading);
          this.set({ stage: 'completing' }, completing);
        }, failed('the master uploads'));
      },
    });
    new client.Gauge({
      name: 'newsreel_master_processing_queue',
      help: 'Completed master uploads waiting for or under probing (checksum, ffprobe, poster).',
      registers,
      async collect() {
        await activity().then(({ processing }) => this.set(processing), failed('the master uploads'));
      },
    });
  }

  return {
    observe(ctx, seconds) {
      const labels = { method: ctx.method, route: routeOf(ctx), status: String(ctx.status) };
      requests.inc(labels);
      latency.observe(labels, seconds);
      const result = ctx.response.get('X-Cache');
      if (result === 'HIT' || result === 'MISS') cache.inc({ result: result.toLowerCase() });
    },
    async render() {
      for (const forget of loaded) forget();
      return { contentType: registry.contentType, text: await registry.metrics() };
    },
  };
};

export const metricsOf = (strapi: Core.Strapi): Metrics => {
  let metrics = registries.get(strapi);
  if (!metrics) {
    metrics = create(strapi);
    registries.set(strapi, metrics);
  }
  return metrics;
};
