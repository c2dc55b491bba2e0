import { codeMail, createVerifiedAccount } from '../helpers/accounts';
import { resetRateLimits, startApp, type TestApp } from '../helpers/app';
import { type Clock, controlClock } from '../helpers/clock';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/*
 * Tokens after a password change, used at once: a token issued after the change works within the
 * same second; one issued before it does not.
 */

const GOOD = 'Brussels-Desk-2024!';
const OTHER = 'Stockholm-Forum-2023#';
const THIRD = 'Geneva-Plenary-2025$';

let app: TestApp;
let smtp: SmtpSink;
let clock: Clock;

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startApp({ env: smtp.env() });
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

const me = (jwt: string) => app.request().get('/api/users/me').set('Authorization', `Bearer ${jwt}`);
const login = (identifier: string, password: string) => app.request().post('/api/auth/local').send({ identifier, password });

it('accepts at once the JWT of a verification that applied a second registration’s password', async () => {
  const email = 'twice-token@example.org';
  let since = smtp.mails.length;
  await app.request().post('/api/auth/local/register').send({ email, password: GOOD }).expect(200);
  await codeMail(smtp, email, since);
  clock.advance(61_000);
  since = smtp.mails.length;
  await app.request().post('/api/auth/local/register').send({ email, password: OTHER }).expect(200);
  const { code } = await codeMail(smtp, email, since);
  clock.freeze();
  const verified = await app.request().post('/api/auth/verify-email').send({ email, code });
  expect(verified.status).toBe(200);
  expect((await me(verified.body.jwt)).status).toBe(200);
});

it('accepts at once a JWT from a log-in right after a reset, and refuses the one from before', async () => {
  const email = 'reset-token@example.org';
  const { jwt: before } = await createVerifiedAccount(app, smtp, email, GOOD);
  expect((await me(before)).status).toBe(200);
  const since = smtp.mails.length;
  await app.request().post('/api/auth/forgot-password').send({ email }).expect(200);
  const { code } = await codeMail(smtp, email, since);
  // The change and the next log-in in the very same millisecond: the new token must still stand.
  clock.freeze();
  await app.request().post('/api/auth/reset-password').send({ email, code, password: OTHER, passwordConfirmation: OTHER }).expect(200);
  const after = await login(email, OTHER);
  expect(after.status).toBe(200);
  expect((await me(after.body.jwt)).status).toBe(200);
  expect((await me(before)).status).toBe(401);
});

it('ends older tokens on change-password too, and the token it answers with works at once', async () => {
  const email = 'change-token@example.org';
  const { jwt: before } = await createVerifiedAccount(app, smtp, email, GOOD);
  clock.freeze();
  const changed = await app
    .request()
    .post('/api/auth/change-password')
    .set('Authorization', `Bearer ${before}`)
    .send({ currentPassword: GOOD, password: THIRD, passwordConfirmation: THIRD });
  expect(changed.status).toBe(200);
  expect((await me(changed.body.jwt)).status).toBe(200);
  expect((await me(before)).status).toBe(401);
});
