import http from 'node:http';
import { createVerifiedAccount } from '../helpers/accounts';
import { as, registerChief } from '../helpers/admin';
import { METRICS_TOKEN, type Stack, startStack, throughNginx, withLogs } from './stack';

/*
 * The edge of the reference deployment: deploy/nginx/newsreel.conf in Debian's nginx, in front of
 * two app processes started as `strapi start` starts them (NODE_ENV=production, TRUST_PROXY=1,
 * HTTP_CACHE_MAX_AGE=2, HTTP_CACHE_STALE_WHILE_REVALIDATE=2), on PostgreSQL.
 */

const ARTICLES = '/content-manager/collection-types/api::article.article';
const PASSWORD = 'Brussels-Desk-2024!';
/** HTTP_CACHE_MAX_AGE + HTTP_CACHE_STALE_WHILE_REVALIDATE of the stack, in ms. */
const STALE_WINDOW_MS = 4000;
/** nginx's names for how it answered from its cache. */
const CACHE_STATUSES = ['MISS', 'HIT', 'EXPIRED', 'STALE', 'UPDATING', 'REVALIDATED', 'BYPASS'];

let stack: Stack | undefined;
let chief: string;

const edge = () => {
  if (!stack) throw new Error('the stack did not start');
  return stack;
};
const logged = (test: () => Promise<void>) => withLogs(() => stack, test);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * A filter no title matches, which gives a test its own cache entries and access-log lines (the
 * content API refuses query parameters it does not know).
 */
const fresh = (name: string) => `filters[title][$ne]=${name}-${Date.now()}`;

beforeAll(async () => {
  stack = await startStack();
  chief = await registerChief(throughNginx(stack));
}, 240_000);
afterAll(async () => {
  await stack?.close();
}, 120_000);

/** Creates an English story through the admin API; publishes it unless told not to. */
const createStory = async (title: string, { publish = true } = {}) => {
  const data = { title, date: '2026-11-20' };
  const created = await edge().request().post(`${ARTICLES}?locale=en`).set(as(chief)).send(data);
  expect(created.status).toBe(201);
  const documentId = created.body.data.documentId as string;
  if (publish) {
    const published = await edge().request().post(`${ARTICLES}/${documentId}/actions/publish?locale=en`).set(as(chief)).send(data);
    expect(published.status).toBe(200);
  }
  return documentId;
};

/** Changes a published story's title and publishes the change, as an editor does. */
const retitle = async (documentId: string, title: string) => {
  const data = { title, date: '2026-11-20' };
  const saved = await edge().request().put(`${ARTICLES}/${documentId}?locale=en`).set(as(chief)).send(data);
  expect(saved.status).toBe(200);
  const published = await edge().request().post(`${ARTICLES}/${documentId}/actions/publish?locale=en`).set(as(chief)).send(data);
  expect(published.status).toBe(200);
};

/** The access-log line of the one request whose URL holds `marker` and that nginx answered with `cache`, once nginx wrote it. */
const accessLine = async (marker: string, cache: string) => {
  for (let tries = 0; tries < 20; tries += 1) {
    const line = edge()
      .accessLog()
      .find((entry) => entry.includes(marker) && entry.includes(` cache=${cache} `));
    if (line) return line;
    await sleep(100);
  }
  throw new Error(`no access-log line for ${marker} with cache=${cache}:\n${edge().accessLog().slice(-20).join('\n')}`);
};

it('accepts the shipped site config (nginx -t)', () => {
  expect(edge().nginxConfigTest).toMatch(/syntax is ok/);
  expect(edge().nginxConfigTest).toMatch(/test is successful/);
});

describe('edge cache of the public content API', () => {
  it(
    'answers a repeated anonymous request from its cache, with the app\'s own Cache-Control and ETag',
    logged(async () => {
      await createStory('Harbour cranes return');
      const url = `/api/articles?${fresh('repeat')}`;
      const first = await edge().request().get(url);
      const second = await edge().request().get(url);
      expect(first.status).toBe(200);
      expect([first.headers['x-cache-status'], second.headers['x-cache-status']]).toEqual(['MISS', 'HIT']);
      expect(second.headers['cache-control']).toBe('public, max-age=2, stale-while-revalidate=2');
      expect(second.headers.etag).toBe(first.headers.etag);
      expect(second.body).toEqual(first.body);
      expect(first.body.data.map((story: { title: string }) => story.title)).toContain('Harbour cranes return');
    })
  );

  it(
    'never serves an answer to a request with credentials from the cache, nor stores it for anyone else',
    logged(async () => {
      const { jwt } = await createVerifiedAccount(throughNginx(edge()), edge().smtp, 'reader@example.org', PASSWORD);
      const url = `/api/articles?${fresh('credentials')}`;
      const anonymous = await edge().request().get(url);
      expect((await edge().request().get(url)).headers['x-cache-status']).toBe('HIT');

      const user = await edge().request().get(url).set('Authorization', `Bearer ${jwt}`);
      expect(user.status).toBe(200);
      expect(user.headers['x-cache-status']).toBe('BYPASS');
      expect(user.headers['cache-control']).toBe('private, no-store');
      expect(user.headers.etag).toBeUndefined();
      // A token the app refuses is not cached either, and the anonymous answer is still the one served.
      const refused = await edge().request().get(url).set('Authorization', 'Bearer not-a-token');
      expect(refused.status).toBe(401);
      expect(refused.headers['x-cache-status']).toBe('BYPASS');

      // Strapi's refresh cookies keep a request out of the cache too; other cookies do not.
      expect((await edge().request().get(url).set('Cookie', 'lang=fr; strapi_up_refresh=abc')).headers['x-cache-status']).toBe('BYPASS');
      expect((await edge().request().get(url).set('Cookie', 'lang=fr')).headers['x-cache-status']).toBe('HIT');

      const after = await edge().request().get(url);
      expect(after.status).toBe(200);
      expect(after.headers['x-cache-status']).toBe('HIT');
      expect(after.headers['cache-control']).toBe('public, max-age=2, stale-while-revalidate=2');
      expect(after.headers.etag).toBe(anonymous.headers.etag);
      expect(after.body).toEqual(anonymous.body);
    })
  );

  it(
    'keeps a draft an API token may read away from anonymous readers of the same URL',
    logged(async () => {
      await createStory('Quiet draft about the dam', { publish: false });
      const token = await edge().request().post('/admin/api-tokens').set(as(chief)).send({ name: 'frontend preview', type: 'full-access', lifespan: null, description: 'deploy test' });
      expect(token.status).toBe(201);
      const url = `/api/articles?status=draft&${fresh('draft')}`;

      const preview = await edge().request().get(url).set('Authorization', `Bearer ${token.body.data.accessKey}`);
      expect(preview.status).toBe(200);
      expect(preview.headers['x-cache-status']).toBe('BYPASS');
      expect(preview.body.data.map((story: { title: string }) => story.title)).toContain('Quiet draft about the dam');

      // The public may not ask for drafts at all (src/policies/published-only.ts).
      const anonymous = await edge().request().get(url);
      expect(anonymous.status).toBe(403);
      expect(anonymous.text).not.toContain('Quiet draft about the dam');
      expect((await edge().request().get(url)).status).toBe(403);
    })
  );

  it(
    'shows a published change once the answer it cached expires',
    logged(async () => {
      const documentId = await createStory('Ferry timetable announced');
      const url = `/api/articles/${documentId}`;
      expect((await edge().request().get(url)).headers['x-cache-status']).toBe('MISS');
      expect((await edge().request().get(url)).headers['x-cache-status']).toBe('HIT');

      await retitle(documentId, 'Ferry timetable changed');
      // The edge may serve the old answer until max-age + stale-while-revalidate have passed:
      // polled, never more than 20 s.
      const seen: { status: string; title: string }[] = [];
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        const res = await edge().request().get(url);
        expect(res.status).toBe(200);
        seen.push({ status: res.headers['x-cache-status'], title: res.body.data.title });
        if (res.body.data.title === 'Ferry timetable changed') break;
        await sleep(250);
      }
      expect(seen.at(-1)?.title).toBe('Ferry timetable changed');
      expect(seen.every((answer) => CACHE_STATUSES.includes(answer.status))).toBe(true);
    })
  );

  it(
    'revalidates an unchanged answer with If-None-Match once stale, and the app answers 304',
    logged(async () => {
      await createStory('Lighthouse keeper retires');
      const marker = `revalidate-${Date.now()}`;
      const url = `/api/articles?filters[title][$ne]=${marker}`;
      const first = await edge().request().get(url);
      expect(first.headers['x-cache-status']).toBe('MISS');
      expect((await edge().request().get(url)).headers['x-cache-status']).toBe('HIT');

      // Past max-age and stale-while-revalidate, nginx may no longer serve it without asking.
      await sleep(STALE_WINDOW_MS + 1500);
      const again = await edge().request().get(url);
      expect(again.status).toBe(200);
      expect(again.headers['x-cache-status']).toBe('REVALIDATED');
      expect(again.body).toEqual(first.body);
      expect(again.headers.etag).toBe(first.headers.etag);
      // nginx's log of that request: the app answered the conditional request with 304, no body.
      expect(await accessLine(marker, 'REVALIDATED')).toMatch(/ upstream_status=304 /);
      expect((await edge().request().get(url)).headers['x-cache-status']).toBe('HIT');
    })
  );
});

describe('client addresses', () => {
  it(
    'counts every request through nginx as the real client, whatever X-Forwarded-For the client forges',
    logged(async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 14; i += 1) {
        const res = await edge()
          .request()
          .post('/api/auth/forgot-password')
          .set('X-Forwarded-For', `203.0.113.${i + 1}`)
          .send({ email: `nobody${i}@example.org` });
        statuses.push(res.status);
      }
      // signup-verification.forgotPassword allows 10 per IP in 10 minutes (README, "Rate limits").
      const refusedFrom = statuses.indexOf(429);
      expect(refusedFrom).toBeGreaterThan(0);
      expect(statuses.slice(0, refusedFrom).every((status) => status === 200)).toBe(true);
      expect(statuses.slice(refusedFrom).every((status) => status === 429)).toBe(true);

      // The app counted them as 127.0.0.1, the address nginx saw: a request of that client
      // straight to a process is refused too.
      const direct = await edge().processes[0].request().post('/api/auth/forgot-password').send({ email: 'nobody-direct@example.org' });
      expect(direct.status).toBe(429);
      // A process reached directly believes one forged hop (TRUST_PROXY=1): why the processes
      // listen on loopback only (HOST=127.0.0.1) and are reached through nginx alone.
      const forged = await edge().processes[0].request().post('/api/auth/forgot-password').set('X-Forwarded-For', '198.51.100.23').send({ email: 'nobody-forged@example.org' });
      expect(forged.status).toBe(200);
    })
  );
});

describe('metrics', () => {
  /** GET /api/metrics through nginx from `localAddress` (127.0.0.2 is loopback too, but not 127.0.0.1). */
  const scrape = (localAddress: string, token?: string) =>
    new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const req = http.get(`${edge().nginxUrl}/api/metrics`, { localAddress, headers: token ? { Authorization: `Bearer ${token}` } : {} }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
      });
      req.on('error', reject);
    });

  it(
    'closes /api/metrics to any address but the machine\'s own',
    logged(async () => {
      expect((await scrape('127.0.0.2', METRICS_TOKEN)).status).toBe(403);
    })
  );

  it(
    'asks for METRICS_TOKEN on /api/metrics through nginx',
    logged(async () => {
      expect((await scrape('127.0.0.1')).status).toBe(401);
      expect((await scrape('127.0.0.1', 'not-the-metrics-token-at-all')).status).toBe(401);
      const scraped = await scrape('127.0.0.1', METRICS_TOKEN);
      expect(scraped.status).toBe(200);
      expect(scraped.type).toMatch(/^text\/plain/);
      expect(scraped.body).toMatch(/^# HELP /m);
    })
  );
});

describe('static files', () => {
  it.each(['/assets/site.css', '/assets/texts.js', '/stories/', '/account/signup.html', '/newsletter/confirm.html', '/favicon.ico'])(
    'serves %s with one hour of browser caching in place of the app\'s',
    (path) =>
      logged(async () => {
        const res = await edge().request().get(path);
        expect(res.status).toBe(200);
        expect(res.headers['cache-control']).toBe('public, max-age=3600');
        expect(res.headers['x-cache-status']).toBeUndefined();
        const head = await edge().request().head(path);
        expect(head.headers['cache-control']).toBe('public, max-age=3600');
      })()
  );

  it(
    'leaves the newsletter plugin\'s admin routes under /newsletter/ alone',
    logged(async () => {
      const res = await edge().request().get('/newsletter/campaigns');
      expect(res.status).toBe(401);
      expect(res.headers['cache-control'] ?? '').not.toMatch(/max-age=3600/);
    })
  );
});

describe('a rolling restart', () => {
  it(
    'keeps answering GETs through nginx while one process drains on SIGTERM, exits 0 and starts again',
    logged(async () => {
      const [stopping, staying] = edge().processes;
      const url = '/api/password-policy';
      let stopped = false;
      const statuses: number[] = [];
      // GETs only: nginx sends one again to the other process when the first fails. A POST whose
      // connection is still in the kernel's accept queue in the instant the listener closes is
      // reset and answered 502, which nginx must not repeat (see deploy/README.md).
      const load = (async () => {
        while (!stopped) {
          statuses.push((await edge().request().get(url)).status);
          await sleep(20);
        }
      })();

      await sleep(300);
      expect(await stopping.stop('SIGTERM')).toBe(0);
      // With the process gone, nginx answers from the other one.
      for (let i = 0; i < 5; i += 1) expect((await edge().request().get(url)).status).toBe(200);
      await stopping.start();
      stopped = true;
      await load;
      expect(statuses.length).toBeGreaterThan(5);
      expect(statuses.filter((status) => status !== 200)).toEqual([]);

      // Both processes answer through nginx again, once nginx tries the restarted one again
      // (it left it out for fail_timeout after its last failure): polled, never more than 20 s.
      const before = edge().accessLog().length;
      const upstreams = new Set<string>();
      const deadline = Date.now() + 20_000;
      while (upstreams.size < 2 && Date.now() < deadline) {
        expect((await edge().request().get(url)).status).toBe(200);
        await sleep(100);
        for (const line of edge().accessLog().slice(before)) {
          // The process that answered: the last of the list when nginx tried more than one.
          const upstream = / upstream=(?:\S+, )*(\S+) /.exec(line)?.[1];
          if (upstream) upstreams.add(upstream);
        }
      }
      expect(upstreams).toEqual(new Set([`127.0.0.1:${stopping.port}`, `127.0.0.1:${staying.port}`]));
    })
  );
});
