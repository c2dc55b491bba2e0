import { startApp, type TestApp } from '../helpers/app';
import { captureLogs } from '../helpers/logs';

/*
 * What every request goes through: the request log (secrets redacted), the client IP behind a
 * trusted proxy (per-IP limits), and the static routes a browser asks for on its own.
 */

let app: TestApp;

beforeAll(async () => {
  app = await startApp({ env: { TRUST_PROXY: '1', LOG_REDACT_QUERY: 'ticket' } });
});
afterAll(async () => {
  await app?.close();
});

describe('request log', () => {
  const SECRET_PARAMETERS = [
    'code',
    'confirmation',
    'token',
    'signature',
    'sig',
    'X-Amz-Signature',
    'X-Amz-Credential',
    'access_token',
    // From LOG_REDACT_QUERY, the configurable list.
    'ticket',
  ];
  const ROUTES = ['/api/auth/email-confirmation', '/api/articles', '/api/newsletter/unsubscribe', '/uploads/master.mov', '/'];

  it.each(SECRET_PARAMETERS)('never writes the value of %s, whatever the route', async (name) => {
    const secrets = ROUTES.map((_, i) => `S3cret${name.replace(/\W/g, '')}${i}x${Date.now()}`);
    const { lines } = await captureLogs(app.strapi, async () => {
      for (const [i, route] of ROUTES.entries()) {
        await app.request().get(`${route}?page=1&${name}=${secrets[i]}`);
        await app.request().post(`${route}?${name.toUpperCase()}=${secrets[i]}`).send({});
      }
    });
    const log = lines.join('\n');
    for (const route of ROUTES) expect(log).toContain(`GET ${route}?page=1&${name}=[redacted]`);
    for (const secret of secrets) expect(log).not.toContain(secret);
  });
});

describe('behind one trusted proxy', () => {
  const check = (forwardedFor: string) =>
    app.request().post('/api/password-policy/check').set('X-Forwarded-For', forwardedFor).send({ password: 'x' });

  it('counts clients by the address the proxy saw, not the left-most entry they forge', async () => {
    const { max } = app.strapi.plugin('rate-limit').service('limiter').limitOf('password-policy.check') as { max: number };
    for (let i = 0; i < max; i += 1) {
      expect((await check(`10.9.${i}.1, 203.0.113.7`)).status).toBe(200);
    }
    const forged = await check('10.200.0.1, 203.0.113.7');
    expect(forged.status).toBe(429);
    expect(Number(forged.headers['retry-after'])).toBeGreaterThan(0);
    // Another client behind the same proxy has its own count.
    expect((await check('10.9.0.1, 203.0.113.8')).status).toBe(200);
  });
});

describe('static routes a browser asks for', () => {
  it('serves the product favicon', async () => {
    const res = await app.request().get('/favicon.ico');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/image\/x-icon|image\/vnd\.microsoft\.icon/);
    expect(res.body.length).toBeGreaterThan(0);
  });

  it.each([
    '/',
    '/favicon.ico',
    '/favicon.png',
    '/robots.txt',
    '/apple-touch-icon.png',
    '/apple-touch-icon-precomposed.png',
    '/site.webmanifest',
    '/manifest.json',
    '/browserconfig.xml',
    '/.well-known/security.txt',
  ])('answers %s without a server error', async (path) => {
    const res = await app.request().get(path);
    expect(res.status).toBeLessThan(500);
  });
});

describe('CORS', () => {
  const FRONTEND = 'https://frontend.example.org';

  it.each(['/api/articles', '/api/password-policy', '/api/articles/no-such-document', '/favicon.ico', '/_health'])(
    'sends no Access-Control-Allow-Origin on %s to a request without Origin',
    async (path) => {
      const res = await app.request().get(path);
      expect(res.status).toBeLessThan(500);
      expect(Object.keys(res.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
      // Caches must still keep answers to other origins apart.
      expect(res.headers.vary).toMatch(/Origin/);
    }
  );

  it('allows a configured frontend origin, with credentials', async () => {
    const res = await app.request().get('/api/articles').set('Origin', FRONTEND);
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(FRONTEND);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
  });

  it('grants nothing to another origin, not even an empty header', async () => {
    const res = await app.request().get('/api/articles').set('Origin', 'https://elsewhere.example.com');
    expect(res.status).toBe(200);
    expect(Object.keys(res.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });

  it('answers a preflight of a configured origin, and grants nothing to another', async () => {
    const preflight = (origin: string) =>
      app.request().options('/api/auth/local').set('Origin', origin).set('Access-Control-Request-Method', 'POST').set('Access-Control-Request-Headers', 'content-type');
    const allowed = await preflight(FRONTEND);
    expect(allowed.status).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe(FRONTEND);
    expect(allowed.headers['access-control-allow-methods']).toMatch(/POST/);
    const other = await preflight('https://elsewhere.example.com');
    expect(Object.keys(other.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });
});
