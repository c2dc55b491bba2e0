import type { ParsedMail } from 'mailparser';
import { createVerifiedAccount, codeMail, recipient } from '../helpers/accounts';
import { resetRateLimits, startApp, type TestApp } from '../helpers/app';
import { type Clock, controlClock } from '../helpers/clock';
import { captureLogs } from '../helpers/logs';
import { outboxIdle } from '../helpers/outbox';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/*
 * The newsletter list through HTTP only: double opt-in for visitors, one step for verified
 * accounts, one-click unsubscribe. Every token is read from the real mails the SMTP sink received.
 */

const GOOD = 'Brussels-Desk-2024!';
const SUBSCRIBER = 'plugin::newsletter.subscriber';

let app: TestApp;
let smtp: SmtpSink;
let clock: Clock;

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startApp({ env: { ...smtp.env(), MAIL_WORKER_POLL_MS: '100' } });
  clock = controlClock();
});
afterAll(async () => {
  clock?.restore();
  await app?.close();
  await smtp?.close();
});
afterEach(async () => {
  clock.reset();
  await resetRateLimits(app);
});

const post = (path: string, body: object = {}) => app.request().post(path).send(body);
const statusOf = async (email: string) =>
  ((await app.strapi.db.query(SUBSCRIBER).findOne({ where: { email } })) as { status: string } | null)?.status;
const mailsTo = (email: string, since: number) => smtp.mails.slice(since).filter((m) => recipient(m) === email);
const tokenIn = (mail: ParsedMail) => /#token=([\w.-]+)/.exec(mail.text ?? '')![1];
const listUnsubscribe = (mail: ParsedMail) =>
  mail.headerLines
    .filter((line) => line.key.startsWith('list-unsubscribe'))
    .map((line) => line.line.replace(/\r?\n\s+/g, ' '));
const oneClickUrl = (mail: ParsedMail) => /<(https?:\/\/[^>]+)>/.exec(listUnsubscribe(mail).join('\n'))![1];

const subscribeAndConfirm = async (email: string, locale = 'en') => {
  const since = smtp.mails.length;
  await post('/api/newsletter/subscribe', { email, locale }).expect(202);
  const confirmation = await smtp.waitFor((m) => smtp.mails.indexOf(m) >= since && recipient(m) === email);
  const welcomeSince = smtp.mails.length;
  await post('/api/newsletter/confirm', { token: tokenIn(confirmation) }).expect(200);
  const welcome = await smtp.waitFor((m) => smtp.mails.indexOf(m) >= welcomeSince && recipient(m) === email);
  return { confirmation, welcome };
};

describe('double opt-in', () => {
  it('keeps a visitor pending until the mailed link is confirmed, then welcomes them', async () => {
    const email = 'reader@example.org';
    const since = smtp.mails.length;
    const res = await post('/api/newsletter/subscribe', { email: '  Reader@Example.org ', locale: 'fr' });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'pending' });
    const confirmation = await smtp.waitFor((m) => smtp.mails.indexOf(m) >= since && recipient(m) === email);
    expect(confirmation.subject).toBe('Confirmez votre abonnement à la lettre Newsreel');
    expect(confirmation.text).toContain('48 heures');
    expect(confirmation.html).toContain('#token=');
    expect(await statusOf(email)).toBe('pending');

    const welcomeSince = smtp.mails.length;
    const confirmed = await post('/api/newsletter/confirm', { token: tokenIn(confirmation) });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({ status: 'subscribed' });
    expect(await statusOf(email)).toBe('subscribed');
    const welcome = await smtp.waitFor((m) => smtp.mails.indexOf(m) >= welcomeSince && recipient(m) === email);
    expect(listUnsubscribe(welcome)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^List-Unsubscribe: <http.*\/api\/newsletter\/unsubscribe\?token=/), 'List-Unsubscribe-Post: List-Unsubscribe=One-Click'])
    );
    const row = await app.strapi.db.query(SUBSCRIBER).findOne({ where: { email } });
    expect(row).toMatchObject({ locale: 'fr', source: 'form', consentedAt: expect.anything(), confirmedAt: expect.anything() });
  });

  it('answers the same to any well-formed address and mails nothing to one already subscribed', async () => {
    await subscribeAndConfirm('already@example.org');
    await outboxIdle(app);
    const since = smtp.mails.length;
    const known = await post('/api/newsletter/subscribe', { email: 'already@example.org' });
    const unknown = await post('/api/newsletter/subscribe', { email: 'someone-new@example.org' });
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(known.body).toEqual(unknown.body);
    await smtp.waitFor((m) => smtp.mails.indexOf(m) >= since && recipient(m) === 'someone-new@example.org');
    await outboxIdle(app);
    expect(mailsTo('already@example.org', since)).toHaveLength(0);
  });

  it('sends no second mail within ten minutes, and a fresh link after them that retires the old one', async () => {
    const email = 'twice@example.org';
    const since = smtp.mails.length;
    await post('/api/newsletter/subscribe', { email }).expect(202);
    const first = await smtp.waitFor((m) => smtp.mails.indexOf(m) >= since && recipient(m) === email);
    await Promise.all([1, 2, 3].map(() => post('/api/newsletter/subscribe', { email }).expect(202)));
    await outboxIdle(app);
    expect(mailsTo(email, since)).toHaveLength(1);

    clock.advance(10 * 60_000 + 1000);
    const again = smtp.mails.length;
    await post('/api/newsletter/subscribe', { email }).expect(202);
    const second = await smtp.waitFor((m) => smtp.mails.indexOf(m) >= again && recipient(m) === email);
    expect((await post('/api/newsletter/confirm', { token: tokenIn(first) })).status).toBe(400);
    expect((await post('/api/newsletter/confirm', { token: tokenIn(second) })).status).toBe(200);
  });

  it('refuses bad, tampered and expired confirmation tokens with one message', async () => {
    const email = 'late@example.org';
    const since = smtp.mails.length;
    await post('/api/newsletter/subscribe', { email }).expect(202);
    const token = tokenIn(await smtp.waitFor((m) => smtp.mails.indexOf(m) >= since && recipient(m) === email));
    const [head, body, signature] = token.split('.');
    const tampered = `${head}.${body}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    const answers = [await post('/api/newsletter/confirm', { token: 'not-a-token' }), await post('/api/newsletter/confirm', { token: tampered })];
    clock.advance(48 * 3_600_000 + 1000);
    answers.push(await post('/api/newsletter/confirm', { token }));
    for (const res of answers) {
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe('This link is not valid or has expired.');
    }
    expect(await statusOf(email)).toBe('pending');
  });
});

describe('verified accounts', () => {
  it('subscribes an account in one step, shows it, and ends it with DELETE', async () => {
    const { jwt } = await createVerifiedAccount(app, smtp, 'member@example.org', GOOD);
    const auth = { Authorization: `Bearer ${jwt}` };
    const none = await app.request().get('/api/newsletter/subscription').set(auth);
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ data: null });

    const res = await app.request().post('/api/newsletter/subscribe').set(auth).send({});
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'subscribed' });
    const mine = await app.request().get('/api/newsletter/subscription').set(auth);
    expect(mine.body.data).toMatchObject({ status: 'subscribed', source: 'account', locale: 'en' });
    expect(JSON.stringify(mine.body)).not.toMatch(/token|confirmationSentAt/);

    const left = await app.request().delete('/api/newsletter/subscription').set(auth);
    expect(left.status).toBe(200);
    expect(left.body).toEqual({ status: 'unsubscribed' });
    expect((await app.request().get('/api/newsletter/subscription').set(auth)).body.data.status).toBe('unsubscribed');
  });

  it('lets only accounts see or end a subscription', async () => {
    expect((await app.request().get('/api/newsletter/subscription')).status).toBe(403);
    expect((await app.request().delete('/api/newsletter/subscription')).status).toBe(403);
  });

  it('subscribes a registration that asked for the newsletter once it is verified, and not before', async () => {
    const email = 'wisher@example.org';
    const since = smtp.mails.length;
    await post('/api/auth/local/register', { email, password: GOOD, newsletter: true }).expect(200);
    const { code } = await codeMail(smtp, email, since);
    expect(await statusOf(email)).toBeUndefined();
    await post('/api/auth/verify-email', { email, code }).expect(200);
    expect(await statusOf(email)).toBe('subscribed');
    const user = await app.strapi.db.query('plugin::users-permissions.user').findOne({ where: { email } });
    expect(user.newsletterWish).toBe(false);
  });
});

describe('one-click unsubscribe', () => {
  it('unsubscribes with the exact RFC 8058 body, changes nothing on GET, and answers 200 again', async () => {
    const email = 'leaver@example.org';
    const { welcome } = await subscribeAndConfirm(email);
    const url = new URL(oneClickUrl(welcome));
    const path = `${url.pathname}${url.search}`;

    const peek = await app.request().get(path);
    expect(peek.status).toBeGreaterThanOrEqual(400);
    expect(peek.status).toBeLessThan(500);
    expect(await statusOf(email)).toBe('subscribed');

    const oneClick = () =>
      app.request().post(path).set('Content-Type', 'application/x-www-form-urlencoded').send('List-Unsubscribe=One-Click');
    const first = await oneClick();
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ status: 'unsubscribed' });
    expect(first.headers.location).toBeUndefined();
    expect(first.headers['set-cookie']).toBeUndefined();
    expect(await statusOf(email)).toBe('unsubscribed');
    const second = await oneClick();
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ status: 'unsubscribed' });
  });

  it('unsubscribes from a frontend with JSON {token}, and keeps tokens out of the log', async () => {
    const email = 'frontend-leaver@example.org';
    const { confirmation, welcome } = await subscribeAndConfirm(email);
    const token = tokenIn(welcome);
    const { result, lines } = await captureLogs(app.strapi, () => post('/api/newsletter/unsubscribe', { token }));
    expect(result.status).toBe(200);
    expect(await statusOf(email)).toBe('unsubscribed');
    const oneClick = oneClickUrl(welcome);
    const more = await captureLogs(app.strapi, () => app.request().post(`${new URL(oneClick).pathname}${new URL(oneClick).search}`).send({}));
    expect(more.result.status).toBe(200);
    const log = [...lines, ...more.lines].join('\n');
    expect(log).toContain('/api/newsletter/unsubscribe');
    for (const secret of [token, tokenIn(confirmation), new URL(oneClick).searchParams.get('token')!]) {
      expect(log).not.toContain(secret);
    }
  });
});

describe('bad input', () => {
  it.each([
    ['a malformed address', '/api/newsletter/subscribe', { email: 'not-an-address' }],
    ['no address', '/api/newsletter/subscribe', {}],
    ['an address of the wrong type', '/api/newsletter/subscribe', { email: { $ne: null } }],
    ['an unknown language', '/api/newsletter/subscribe', { email: 'a@example.org', locale: 'de' }],
    ['an unknown field', '/api/newsletter/subscribe', { email: 'a@example.org', admin: true }],
    ['a token of the wrong type', '/api/newsletter/confirm', { token: 42 }],
    ['no token', '/api/newsletter/confirm', {}],
    ['a confirmation token as unsubscribe token', '/api/newsletter/unsubscribe', { token: 'x.y.z' }],
    ['a wrong one-click body', '/api/newsletter/unsubscribe?token=x.y.z', { 'List-Unsubscribe': 'Yes' }],
  ])('answers 400 to %s', async (_label, path, body) => {
    const res = await post(path, body);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
  });

  it('answers 400 to a huge body', async () => {
    const res = await post('/api/newsletter/subscribe', { email: 'a@example.org', padding: 'x'.repeat(3 * 1024 * 1024) });
    expect(res.status).toBe(400);
  });

  it.each([
    ['subscribe', '/api/newsletter/subscribe', (i: number) => ({ email: `burst${i}@example.org` }), 202],
    ['confirm', '/api/newsletter/confirm', (i: number) => ({ token: `not.a.token${i}` }), 400],
  ])('limits %s requests per IP', async (name, path, body, answer) => {
    const { max } = app.strapi.plugin('rate-limit').service('limiter').limitOf(`newsletter.${name}`) as { max: number };
    for (let i = 0; i < max; i += 1) expect((await post(path, body(i))).status).toBe(answer);
    const limited = await post(path, body(max));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});
