import { codeMail } from '../helpers/accounts';
import { startApp, startSecondInstance, type TestApp } from '../helpers/app';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/*
 * Two server processes on one database, as behind a load balancer: every counter lives in the
 * database, so wrong tries and cooldowns add up across them instead of multiplying.
 */

const GOOD = 'Brussels-Desk-2024!';
const other = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

let app: TestApp;
let smtp: SmtpSink;
let second: Awaited<ReturnType<typeof startSecondInstance>>;

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startApp({ env: smtp.env() });
  second = await startSecondInstance();
});
afterAll(async () => {
  await second?.stop();
  await app?.close();
  await smtp?.close();
});

it('counts wrong codes across both processes: five in all, then even the right code is refused', async () => {
  const since = smtp.mails.length;
  await app.request().post('/api/auth/local/register').send({ email: 'shared@example.org', password: GOOD }).expect(200);
  const { code } = await codeMail(smtp, 'shared@example.org', since);
  const verifyOn = (target: { request(): ReturnType<TestApp['request']> }, value: string) =>
    target.request().post('/api/auth/verify-email').send({ email: 'shared@example.org', code: value });

  for (const target of [app, second, app, second, app]) {
    expect((await verifyOn(target, other(code))).status).toBe(400);
  }
  expect((await verifyOn(second, code)).status).toBe(429);
  expect((await verifyOn(app, code)).status).toBe(429);
});

it('shares the resend cooldown: a second process refuses a resend the first just made', async () => {
  const since = smtp.mails.length;
  await second.request().post('/api/auth/local/register').send({ email: 'cool@example.org', password: GOOD }).expect(200);
  await codeMail(smtp, 'cool@example.org', since);
  const resend = await app.request().post('/api/auth/resend-code').send({ email: 'cool@example.org', purpose: 'signup' });
  expect(resend.status).toBe(429);
  expect(Number(resend.headers['retry-after'])).toBeGreaterThan(0);
});
