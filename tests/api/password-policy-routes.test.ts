import { startApp, type TestApp } from '../helpers/app';

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
