import fs from 'node:fs';
import path from 'node:path';
import { generate } from '@strapi/openapi';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Response } from 'supertest';
import { codeMail } from '../helpers/accounts';
import { registerChief } from '../helpers/admin';
import { ROOT, startApp, type TestApp } from '../helpers/app';
import { CAMPAIGN_ENV } from '../helpers/campaigns';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/*
 * docs/openapi.json is what `strapi openapi generate` makes of this app (`npm run openapi`), it
 * is served at /api/openapi.json, and real answers of the API (content, accounts, password policy,
 * newsletter, downloads) match it: each status is documented for its route, and a documented JSON
 * answer validates against its schema.
 */

type Schema = Record<string, unknown>;
interface Operation {
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
interface Document {
  openapi: string;
  servers?: unknown;
  components: Schema;
  paths: Record<string, Record<string, Operation>>;
}

const COMMITTED = path.join(ROOT, 'docs', 'openapi.json');
// What npm run openapi adds to the generator's document: the /api server, answers other than 200.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { finish } = require(path.join(ROOT, 'scripts', 'openapi-finish.js')) as { finish(document: Document): Document };
const PASSWORD = 'Tidewater-Ledger-42!';

let app: TestApp;
let smtp: SmtpSink;
let document: Document;
const checked: string[] = [];

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startApp({ seed: true, env: { ...smtp.env(), ...CAMPAIGN_ENV } });
  document = JSON.parse(fs.readFileSync(COMMITTED, 'utf8')) as Document;
});
afterAll(async () => {
  await app?.close();
  await smtp?.close();
});

/** Strapi writes the moment of generation as the default of `publishedAt` in request bodies. */
const withoutGenerationTimes = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value), (key, entry) => (key === 'default' && typeof entry === 'string' && /^\d{4}-\d\d-\d\dT/.test(entry) ? undefined : entry));

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);

/** The operation of the document that serves `method path` (paths are written without /api). */
const operationOf = (method: string, url: string) => {
  const pathname = new URL(url, 'http://x').pathname.replace(/^\/api/, '');
  for (const [template, item] of Object.entries(document.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (pattern.test(pathname) && item[method.toLowerCase()]) return { template, operation: item[method.toLowerCase()] };
  }
  throw new Error(`${method} ${pathname} is not in the OpenAPI document`);
};

/** Fails unless the answer's status is documented and its JSON body matches the documented schema. */
const expectDocumented = (method: string, url: string, answer: Response) => {
  const { template, operation } = operationOf(method, url);
  expect({ route: `${method} ${template}`, status: answer.status, documented: Object.keys(operation.responses) }).toEqual({
    route: `${method} ${template}`,
    status: answer.status,
    documented: expect.arrayContaining([String(answer.status)]),
  });
  const schema = operation.responses[String(answer.status)].content?.['application/json']?.schema;
  if (schema) {
    // `#/components/...` references resolve against the document's components.
    const validate = ajv.compile({ ...schema, components: document.components });
    const valid = validate(answer.body);
    expect({ route: `${method} ${template}`, errors: valid ? [] : validate.errors }).toEqual({ route: `${method} ${template}`, errors: [] });
    checked.push(`${method} ${template} ${answer.status}`);
  }
};

const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, options: { body?: object; jwt?: string } = {}) => {
  let request = app.request()[method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'](url);
  if (options.jwt) request = request.set('Authorization', `Bearer ${options.jwt}`);
  const answer = options.body ? await request.send(options.body) : await request;
  expectDocumented(method, url, answer);
  return answer;
};

it('commits the document that `strapi openapi generate` makes of this app, finished by scripts/openapi-finish.js (regenerate: npm run openapi)', () => {
  const fresh = finish(JSON.parse(JSON.stringify(generate(app.strapi, { type: 'content-api' }).document)) as Document);
  expect(fresh.openapi).toMatch(/^3\./);
  expect(withoutGenerationTimes(document)).toEqual(withoutGenerationTimes(fresh));
});

it('leads a client from its server and paths to the real routes', async () => {
  const [server] = document.servers as { url: string }[];
  // Relative to where the document is read: /api/openapi.json.
  const base = new URL(server.url, 'http://cms.example.org/api/openapi.json').pathname;
  expect(base).toBe('/api');
  for (const route of ['/articles', '/people', '/password-policy', '/openapi.json']) {
    expect(document.paths[route]?.get).toBeDefined();
    const answer = await app.request().get(`${base}${route}`);
    expect({ route, status: answer.status }).toEqual({ route, status: 200 });
  }
});

it('serves the document at /api/openapi.json', async () => {
  const answer = await app.request().get('/api/openapi.json');
  expect(answer.status).toBe(200);
  expect(answer.headers['content-type']).toMatch(/json/);
  expect(answer.body.paths['/articles'].get.responses['200']).toBeDefined();
});

it('documents bodies of the custom routes of the plugins', () => {
  for (const [method, route] of [
    ['post', '/auth/local/register'],
    ['post', '/auth/verify-email'],
    ['post', '/auth/resend-code'],
    ['post', '/auth/forgot-password'],
    ['post', '/auth/reset-password'],
    ['post', '/password-policy/check'],
    ['post', '/newsletter/subscribe'],
    ['post', '/newsletter/confirm'],
    ['post', '/newsletter/unsubscribe'],
    ['post', '/video-assets/{documentId}/downloads'],
  ]) {
    const operation = document.paths[route][method] as Operation & { requestBody?: { content: Record<string, unknown> } };
    expect({ route, request: Object.keys(operation.requestBody?.content ?? {}) }).toEqual({ route, request: expect.arrayContaining(['application/json']) });
    expect({ route, response: operation.responses['200']?.content?.['application/json'] }).toEqual({ route, response: { schema: expect.any(Object) } });
  }
});

it('describes real answers of the content API', async () => {
  const list = await call('GET', '/api/articles');
  const [story] = list.body.data;
  await call('GET', `/api/articles/${story.documentId}`);
  await call('GET', '/api/articles?locale=fr&sort=date:desc&pagination[pageSize]=2');
  await call('GET', '/api/articles?filters[people][slug][$eq]=wang-yi');
  await call('GET', '/api/articles/no-such-story');
  const people = await call('GET', '/api/people');
  await call('GET', `/api/people/${people.body.data[0].documentId}`);
  await call('GET', '/api/meetings');
  await call('GET', '/api/topics?locale=fr');
  const videos = await call('GET', '/api/video-assets');
  await call('GET', `/api/video-assets/${videos.body.data[0].documentId}`);
  // A document is only as good as its schemas: one with a wrong type must be refused.
  const { operation } = operationOf('GET', '/api/articles');
  const validate = ajv.compile({ ...operation.responses['200'].content!['application/json'].schema, components: document.components });
  expect(validate({ data: [{ ...story, title: 42 }], meta: list.body.meta })).toBe(false);
});

it('documents the bodies of the newsletter event routes, as each source sends them', () => {
  const bodies = (route: string) => Object.keys((document.paths[route].post as { requestBody?: { content: Record<string, unknown> } }).requestBody?.content ?? {});
  expect(bodies('/newsletter/events/inbound')).toEqual(['message/rfc822', 'text/plain']);
  expect(bodies('/newsletter/events/ses')).toEqual(['text/plain']);
  expect(bodies('/newsletter/events/postmark')).toEqual(['application/json']);
  expect(bodies('/newsletter/events/sendgrid')).toEqual(['application/json']);
  const inbound = document.paths['/newsletter/events/inbound'].post as Operation;
  expect(inbound.responses['202']?.content?.['application/json']).toEqual({ schema: expect.any(Object) });
  expect(inbound.responses['200']).toBeUndefined();
});

it('describes real answers of the account, password-policy, newsletter and download routes', async () => {
  await call('GET', '/api/password-policy');
  await call('POST', '/api/password-policy/check', { body: { password: 'short' } });

  const email = 'openapi.reader@broadcaster.example';
  const since = smtp.mails.length;
  await call('POST', '/api/auth/local/register', { body: { email, password: PASSWORD, newsletter: false } });
  const { code } = await codeMail(smtp, email, since);
  await call('POST', '/api/auth/verify-email', { body: { email, code: code === '000000' ? '111111' : '000000' } });
  const verified = await call('POST', '/api/auth/verify-email', { body: { email, code } });
  const jwt = verified.body.jwt as string;
  await call('POST', '/api/auth/resend-code', { body: { email: 'nobody.here@example.org', purpose: 'signup' } });
  await call('POST', '/api/auth/send-email-confirmation', { body: { email: 'nobody.else@example.org' } });
  await call('POST', '/api/auth/forgot-password', { body: { email } });
  await call('POST', '/api/auth/reset-password', { body: { email, code: '123456', password: PASSWORD, passwordConfirmation: PASSWORD } });
  await call('POST', '/api/auth/local', { body: { identifier: email, password: PASSWORD } });

  await call('POST', '/api/newsletter/subscribe', { jwt, body: { locale: 'fr' } });
  await call('POST', '/api/newsletter/subscribe', { body: { email: 'openapi.visitor@example.org', locale: 'en' } });
  await call('GET', '/api/newsletter/subscription', { jwt });
  await call('DELETE', '/api/newsletter/subscription', { jwt });
  await call('POST', '/api/newsletter/confirm', { body: { token: 'not-a-token' } });
  // Event sources this app does not configure answer 404 (documented; its error body has no schema).
  await call('POST', '/api/newsletter/events/postmark', { body: { RecordType: 'Bounce', ID: 1, Type: 'HardBounce', Email: 'x@example.org' } });
  await call('POST', '/api/newsletter/events/sendgrid', { body: [] });

  const asset = (await app.request().get('/api/video-assets')).body.data[0];
  await call('POST', `/api/video-assets/${asset.documentId}/downloads`, { body: { rendition: 'broadcast-master' } });
  await call('POST', `/api/video-assets/${asset.documentId}/downloads`, { jwt, body: { rendition: 'broadcast-master' } });
  await call('POST', `/api/video-assets/${asset.documentId}/downloads`, { jwt, body: { rendition: 'no-such-kind' } });
});

it('describes real answers of the newsletter admin routes of scheduling, the digest and the report (their own server, /)', async () => {
  const admin = await registerChief(app);
  const created = await app.request().post('/newsletter/campaigns').set('Authorization', `Bearer ${admin}`).send({ subject: 'Documented', selection: 'since-last' });
  const id = created.body.data.id as number;
  expect((document.paths[`/newsletter/campaigns/{id}/schedule`] as unknown as { servers: { url: string }[] }).servers[0].url).toBe('/');
  await call('POST', `/newsletter/campaigns/${id}/schedule`, { jwt: admin, body: { at: '2099-01-05T08:00', timeZone: 'Europe/Brussels' } });
  await call('POST', `/newsletter/campaigns/${id}/schedule`, { jwt: admin, body: { at: '2001-01-01T08:00' } });
  await call('DELETE', `/newsletter/campaigns/${id}/schedule`, { jwt: admin });
  await call('GET', `/newsletter/campaigns/${id}/report?pageSize=10`, { jwt: admin });
  await call('GET', `/newsletter/campaigns/${id}/report`);
  await call('GET', `/newsletter/campaigns/${id}/report/export`, { jwt: admin });
  await call('POST', `/newsletter/campaigns/${id}/retry-failed`, { jwt: admin });
  await call('GET', '/newsletter/digest', { jwt: admin });
  const digest = { enabled: true, schedule: { weekly: { days: [1], time: '08:00' } }, subject: 'Week of {date}', locales: ['en', 'fr'] };
  await call('PUT', '/newsletter/digest', { jwt: admin, body: digest });
  await call('PUT', '/newsletter/digest', { jwt: admin, body: { ...digest, schedule: { cron: 'every monday' } } });
  await call('PUT', '/newsletter/digest', { jwt: admin, body: { ...digest, enabled: false } });
  expect(checked).toEqual(
    expect.arrayContaining([
      'POST /newsletter/campaigns/{id}/schedule 200',
      'DELETE /newsletter/campaigns/{id}/schedule 200',
      'GET /newsletter/campaigns/{id}/report 200',
      'GET /newsletter/digest 200',
      'PUT /newsletter/digest 200',
    ])
  );
});

it('describes the readiness and metrics routes as they answer', async () => {
  await call('GET', '/api/health/ready');
  // This app runs without METRICS_TOKEN: the route is off.
  await call('GET', '/api/metrics');
  expect(checked).toContain('GET /health/ready 200');
  const metrics = document.paths['/metrics'].get as { responses: Record<string, { content?: Record<string, unknown> }>; security: unknown };
  expect(Object.keys(metrics.responses['200'].content ?? {})).toEqual(['text/plain; version=0.0.4; charset=utf-8']);
  expect(metrics.security).toEqual([{ metricsToken: [] }]);
});

it('validated a JSON answer of every route it called', () => {
  expect(checked).toEqual(
    expect.arrayContaining([
      'GET /articles 200',
      'GET /articles/{id} 200',
      'GET /video-assets/{id} 200',
      'GET /password-policy 200',
      'POST /auth/local/register 200',
      'POST /auth/verify-email 200',
      'POST /newsletter/subscribe 200',
      'POST /newsletter/subscribe 202',
      'GET /newsletter/subscription 200',
      'POST /video-assets/{documentId}/downloads 200',
    ])
  );
});
