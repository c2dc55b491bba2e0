import fs from 'node:fs';
import { codeMail, createVerifiedAccount, recipient } from '../helpers/accounts';
import { resetRateLimits, startApp, type TestApp } from '../helpers/app';
import { type Clock, controlClock } from '../helpers/clock';
import { outboxRow } from '../helpers/outbox';
import { createSealer } from '../../src/plugins/mail-outbox/server/src/mail/sealed-payload';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/*
 * Account and newsletter mails leave through the mail-outbox plugin's durable outbox: the answer
 * never waits on the relay, a mail queued by a process that stops is sent after the restart, once,
 * a claim left by a process that died is taken over when its lease runs out, and a row written
 * the way signup-verification wrote them before the outbox was split out of it is still sent.
 */

const GOOD = 'Brussels-Desk-2024!';
const MESSAGE = 'plugin::mail-outbox.outbox-message';

let smtp: SmtpSink;
beforeAll(async () => {
  smtp = await startSmtpSink();
});
afterAll(async () => {
  await smtp?.close();
});

describe('with one app', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp({ env: { ...smtp.env(), MAIL_WORKER_POLL_MS: '100', MAIL_WORKER_LEASE_SECONDS: '2' } });
  });
  afterAll(async () => {
    await app?.close();
  });
  afterEach(async () => {
    await resetRateLimits(app);
  });

  it('answers forgot-password while the relay still holds the mail, which arrives once released', async () => {
    const email = 'held@example.org';
    await createVerifiedAccount(app, smtp, email, GOOD);
    const since = smtp.mails.length;
    const release = smtp.hold();
    try {
      const res = await app.request().post('/api/auth/forgot-password').send({ email });
      expect(res.status).toBe(200);
      // Answered, yet the relay has accepted nothing: the answer did not wait for it.
      expect(smtp.mails.length).toBe(since);
      await outboxRow(app, { recipient: email, kind: 'signup-verification:reset' }, (row) => row.leasedBy !== null);
      expect(smtp.mails.length).toBe(since);
    } finally {
      release();
    }
    await codeMail(smtp, email, since);
    const row = await outboxRow(app, { recipient: email, kind: 'signup-verification:reset' }, (r) => r.status === 'sent');
    // Once sent, the sealed values (the code) are gone from the table.
    expect(row.payload).toBeNull();
  });

  it('keeps no code in clear in a queued row', async () => {
    const email = 'sealed@example.org';
    const release = smtp.hold();
    const since = smtp.mails.length;
    try {
      await app.request().post('/api/auth/local/register').send({ email, password: GOOD }).expect(200);
      const row = await outboxRow(app, { recipient: email }, () => true);
      expect(row.payload).toEqual(expect.any(String));
      release();
      const { code } = await codeMail(smtp, email, since);
      expect(String(row.payload)).not.toContain(code);
    } finally {
      release();
    }
  });

  it('takes over a row whose worker died holding it, once its lease has run out', async () => {
    const service = app.strapi.plugin('mail-outbox').service('outbox');
    await service.stop();
    const since = smtp.mails.length;
    try {
      const id = await service.enqueue({ kind: 'signup-verification:resetNotice', locale: 'en', to: 'orphan@example.org', values: {} });
      // A worker of another process claimed the row, then the process died.
      await app.strapi.db.query(MESSAGE).update({ where: { id }, data: { leasedBy: 'dead-host:1:abc', leaseUntil: Date.now() + 1500 } });
    } finally {
      service.start();
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.mails.slice(since).filter((m) => recipient(m) === 'orphan@example.org')).toHaveLength(0);
    await smtp.waitFor((m) => smtp.mails.indexOf(m) >= since && recipient(m) === 'orphan@example.org');
    const row = await outboxRow(app, { recipient: 'orphan@example.org' }, (r) => r.status === 'sent');
    expect(row.leasedBy).toBe(service.workerId);
    expect(smtp.mails.slice(since).filter((m) => recipient(m) === 'orphan@example.org')).toHaveLength(1);
  });

  it('drops a code mail that could not be sent before its code expired', async () => {
    const service = app.strapi.plugin('mail-outbox').service('outbox');
    const id = await service.enqueue({
      kind: 'signup-verification:signup',
      locale: 'en',
      to: 'too-late@example.org',
      values: { code: '123456', minutes: '30' },
      expiresAt: Date.now() - 1,
    });
    const row = await outboxRow(app, { id }, (r) => r.status !== 'queued');
    expect(row).toMatchObject({ status: 'expired', payload: null });
    expect(smtp.mails.some((m) => recipient(m) === 'too-late@example.org')).toBe(false);
  });
  it('sends a row without a kind prefix, as signup-verification wrote them before the split (older rows, or an older process during a rolling restart)', async () => {
    const since = smtp.mails.length;
    const key = String(app.strapi.config.get('server.app.keys', [''])[0]);
    await app.strapi.db.query(MESSAGE).create({
      data: {
        kind: 'resetNotice',
        locale: 'fr',
        recipient: 'legacy@example.org',
        payload: createSealer(key).seal({}),
        status: 'queued',
        attempts: 0,
        nextAttemptAt: Date.now(),
        expiresAt: Date.now() + 3_600_000,
      },
    });
    const mail = await smtp.waitFor((m) => smtp.mails.indexOf(m) >= since && recipient(m) === 'legacy@example.org');
    expect(mail.subject).toBe('Votre mot de passe Newsreel a été modifié');
    const row = await outboxRow(app, { recipient: 'legacy@example.org' }, (r) => r.status === 'sent');
    expect(row.attempts).toBe(0);
  });

  it('refuses a mail of a kind no plugin renders, at once rather than in the worker', async () => {
    const service = app.strapi.plugin('mail-outbox').service('outbox');
    await expect(service.enqueue({ kind: 'unknown:note', locale: 'en', to: 'nobody@example.org', values: {} })).rejects.toThrow(/no registered renderer/);
    await expect(service.enqueue({ kind: 'resetNotice', locale: 'en', to: 'nobody@example.org', values: {} })).rejects.toThrow(/no registered renderer/);
    expect(await app.strapi.db.query(MESSAGE).count({ where: { recipient: 'nobody@example.org' } })).toBe(0);
  });
});

describe('across a restart', () => {
  it('sends, once, a mail queued by a process that stopped before sending it', async () => {
    const email = 'restart@example.org';
    const first = await startApp({ env: smtp.env() });
    let database = first.database;
    let dir = first.dir;
    try {
      await createVerifiedAccount(first, smtp, email, GOOD);
    } finally {
      await first.close({ keepDatabase: true });
    }
    // This process queues mail but does not send it: it stops after answering, before any send.
    const web = await startApp({ env: { ...smtp.env(), MAIL_WORKER: 'false' }, database, dir });
    const since = smtp.mails.length;
    try {
      await web.request().post('/api/auth/forgot-password').send({ email }).expect(200);
      const queued = await web.strapi.db.query(MESSAGE).findOne({ where: { recipient: email, kind: 'signup-verification:reset' } });
      expect(queued).toMatchObject({ status: 'queued', attempts: 0 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(smtp.mails.length).toBe(since);
    } finally {
      await web.close({ keepDatabase: true });
    }
    ({ database, dir } = web);
    const restarted = await startApp({ env: smtp.env(), database, dir });
    try {
      const { code } = await codeMail(smtp, email, since);
      const row = await outboxRow(restarted, { recipient: email, kind: 'signup-verification:reset' }, (r) => r.status === 'sent');
      expect(row.attempts).toBe(0);
      // Give a second send every chance to happen, then count.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(smtp.mails.slice(since).filter((m) => recipient(m) === email)).toHaveLength(1);
      const reset = await restarted
        .request()
        .post('/api/auth/reset-password')
        .send({ email, code, password: 'Oslo-Briefing-2026%', passwordConfirmation: 'Oslo-Briefing-2026%' });
      expect(reset.status).toBe(200);
    } finally {
      await restarted.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('pruning', () => {
  let app: TestApp;
  let clock: Clock;
  beforeAll(async () => {
    app = await startApp({ env: smtp.env() });
    clock = controlClock();
  });
  afterAll(async () => {
    clock?.restore();
    await app?.close();
  });

  const runJob = async (name: string) => {
    const jobs = (app.strapi.cron as unknown as { jobs: { name: string; job: { invoke(): unknown } }[] }).jobs;
    const job = jobs.find((entry) => entry.name === name);
    if (!job) throw new Error(`no cron job ${name}`);
    await job.job.invoke();
  };
  const rateLimitRows = () => app.strapi.db.connection('rate_limits').select('key', 'expire');

  it('leaves no expired code, outbox row or rate-limit counter after one run of each cron job', async () => {
    const email = 'pruned@example.org';
    await createVerifiedAccount(app, smtp, email, GOOD);
    await app.request().post('/api/auth/forgot-password').send({ email }).expect(200);
    await outboxRow(app, { recipient: email, kind: 'signup-verification:reset' }, (r) => r.status === 'sent');
    expect(await app.strapi.db.query('plugin::signup-verification.verification-code').count({ where: { email } })).toBe(2);
    expect((await rateLimitRows()).length).toBeGreaterThan(0);

    // Past every window and keeping time: the hour of the limits, a day past the codes, a week of the outbox.
    clock.advance(8 * 86_400_000 + 60_000);
    // A fresh counter and a fresh mail, which must survive the prune.
    await app.request().post('/api/password-policy/check').send({ password: 'x' }).expect(200);
    await app.strapi.plugin('mail-outbox').service('outbox').enqueue({ kind: 'signup-verification:resetNotice', locale: 'en', to: 'fresh@example.org', values: {} });
    await runJob('rate-limit.prune');
    await runJob('signup-verification.prune');
    await runJob('mail-outbox.prune');

    const now = Date.now();
    const counters = await rateLimitRows();
    expect(counters.length).toBeGreaterThan(0);
    expect(counters.filter((row: { expire: string | number }) => Number(row.expire) < now)).toEqual([]);
    expect(await app.strapi.db.query('plugin::signup-verification.verification-code').count({ where: { email } })).toBe(0);
    expect(await app.strapi.db.query(MESSAGE).count({ where: { recipient: email } })).toBe(0);
    expect(await app.strapi.db.query(MESSAGE).count({ where: { recipient: 'fresh@example.org' } })).toBe(1);
  });
});
