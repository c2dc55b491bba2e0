import { startApp, type TestApp } from '../helpers/app';
import { captureLogs } from '../helpers/logs';

/* The routes frontends use to draw a password checklist (also proves local TS plugins load). */

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

it('lists the active rules with their messages and limits', async () => {
  const res = await app.request().get('/api/password-policy');
  expect(res.status).toBe(200);
  expect(res.body.minLength).toBe(12);
  expect(res.body.maxBytes).toBe(72);
  expect(res.body.rules.map((r: { id: string }) => r.id)).toEqual([
    'min-length',
    'max-bytes',
    'no-whitespace',
    'lowercase',
    'uppercase',
    'digit',
    'symbol',
    'not-common',
    'not-personal',
  ]);
  expect(res.body.rules[0]).toEqual({ id: 'min-length', message: 'At least 12 characters', min: 12 });
});

it('words the rules in French for locale=fr or Accept-Language: fr', async () => {
  const byQuery = await app.request().get('/api/password-policy?locale=fr');
  const byHeader = await app.request().get('/api/password-policy').set('Accept-Language', 'fr-CA,fr;q=0.9');
  expect(byQuery.body.rules[0].message).toBe('Au moins 12 caractères');
  expect(byHeader.body).toEqual(byQuery.body);
});

it('tells which rules a candidate password fails', async () => {
  const weak = await app.request().post('/api/password-policy/check').send({ password: 'qmvzpwk' });
  expect(weak.status).toBe(200);
  expect(weak.body).toEqual({ valid: false, failures: ['min-length', 'uppercase', 'digit', 'symbol'] });
  const good = await app.request().post('/api/password-policy/check').send({ password: 'Brussels-Desk-2024!' });
  expect(good.body).toEqual({ valid: true, failures: [] });
  const personal = await app
    .request()
    .post('/api/password-policy/check')
    .send({ password: 'Jharman-Desk-2024!', email: 'jharman@example.org' });
  expect(personal.body).toEqual({ valid: false, failures: ['not-personal'] });
});

describe('POST /api/password-policy/check with bad input', () => {
  const check = () => app.request().post('/api/password-policy/check');

  it.each([
    ['a missing password', {}, 'password is required'],
    ['a number instead of a string', { password: 123456789012 }, 'password must be a `string` type'],
    ['an unknown field', { password: 'Brussels-Desk-2024!', extra: true }, 'unknown field: extra'],
  ])('answers 400 to %s', async (_label, body, message) => {
    const res = await check().send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
    expect(res.body.error.message).toContain(message);
  });

  it('answers 400 to a 10 MB password, naming the size limit', async () => {
    const res = await check().send({ password: 'A1!a'.repeat(2.5 * 1024 * 1024) });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/too large.*2mb/i);
  });

  it('answers 400 to malformed JSON', async () => {
    const res = await check().set('Content-Type', 'application/json').send('{"password": ');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('Request body is not valid JSON.');
  });

  it('answers 400 to a password that is not valid UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from('{"password":"Brussels-'), Buffer.from([0xc3, 0x28]), Buffer.from('-2024!A"}')]);
    // fetch sends the bytes as they are (supertest would serialise the Buffer as JSON).
    const res = await fetch(`${app.url}/api/password-policy/check`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: bytes,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('password is not valid UTF-8 text');
  });
});

describe('POST /api/password-policy/check limits and logs', () => {
  it('never writes the password to the log', async () => {
    const secret = 'Very-Secret-Passphrase-77!';
    const { result: res, lines } = await captureLogs(app.strapi, () =>
      app.request().post('/api/password-policy/check').send({ password: secret })
    );
    expect(res.status).toBe(200);
    expect(lines.some((line) => line.includes('/api/password-policy/check'))).toBe(true);
    expect(lines.join('\n')).not.toContain(secret);
  });

  it('answers 429 with Retry-After once an IP has used its checks for the minute', async () => {
    await app.strapi.plugin('rate-limit').service('limiter').reset('password-policy.check');
    const { max } = app.strapi.config.get('plugin::password-policy.checkRateLimit') as { max: number };
    for (let i = 0; i < max; i += 1) {
      const res = await app.request().post('/api/password-policy/check').send({ password: 'x' });
      expect(res.status).toBe(200);
    }
    const limited = await app.request().post('/api/password-policy/check').send({ password: 'x' });
    expect(limited.status).toBe(429);
    expect(limited.body.error.name).toBe('RateLimitError');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // The rules themselves stay readable.
    expect((await app.request().get('/api/password-policy')).status).toBe(200);
  });
});
