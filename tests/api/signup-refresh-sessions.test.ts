import { codeMail } from '../helpers/accounts';
import { startApp, type TestApp } from '../helpers/app';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/* With users-permissions' refresh sessions on: verification opens one, a password reset ends all. */

const GOOD = 'Brussels-Desk-2024!';
const OTHER = 'Stockholm-Forum-2023#';

let app: TestApp;
let smtp: SmtpSink;

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startApp({ env: { ...smtp.env(), JWT_MANAGEMENT: 'refresh' } });
});
afterAll(async () => {
  await app?.close();
  await smtp?.close();
});

it('answers verify-email with a refresh token, and a reset ends every session and refresh token', async () => {
  const email = 'sessions@example.org';
  let since = smtp.mails.length;
  await app.request().post('/api/auth/local/register').send({ email, password: GOOD }).expect(200);
  let { code } = await codeMail(smtp, email, since);
  const verified = await app.request().post('/api/auth/verify-email').send({ email, code });
  expect(verified.status).toBe(200);
  expect(verified.body).toEqual(expect.objectContaining({ jwt: expect.any(String), refreshToken: expect.any(String) }));

  // A second session, from a log-in on another device.
  const other = await app.request().post('/api/auth/local').send({ identifier: email, password: GOOD, deviceId: 'tablet' });
  expect(other.body.refreshToken).toEqual(expect.any(String));
  const refreshed = await app.request().post('/api/auth/refresh').send({ refreshToken: other.body.refreshToken });
  expect(refreshed.status).toBe(200);

  since = smtp.mails.length;
  await app.request().post('/api/auth/forgot-password').send({ email }).expect(200);
  ({ code } = await codeMail(smtp, email, since));
  await app.request().post('/api/auth/reset-password').send({ email, code, password: OTHER, passwordConfirmation: OTHER }).expect(200);

  for (const refreshToken of [verified.body.refreshToken, refreshed.body.refreshToken]) {
    expect((await app.request().post('/api/auth/refresh').send({ refreshToken })).status).toBe(401);
  }
  for (const jwt of [verified.body.jwt, refreshed.body.jwt]) {
    expect((await app.request().get('/api/users/me').set('Authorization', `Bearer ${jwt}`)).status).toBe(401);
  }
});
