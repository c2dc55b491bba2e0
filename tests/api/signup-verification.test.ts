import { codeMail, createVerifiedAccount, recipient } from '../helpers/accounts';
import { resetRateLimits, startApp, type TestApp } from '../helpers/app';
import { type Clock, controlClock } from '../helpers/clock';
import { captureLogs } from '../helpers/logs';
import { outboxRow } from '../helpers/outbox';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/*
 * Signup with an emailed code, resend, and reset by code, through HTTP only: every code is read
 * from the real mail the SMTP sink received.
 */

const GOOD = 'Brussels-Desk-2024!';
const OTHER = 'Stockholm-Forum-2023#';
const FRONTEND = 'https://frontend.example.org';

let app: TestApp;
let smtp: SmtpSink;
let clock: Clock;

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startApp({ env: { ...smtp.env(), EMAIL_FROM: 'Newsreel Desk <desk@newsreel.test>' } });
  clock = controlClock();
});
afterAll(async () => {
  clock?.restore();
  await app?.close();
  await smtp?.close();
});
afterEach(async () => {
  clock.reset();
  // Per-IP limits are exercised by their own test; the others start with a clean slate.
  await resetRateLimits(app);
});

const post = (path: string, body: unknown) => app.request().post(path).send(body as object);
const register = (body: Record<string, unknown>) => post('/api/auth/local/register', body);
const verify = (email: string, code: string) => post('/api/auth/verify-email', { email, code });
const login = (identifier: string, password: string) => post('/api/auth/local', { identifier, password });
const other = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('signup', () => {
  it('mails a 6-digit code valid 30 minutes, verifies it, logs the user in and returns returnTo', async () => {
    const since = smtp.mails.length;
    const res = await register({
      email: 'Journalist@Example.org',
      password: GOOD,
      firstName: 'Ana',
      lastName: 'Reporter',
      organisation: 'Daily Wire Service',
      country: 'PT',
      locale: 'en',
      returnTo: `${FRONTEND}/videos/stockholm?x=1`,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'verification-pending', email: 'journalist@example.org' });

    const { mail, code } = await codeMail(smtp, 'journalist@example.org', since);
    expect(mail.from?.value).toEqual([{ name: 'Newsreel Desk', address: 'desk@newsreel.test' }]);
    expect(mail.subject).toBe('Your Newsreel verification code');
    expect(mail.text).toContain('30 minutes');
    expect(mail.html).toContain(code);
    expect(mail.html).toContain('30 minutes');

    expect((await login('journalist@example.org', GOOD)).status).toBe(400);

    const verified = await verify('journalist@example.org', code);
    expect(verified.status).toBe(200);
    expect(verified.body.jwt).toEqual(expect.any(String));
    expect(verified.body.returnTo).toBe(`${FRONTEND}/videos/stockholm?x=1`);
    expect(verified.body.user).toMatchObject({
      email: 'journalist@example.org',
      confirmed: true,
      firstName: 'Ana',
      organisation: 'Daily Wire Service',
      country: 'PT',
    });
    expect(JSON.stringify(verified.body)).not.toMatch(/password|newsletterWish|passwordChangedAt/);
    const me = await app.request().get('/api/users/me').set('Authorization', `Bearer ${verified.body.jwt}`);
    expect(me.status).toBe(200);
    expect((await login('journalist@example.org', GOOD)).status).toBe(200);
  });

  it('writes French mails for locale fr', async () => {
    const since = smtp.mails.length;
    await register({ email: 'redaction@example.fr', password: GOOD, locale: 'fr' }).expect(200);
    const { mail } = await codeMail(smtp, 'redaction@example.fr', since);
    expect(mail.subject).toBe('Votre code de vérification Newsreel');
    expect(mail.text).toContain('30 minutes');
    expect(mail.text).toContain('Saisissez ce code');
  });

  it('answers the same for a new and an existing email, and never with a JWT', async () => {
    await createVerifiedAccount(app, smtp, 'owner@example.org', GOOD);
    // Past the resend cooldown of the signup code, so the owner is warned.
    clock.advance(61_000);
    const since = smtp.mails.length;
    const known = await register({ email: 'owner@example.org', password: OTHER });
    const unknown = await register({ email: 'newcomer@example.org', password: OTHER });
    expect(known.status).toBe(unknown.status);
    expect({ ...known.body, email: '' }).toEqual({ ...unknown.body, email: '' });
    expect(JSON.stringify(known.body)).not.toContain('jwt');
    const warning = await smtp.waitFor((m) => smtp.mails.indexOf(m) >= since && recipient(m) === 'owner@example.org');
    expect(warning.subject).toMatch(/tried to create/);
    expect(warning.text).not.toMatch(/\b\d{6}\b/);
    // The owner's password is untouched.
    expect((await login('owner@example.org', GOOD)).status).toBe(200);
  });

  it('lets the latest registration of an unverified account win only once its code is verified', async () => {
    const since = smtp.mails.length;
    await register({ email: 'twice@example.org', password: GOOD }).expect(200);
    await codeMail(smtp, 'twice@example.org', since);
    clock.advance(61_000);
    const again = smtp.mails.length;
    await register({ email: 'twice@example.org', password: OTHER }).expect(200);
    const { code } = await codeMail(smtp, 'twice@example.org', again);
    expect((await verify('twice@example.org', code)).status).toBe(200);
    expect((await login('twice@example.org', GOOD)).status).toBe(400);
    expect((await login('twice@example.org', OTHER)).status).toBe(200);
  });

  it('drops a returnTo outside FRONTEND_URLS', async () => {
    const since = smtp.mails.length;
    await register({ email: 'redirect@example.org', password: GOOD, returnTo: 'https://evil.example.com/phish' }).expect(200);
    const { code } = await codeMail(smtp, 'redirect@example.org', since);
    const verified = await verify('redirect@example.org', code);
    expect(verified.status).toBe(200);
    expect(verified.body.returnTo).toBeUndefined();
  });

  it('never confirms anything through the stock email-confirmation link', async () => {
    const since = smtp.mails.length;
    await register({ email: 'linky@example.org', password: GOOD }).expect(200);
    await codeMail(smtp, 'linky@example.org', since);
    const res = await app.request().get('/api/auth/email-confirmation?confirmation=anything');
    expect(res.status).toBe(410);
    const user = await app.strapi.db.query('plugin::users-permissions.user').findOne({ where: { email: 'linky@example.org' } });
    expect(user.confirmed).toBe(false);
  });
});

describe('code secrecy', () => {
  it('keeps the code out of logs and answers, and stores only an HMAC of it', async () => {
    let code = '';
    const { result: answers, lines } = await captureLogs(app.strapi, async () => {
      const since = smtp.mails.length;
      const registered = await register({ email: 'secret@example.org', password: GOOD, newsletter: true });
      ({ code } = await codeMail(smtp, 'secret@example.org', since));
      const wrong = await verify('secret@example.org', other(code));
      const right = await verify('secret@example.org', code);
      expect(right.status).toBe(200);
      return JSON.stringify([registered.body, wrong.body, right.body]);
    });
    expect(lines.some((line) => line.includes('/api/auth/verify-email'))).toBe(true);
    expect(lines.join('\n')).not.toContain(code);
    expect(answers).not.toContain(code);

    const row = await app.strapi.db
      .query('plugin::signup-verification.verification-code')
      .findOne({ where: { email: 'secret@example.org' } });
    expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.codeHash).not.toContain(code);
    // The newsletter wish became a subscription at verification (tests/api/newsletter-subscribers).
    const subscriber = await app.strapi.db.query('plugin::newsletter.subscriber').findOne({ where: { email: 'secret@example.org' } });
    expect(subscriber.status).toBe('subscribed');
  });
});

describe('codes', () => {
  const registered = async (email: string) => {
    const since = smtp.mails.length;
    await register({ email, password: GOOD }).expect(200);
    return (await codeMail(smtp, email, since)).code;
  };

  it('refuses wrong, unknown and expired codes with one message', async () => {
    const code = await registered('expiry@example.org');
    const wrong = await verify('expiry@example.org', other(code));
    const unknown = await verify('nobody@example.org', code);
    clock.advance(30 * 60_000 + 1000);
    const expired = await verify('expiry@example.org', code);
    for (const res of [wrong, unknown, expired]) {
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe('Invalid or expired code.');
    }
  });

  it('accepts a code once only', async () => {
    const code = await registered('once@example.org');
    expect((await verify('once@example.org', code)).status).toBe(200);
    expect((await verify('once@example.org', code)).status).toBe(400);
  });

  it('kills a code after five wrong tries, even if the right one comes next, and a resend does not help', async () => {
    const code = await registered('guesser@example.org');
    for (let i = 0; i < 5; i += 1) expect((await verify('guesser@example.org', other(code))).status).toBe(400);
    const right = await verify('guesser@example.org', code);
    expect(right.status).toBe(429);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);

    clock.advance(61_000);
    const since = smtp.mails.length;
    await post('/api/auth/resend-code', { email: 'guesser@example.org', purpose: 'signup' }).expect(200);
    const fresh = (await codeMail(smtp, 'guesser@example.org', since)).code;
    expect((await verify('guesser@example.org', fresh)).status).toBe(429);
    clock.advance(60 * 60_000);
    expect((await verify('guesser@example.org', fresh)).status).toBe(400);
  });

  it('resend: the old code stops working, the new one works', async () => {
    const first = await registered('resender@example.org');
    clock.advance(61_000);
    const since = smtp.mails.length;
    const known = await post('/api/auth/resend-code', { email: 'resender@example.org', purpose: 'signup' });
    const unknown = await post('/api/auth/resend-code', { email: 'never-registered@example.org', purpose: 'signup' });
    expect([known.status, unknown.status]).toEqual([200, 200]);
    expect(known.body).toEqual({ status: 'sent' });
    expect(unknown.body).toEqual(known.body);
    const second = (await codeMail(smtp, 'resender@example.org', since)).code;
    expect((await verify('resender@example.org', first)).status).toBe(400);
    expect((await verify('resender@example.org', second)).status).toBe(200);
  });

  it('resend answers 429 with Retry-After inside the cooldown, for known and unknown emails alike', async () => {
    await registered('cooldown@example.org');
    const known = await post('/api/auth/resend-code', { email: 'cooldown@example.org', purpose: 'signup' });
    await post('/api/auth/resend-code', { email: 'ghost@example.org', purpose: 'signup' }).expect(200);
    const unknown = await post('/api/auth/resend-code', { email: 'ghost@example.org', purpose: 'signup' });
    for (const res of [known, unknown]) {
      expect(res.status).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    }
    expect(known.body.error.message.replace(/\d+/g, 'N')).toBe(unknown.body.error.message.replace(/\d+/g, 'N'));
  });

  it('sends at most five codes per email and purpose in an hour', async () => {
    await registered('hourly@example.org');
    for (let i = 0; i < 4; i += 1) {
      clock.advance(61_000);
      await post('/api/auth/resend-code', { email: 'hourly@example.org', purpose: 'signup' }).expect(200);
    }
    clock.advance(61_000);
    expect((await post('/api/auth/resend-code', { email: 'hourly@example.org', purpose: 'signup' })).status).toBe(429);
  });

  it('keeps signup and reset codes apart', async () => {
    await createVerifiedAccount(app, smtp, 'apart@example.org', GOOD);
    const since = smtp.mails.length;
    await post('/api/auth/forgot-password', { email: 'apart@example.org' }).expect(200);
    const { code } = await codeMail(smtp, 'apart@example.org', since);
    expect((await verify('apart@example.org', code)).status).toBe(400);

    const signup = await registered('apart2@example.org');
    const reset = await post('/api/auth/reset-password', {
      email: 'apart2@example.org',
      code: signup,
      password: OTHER,
      passwordConfirmation: OTHER,
    });
    expect(reset.status).toBe(400);
  });
});

describe('password reset', () => {
  it('resets with the mailed code, ends sessions, mails a notice and returns returnTo', async () => {
    const { jwt } = await createVerifiedAccount(app, smtp, 'reset@example.org', GOOD);
    const unknown = await post('/api/auth/forgot-password', { email: 'nobody-here@example.org' });
    const since = smtp.mails.length;
    const known = await post('/api/auth/forgot-password', { email: 'reset@example.org', returnTo: `${FRONTEND}/article/42` });
    expect(known.status).toBe(200);
    expect(known.body).toEqual({ status: 'sent' });
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual(known.body);

    const { mail, code } = await codeMail(smtp, 'reset@example.org', since);
    expect(mail.subject).toBe('Your Newsreel password reset code');
    expect(mail.text).toContain('30 minutes');

    const weak = await post('/api/auth/reset-password', { email: 'reset@example.org', code, password: 'weak', passwordConfirmation: 'weak' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details.errors[0].rule).toBe('min-length');

    const noticeSince = smtp.mails.length;
    const reset = await post('/api/auth/reset-password', {
      email: 'reset@example.org',
      code,
      password: OTHER,
      passwordConfirmation: OTHER,
    });
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({ status: 'password-updated', returnTo: `${FRONTEND}/article/42` });
    expect(JSON.stringify(reset.body)).not.toContain('jwt');

    const notice = await smtp.waitFor((m) => smtp.mails.indexOf(m) >= noticeSince && recipient(m) === 'reset@example.org');
    expect(notice.subject).toBe('Your Newsreel password was changed');
    const old = await app.request().get('/api/users/me').set('Authorization', `Bearer ${jwt}`);
    expect(old.status).toBe(401);
    expect((await login('reset@example.org', GOOD)).status).toBe(400);
    // Logged in again within the same second as the change: the new token works at once.
    const fresh = await login('reset@example.org', OTHER);
    expect(fresh.status).toBe(200);
    expect((await app.request().get('/api/users/me').set('Authorization', `Bearer ${fresh.body.jwt}`)).status).toBe(200);
  });
});

describe('users-permissions settings', () => {
  const store = () => app.strapi.store({ type: 'plugin', name: 'users-permissions' });
  const withAdvanced = async (change: Record<string, unknown>, work: () => Promise<void>) => {
    const before = (await store().get({ key: 'advanced' })) as Record<string, unknown>;
    await store().set({ key: 'advanced', value: { ...before, ...change } });
    try {
      await work();
    } finally {
      await store().set({ key: 'advanced', value: before });
    }
  };

  it('answers 403 with a clear message to every registration while sign-ups are off, and sends nothing', async () => {
    await createVerifiedAccount(app, smtp, 'existing-closed@example.org', GOOD);
    clock.advance(61_000);
    await withAdvanced({ allow_register: false }, async () => {
      const since = smtp.mails.length;
      for (const email of ['closed@example.org', 'existing-closed@example.org']) {
        const res = await register({ email, password: GOOD });
        expect(res.status).toBe(403);
        expect(res.body.error.message).toMatch(/sign-ups are closed/i);
      }
      const user = await app.strapi.db.query('plugin::users-permissions.user').findOne({ where: { email: 'closed@example.org' } });
      expect(user).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(smtp.mails.length).toBe(since);
    });
    expect((await register({ email: 'closed@example.org', password: GOOD })).status).toBe(200);
  });

  it('gives new accounts the default role chosen in users-permissions', async () => {
    await app.strapi.plugin('users-permissions').service('role').createRole({
      name: 'Broadcaster',
      description: 'Accredited broadcasters',
      permissions: {},
    });
    const created = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { name: 'Broadcaster' } });
    expect(created).not.toBeNull();
    await withAdvanced({ default_role: created.type }, async () => {
      await register({ email: 'broadcaster@example.org', password: GOOD }).expect(200);
    });
    const user = await app.strapi.db
      .query('plugin::users-permissions.user')
      .findOne({ where: { email: 'broadcaster@example.org' }, populate: ['role'] });
    expect(user.role.type).toBe('broadcaster');
  });
});

describe('when the mail relay is down', () => {
  it('answers at once, keeps the mail queued, and delivers it once the relay is back', async () => {
    const since = smtp.mails.length;
    await smtp.stop();
    try {
      const res = await register({ email: 'offline@example.org', password: GOOD });
      expect(res.status).toBe(200);
      // The worker's first try fails against the closed port and is rescheduled.
      const row = await outboxRow(app, { recipient: 'offline@example.org' }, (r) => Number(r.attempts) > 0);
      expect(row).toMatchObject({ status: 'queued', attempts: expect.any(Number) });
      expect(row.attempts).toBeGreaterThan(0);
      expect(row.lastError).toEqual(expect.any(String));
    } finally {
      await smtp.start();
    }
    const { code } = await codeMail(smtp, 'offline@example.org', since);
    expect((await verify('offline@example.org', code)).status).toBe(200);
    expect((await login('offline@example.org', GOOD)).status).toBe(200);
    expect(smtp.mails.filter((m) => recipient(m) === 'offline@example.org')).toHaveLength(1);
  });
});

describe('bad input', () => {
  it.each([
    ['register without a password', '/api/auth/local/register', { email: 'a@example.org' }],
    ['register with a malformed email', '/api/auth/local/register', { email: 'not-an-email', password: GOOD }],
    ['register with an unknown field', '/api/auth/local/register', { email: 'a@example.org', password: GOOD, role: 1 }],
    ['register with a number as email', '/api/auth/local/register', { email: 42, password: GOOD }],
    ['register with an object as email', '/api/auth/local/register', { email: { $ne: null }, password: GOOD }],
    ['verify with an array as email', '/api/auth/verify-email', { email: ['a@example.org'], code: '123456' }],
    ['verify with letters in the code', '/api/auth/verify-email', { email: 'a@example.org', code: '12a456' }],
    ['verify with seven digits', '/api/auth/verify-email', { email: 'a@example.org', code: '1234567' }],
    ['verify with a number as code', '/api/auth/verify-email', { email: 'a@example.org', code: 123456 }],
    ['verify without an email', '/api/auth/verify-email', { code: '123456' }],
    ['resend with an unknown purpose', '/api/auth/resend-code', { email: 'a@example.org', purpose: 'admin' }],
    ['forgot-password without an email', '/api/auth/forgot-password', {}],
    ['reset with mismatched passwords', '/api/auth/reset-password', { email: 'a@example.org', code: '123456', password: GOOD, passwordConfirmation: OTHER }],
  ])('answers 400 to %s', async (_label, path, body) => {
    const res = await post(path, body);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
  });

  it('trims and lower-cases a padded email instead of refusing it', async () => {
    const since = smtp.mails.length;
    const res = await register({ email: '  Padded.Reporter@Example.ORG\t', password: GOOD });
    expect(res.status).toBe(200);
    expect(res.body.email).toBe('padded.reporter@example.org');
    const { code } = await codeMail(smtp, 'padded.reporter@example.org', since);
    expect((await verify(' PADDED.reporter@example.org ', code)).status).toBe(200);
  });

  it('answers 400 to a huge body', async () => {
    const res = await register({ email: 'huge@example.org', password: GOOD, firstName: 'x'.repeat(3 * 1024 * 1024) });
    expect(res.status).toBe(400);
  });
});

describe('per-IP limits', () => {
  it('answers 429 with Retry-After once an IP has used its registrations', async () => {
    const { max } = app.strapi.plugin('rate-limit').service('limiter').limitOf('signup-verification.register') as { max: number };
    for (let i = 0; i < max; i += 1) {
      expect((await register({ email: `burst${i}@example.org`, password: GOOD })).status).toBe(200);
    }
    const limited = await register({ email: 'burst-last@example.org', password: GOOD });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it.each([
    ['verify', '/api/auth/verify-email', (i: number) => ({ email: `v${i}@example.org`, code: '123456' })],
    ['resend', '/api/auth/resend-code', (i: number) => ({ email: `r${i}@example.org`, purpose: 'signup' })],
    ['forgotPassword', '/api/auth/forgot-password', (i: number) => ({ email: `f${i}@example.org` })],
    [
      'resetPassword',
      '/api/auth/reset-password',
      (i: number) => ({ email: `p${i}@example.org`, code: '123456', password: GOOD, passwordConfirmation: GOOD }),
    ],
    ['login', '/api/auth/local', (i: number) => ({ identifier: `l${i}@example.org`, password: GOOD })],
  ])('limits %s per IP, answering 429 with Retry-After', async (name, path, body) => {
    const limitName = name === 'login' ? 'users-permissions.login' : `signup-verification.${name}`;
    const { max } = app.strapi.plugin('rate-limit').service('limiter').limitOf(limitName) as { max: number };
    for (let i = 0; i < max; i += 1) expect((await post(path, body(i))).status).not.toBe(429);
    const limited = await post(path, body(max));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});
