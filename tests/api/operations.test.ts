import http from 'node:http';
import { registerChief } from '../helpers/admin';
import { resetRateLimits, startApp, type TestApp } from '../helpers/app';
import { CAMPAIGN_ENV, getCampaign, importSubscribers, publishStory, startCampaign } from '../helpers/campaigns';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/*
 * Readiness, metrics and the drain SIGTERM starts (src/operations/, src/api/operations/). The
 * drain is started through the operations service, as the SIGTERM handler starts it, because
 * this process is the test runner and must not exit; tests/deploy/ sends real SIGTERMs.
 */

const TOKEN = 'metrics-token-0123456789abcdef';

let app: TestApp;
let smtp: SmtpSink;
let chief: string;
let story: string;

interface Operations {
  drain(): Promise<void>;
}
const operations = () => app.strapi.service('api::operations.operations') as unknown as Operations;

/** A metric's samples as `{labels: value}`, read from the exposition text. */
const samples = (text: string, name: string) => {
  const found = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = new RegExp(`^${name}(\\{[^}]*\\})? (\\S+)$`).exec(line);
    if (match) found.set(match[1] ?? '', Number(match[2]));
  }
  return found;
};
const scrape = async () => {
  const res = await app.request().get('/api/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
  return res.text;
};

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startApp({ env: { ...smtp.env(), ...CAMPAIGN_ENV, METRICS_TOKEN: TOKEN, MAIL_WORKER_POLL_MS: '100', SHUTDOWN_GRACE_SECONDS: '1' } });
  chief = await registerChief(app);
  story = await publishStory(app.strapi, { title: 'Harbour cranes return to service', summary: 'The port reopens its east quay.' });
});
afterAll(async () => {
  await app?.close();
  await smtp?.close();
});

describe('GET /api/health/ready', () => {
  it('answers 200 once booted and the database answers, never from a cache, with or without a token', async () => {
    const res = await app.request().get('/api/health/ready').expect(200);
    expect(res.body).toEqual({ status: 'ready' });
    expect(res.headers['cache-control']).toBe('no-store');
    await app.request().get('/api/health/ready').set('Authorization', 'Bearer not-a-jwt').expect(200, { status: 'ready' });
  });
});

describe('GET /api/metrics', () => {
  it('answers 401 without the token or with a wrong one, and names the scheme', async () => {
    const missing = await app.request().get('/api/metrics').expect(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect(missing.text).not.toContain(TOKEN);
    await app.request().get('/api/metrics').set('Authorization', 'Bearer metrics-token-0123456789abcdeX').expect(401);
    await app.request().get('/api/metrics').set('Authorization', `Basic ${TOKEN}`).expect(401);
  });

  it('answers 404 when METRICS_TOKEN is unset: the route is off', async () => {
    app.strapi.config.set('operations.metricsToken', null);
    try {
      await app.request().get('/api/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(404);
    } finally {
      app.strapi.config.set('operations.metricsToken', TOKEN);
    }
  });

  it('counts requests by route template and status, with their latency, and the response cache', async () => {
    const LIST = '{method="GET",route="/api/articles",status="200"}';
    // An answer from the response cache is sent before the router runs: it has no template.
    const CACHED = '{method="GET",route="(response cache)",status="200"}';
    const before = await scrape();
    const listed = (text: string) => (samples(text, 'http_requests_total').get(LIST) ?? 0) + (samples(text, 'http_requests_total').get(CACHED) ?? 0);
    const hits = samples(before, 'newsreel_response_cache_requests_total').get('{result="hit"}') ?? 0;
    const [{ documentId }] = (await app.request().get('/api/articles').expect(200)).body.data as { documentId: string }[];
    await app.request().get('/api/articles').expect(200);
    await app.request().get(`/api/articles/${documentId}`).expect(200);
    await app.request().get('/api/articles/no-such-story').expect(404);

    const after = await scrape();
    expect(after).toMatch(/^# TYPE http_request_duration_seconds histogram$/m);
    const requests = samples(after, 'http_requests_total');
    expect(listed(after)).toBe(listed(before) + 2);
    expect(requests.get(CACHED)).toBeGreaterThanOrEqual(1);
    // The template, not the path: one series for every story.
    expect(requests.get('{method="GET",route="/api/articles/:id",status="200"}')).toBeGreaterThanOrEqual(1);
    expect(requests.get('{method="GET",route="/api/articles/:id",status="404"}')).toBeGreaterThanOrEqual(1);
    expect([...requests.keys()].some((labels) => labels.includes(documentId))).toBe(false);
    expect(samples(after, 'http_request_duration_seconds_count').get(CACHED)).toBe(requests.get(CACHED));
    expect(samples(after, 'newsreel_response_cache_requests_total').get('{result="hit"}')).toBeGreaterThanOrEqual(hits + 1);
    // prom-client's default process metrics.
    expect(samples(after, 'process_resident_memory_bytes').get('')).toBeGreaterThan(0);
    expect(samples(after, 'newsreel_ready').get('')).toBe(1);
  });

  it('counts rate-limit refusals by limit name', async () => {
    const name = 'newsletter.subscribe';
    const before = samples(await scrape(), 'newsreel_rate_limit_refusals_total').get(`{limit="${name}"}`) ?? 0;
    const limiter = app.strapi.plugin('rate-limit').service('limiter') as { limitOf(name: string): { max: number } };
    const { max } = limiter.limitOf(name);
    const answers = [];
    for (let i = 0; i <= max + 1; i += 1) {
      answers.push((await app.request().post('/api/newsletter/subscribe').set('X-Forwarded-For', '203.0.113.9').send({ email: `r${i}@example.org` })).status);
    }
    const refused = answers.filter((status) => status === 429).length;
    expect(refused).toBe(2);
    expect(samples(await scrape(), 'newsreel_rate_limit_refusals_total').get(`{limit="${name}"}`)).toBe(before + refused);
    await resetRateLimits(app);
  });

  it('reads the outbox, campaign and upload figures from the database', async () => {
    await importSubscribers(app, chief, 'email,locale\nm1@example.org,en\nm2@example.org,en\nm3@example.org,en\n');
    const id = await startCampaign(app, chief, { subject: 'Metrics fortnight', selection: { articles: [story] } });
    for (let i = 0; i < 300 && (await getCampaign(app, chief, id)).status !== 'sent'; i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await getCampaign(app, chief, id)).status).toBe('sent');

    // An account mail waits in the outbox while the relay refuses it for now.
    smtp.reject((address) => address === 'newcomer@example.org', 451, 1000);
    await app.request().post('/api/auth/local/register').send({ email: 'newcomer@example.org', password: 'Brussels-Desk-2024!' }).expect(200);

    const text = await scrape();
    expect(samples(text, 'newsreel_newsletter_messages').get('{status="sent",campaign_status="sent"}')).toBeGreaterThanOrEqual(3);
    expect(samples(text, 'newsreel_outbox_queued_messages').get('')).toBeGreaterThanOrEqual(1);
    expect(samples(text, 'newsreel_outbox_oldest_message_age_seconds').get('')).toBeGreaterThan(0);
    smtp.clearRejections();
    expect(samples(text, 'newsreel_master_uploads_in_progress').get('{stage="uploading"}')).toBe(0);
    expect(samples(text, 'newsreel_master_processing_queue').get('')).toBe(0);
  });
});

/** A POST whose body arrives only when `finish()` is called: a request in flight. */
const slowRequest = (path: string, body: string) => {
  const request = http.request(`${app.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } });
  const answered = new Promise<http.IncomingMessage & { text: string }>((resolve, reject) => {
    request.on('response', (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve(Object.assign(response, { text })));
    });
    request.on('error', reject);
  });
  request.write(body.slice(0, 5));
  return { answered, finish: () => request.end(body.slice(5)) };
};

describe('draining (what SIGTERM starts)', () => {
  it('answers 503 at once, hands back claimed campaign rows, finishes the request in flight, then stops listening', async () => {
    const emails = Array.from({ length: 60 }, (_, i) => `drain${i}@example.org`);
    await importSubscribers(app, chief, `email,locale\n${emails.map((email) => `${email},en`).join('\n')}\n`);
    app.strapi.config.set('plugin::newsletter.sending.batchSize', 20);
    smtp.setDelay(150);
    const id = await startCampaign(app, chief, { subject: 'Drain week', selection: { articles: [story] } });
    const ledger = () => app.strapi.db.connection('newsletter_deliveries').where({ campaign_id: id });
    const count = async (where: (rows: ReturnType<typeof ledger>) => ReturnType<typeof ledger>) => Number((await where(ledger()).count({ n: '*' }))[0].n);
    for (let i = 0; i < 200 && (await count((rows) => rows.where({ status: 'sent' }))) === 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const leased = await count((rows) => rows.whereNotNull('lease_owner'));
    expect(leased).toBeGreaterThan(0);

    const inFlight = slowRequest('/api/newsletter/subscribe', JSON.stringify({ email: 'late@example.org' }));
    let drained = false;
    const drain = operations()
      .drain()
      .then(() => (drained = true));

    const ready = await app.request().get('/api/health/ready').expect(503);
    expect(ready.body).toEqual({ status: 'unavailable', failing: 'shutdown', message: 'This process is shutting down.' });
    expect(ready.headers.connection).toBe('close');

    // The request in flight holds the drain until it is answered, with its connection closed.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(drained).toBe(false);
    inFlight.finish();
    const answer = await inFlight.answered;
    expect(answer.statusCode).toBe(202);
    expect(answer.headers.connection).toBe('close');
    await drain;

    // Rows claimed and not sent were given back now, not left to their 60 s lease.
    expect(await count((rows) => rows.whereNotNull('lease_owner'))).toBe(0);
    const unsent = await count((rows) => rows.where({ status: 'queued' }));
    expect(unsent).toBeGreaterThan(0);
    // The sender stopped: nothing more goes out.
    const sent = smtp.mails.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.mails.length).toBe(sent);
    await expect(fetch(`${app.url}/api/health/ready`)).rejects.toThrow();
  });
});
