import type { ParsedMail } from 'mailparser';
import { codeMail, recipient } from '../helpers/accounts';
import { as, registerChief } from '../helpers/admin';
import { resetRateLimits, startApp, startSecondInstance, type TestApp } from '../helpers/app';
import { CAMPAIGN_ENV, campaignUntil, finished, importSubscribers, publishStory, tally } from '../helpers/campaigns';
import { usesPostgres } from '../helpers/database';
import { outboxRows, settled } from '../helpers/outbox';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/*
 * Requests sent in parallel to two server processes on one PostgreSQL database, as behind a load
 * balancer: every counter is one atomic statement in the database, so limits hold exactly however
 * the requests interleave, and the two outbox workers never send one message twice. Both
 * processes trust one proxy hop, so X-Forwarded-For stands for distinct clients.
 *
 * SQLite serves one process (a second writer's transaction can fail to upgrade its lock with
 * "database is locked"), so on SQLite the same parallel requests go to the one process.
 */

const GOOD = 'Brussels-Desk-2024!';
const POSTMARK_PASSWORD = 'postmark-hook-secret';
const other = (code: string, n: number) => String((Number(code) + n) % 1_000_000).padStart(6, '0');

type Target = { request(): ReturnType<TestApp['request']> };

let app: TestApp;
let smtp: SmtpSink;
let second: (Target & { stop(): Promise<void> }) | undefined;
/** The processes requests are spread over: both on PostgreSQL, the one on SQLite. */
let processes: Target[];

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startApp({
    env: { ...smtp.env(), ...CAMPAIGN_ENV, TRUST_PROXY: '1', MAIL_WORKER_POLL_MS: '100', NEWSLETTER_POSTMARK_WEBHOOK_USER: 'postmark', NEWSLETTER_POSTMARK_WEBHOOK_PASSWORD: POSTMARK_PASSWORD },
  });
  if (usesPostgres()) second = await startSecondInstance();
  processes = second ? [app, second] : [app];
});
afterAll(async () => {
  await second?.stop();
  await app?.close();
  await smtp?.close();
});
afterEach(async () => {
  smtp.setDelay(0);
  await resetRateLimits(app);
});

/** The outbox rows matching `where`, once none of them is still queued. */
const drained = (where: object) => outboxRows(app, where, settled);

const registered = async (email: string) => {
  const since = smtp.mails.length;
  await app.request().post('/api/auth/local/register').send({ email, password: GOOD }).expect(200);
  return (await codeMail(smtp, email, since)).code;
};

it('judges exactly five of 40 parallel wrong codes, from four clients over every process, then refuses the right one', async () => {
  const email = 'shared@example.org';
  const code = await registered(email);
  const verifyOn = (target: Target, client: number, value: string) =>
    target
      .request()
      .post('/api/auth/verify-email')
      .set('X-Forwarded-For', `198.51.100.${client}`)
      .send({ email, code: value });

  const answers = await Promise.all(
    Array.from({ length: 40 }, (_, i) => verifyOn(processes[i % processes.length], i % 4, other(code, i + 1)))
  );
  const statuses = answers.map((res) => res.status);
  expect(statuses.filter((status) => status === 400)).toHaveLength(5);
  expect(statuses.filter((status) => status === 429)).toHaveLength(35);
  const right = await verifyOn(processes[processes.length - 1], 9, code);
  expect(right.status).toBe(429);
  expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
});

it('sends one mail for ten parallel resends over every process', async () => {
  const email = 'resender@example.org';
  await registered(email);
  // The registration's own code took the cooldown; start the race from a free one.
  await resetRateLimits(app, 'signup-verification.code-cooldown');
  const since = smtp.mails.length;
  const answers = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      processes[i % processes.length].request().post('/api/auth/resend-code').send({ email, purpose: 'signup' })
    )
  );
  const statuses = answers.map((res) => res.status).sort();
  expect(statuses).toEqual([200, ...Array(9).fill(429)]);
  const rows = await drained({ recipient: email });
  expect(rows).toHaveLength(2);
  await smtp.waitFor((m) => smtp.mails.indexOf(m) >= since && recipient(m) === email);
  expect(smtp.mails.slice(since).filter((m) => recipient(m) === email)).toHaveLength(1);
});

it('creates one account and sends one code for parallel registrations of a new address', async () => {
  const email = 'racer@example.org';
  const since = smtp.mails.length;
  const answers = await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      processes[i % processes.length].request().post('/api/auth/local/register').send({ email, password: GOOD })
    )
  );
  expect(answers.map((res) => res.status)).toEqual(Array(8).fill(200));
  expect(await app.strapi.db.query('plugin::users-permissions.user').count({ where: { email } })).toBe(1);
  await drained({ recipient: email });
  expect(smtp.mails.slice(since).filter((m) => recipient(m) === email)).toHaveLength(1);
});

it('keeps one newsletter row and sends one confirmation for parallel requests of a new address', async () => {
  const email = 'newsletter-racer@example.org';
  const since = smtp.mails.length;
  const answers = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      processes[i % processes.length]
        .request()
        .post('/api/newsletter/subscribe')
        .set('X-Forwarded-For', `203.0.113.${i}`)
        .send({ email })
    )
  );
  expect(answers.map((res) => res.status)).toEqual(Array(10).fill(202));
  // The unique index keeps one row; the quiet-period update lets one request queue the mail.
  expect(await app.strapi.db.query('plugin::newsletter.subscriber').count({ where: { email } })).toBe(1);
  expect(await drained({ recipient: email })).toHaveLength(1);
  expect(smtp.mails.slice(since).filter((m) => recipient(m) === email)).toHaveLength(1);
});

describe('bounce and complaint events', () => {
  const SUBSCRIBER = 'plugin::newsletter.subscriber';
  const postmark = (target: Target, i: number, record: object) =>
    target
      .request()
      .post('/api/newsletter/events/postmark')
      .set('X-Forwarded-For', `198.51.100.${i}`)
      .set('Authorization', `Basic ${Buffer.from(`postmark:${POSTMARK_PASSWORD}`).toString('base64')}`)
      .send(record);
  const subscribed = (email: string) =>
    app.strapi.db.query(SUBSCRIBER).create({ data: { email, status: 'subscribed', source: 'import', locale: 'en', confirmedAt: new Date() } });
  const eventsOf = (id: number) => app.strapi.db.connection('newsletter_events').where({ subscriber_id: id }).orderBy('id');

  it('records a webhook delivered ten times at once over every process exactly once', async () => {
    const { id } = await subscribed('complains-once@example.org');
    const record = { RecordType: 'SpamComplaint', ID: 777001, Type: 'SpamComplaint', Email: 'complains-once@example.org' };
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => postmark(processes[i % processes.length], i, record)));
    expect(answers.map((res) => res.status)).toEqual(Array(10).fill(200));
    expect(answers.reduce((sum, res) => sum + res.body.recorded, 0)).toBe(1);
    expect(answers.reduce((sum, res) => sum + res.body.duplicates, 0)).toBe(9);
    expect(await eventsOf(id)).toHaveLength(1);
    expect((await app.strapi.db.query(SUBSCRIBER).findOne({ where: { id } })).status).toBe('suppressed');
  });

  it('suppresses once when soft bounces arrive together over every process', async () => {
    const { id } = await subscribed('soft-racer@example.org');
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        postmark(processes[i % processes.length], i, { RecordType: 'Bounce', ID: 778000 + i, Type: 'SoftBounce', Email: 'soft-racer@example.org' })
      )
    );
    expect(answers.map((res) => res.body.recorded)).toEqual(Array(6).fill(1));
    const outcomes = (await eventsOf(id)).map((event) => event.outcome);
    expect(outcomes).toHaveLength(6);
    // Those that see the limit reached race to suppress; the conditional UPDATE lets exactly one win
    // (the others record `none`), however the six interleave.
    expect(outcomes.filter((outcome) => outcome === 'suppressed')).toHaveLength(1);
    expect(outcomes.every((outcome) => ['counted', 'suppressed', 'none'].includes(outcome))).toBe(true);
    expect(await app.strapi.db.query(SUBSCRIBER).findOne({ where: { id } })).toMatchObject({ status: 'suppressed', suppressionReason: 'soft-bounces' });
  });
});

it('sends each of 30 queued mails exactly once while every process’s worker competes for them', async () => {
  // A slow relay keeps both workers busy at the same time.
  smtp.setDelay(40);
  const since = smtp.mails.length;
  const service = app.strapi.plugin('mail-outbox').service('outbox');
  const to = Array.from({ length: 30 }, (_, i) => `queued${i}@example.org`);
  for (const address of to) await service.enqueue({ kind: 'signup-verification:resetNotice', locale: 'en', to: address, values: {} });
  const rows = await drained({ recipient: { $in: to } });
  expect(rows.map((row) => row.status)).toEqual(Array(30).fill('sent'));
  // Every process took part: each row names the worker that sent it.
  expect(new Set(rows.map((row) => row.leasedBy)).size).toBe(processes.length);
  const received: ParsedMail[] = smtp.mails.slice(since).filter((m) => to.includes(recipient(m)));
  expect(received).toHaveLength(30);
  expect(new Set(received.map((m) => m.messageId)).size).toBe(30);
  expect(new Set(received.map((m) => recipient(m)))).toEqual(new Set(to));
});

it('starts a scheduled campaign once while every process polls for it, and each subscriber gets one mail', async () => {
  const chief = await registerChief(app);
  const story = await publishStory(app.strapi, { title: 'Canal locks reopen' });
  const emails = Array.from({ length: 200 }, (_, i) => `scheduled${i}@example.org`);
  await importSubscribers(app, chief, `email,locale\n${emails.map((email) => `${email},en`).join('\n')}\n`);
  const created = await app.request().post('/newsletter/campaigns').set(as(chief)).send({ subject: 'Locks', selection: { articles: [story] } });
  const id = created.body.data.id as number;
  const at = new Date(Math.ceil((Date.now() + 3000) / 1000) * 1000);
  const scheduled = await app.request().post(`/newsletter/campaigns/${id}/schedule`).set(as(chief)).send({ at: at.toISOString() });
  expect(scheduled.body.data).toMatchObject({ status: 'scheduled', scheduledAt: at.toISOString() });

  const done = await campaignUntil(app, chief, id, finished, 60_000);
  expect(done).toMatchObject({ status: 'sent', sent: 200, failed: 0 });
  expect(Date.parse((done as unknown as { startedAt: string }).startedAt)).toBeGreaterThanOrEqual(at.getTime());
  const counts = tally(smtp.messageIds.filter((messageId) => messageId.startsWith(`<campaign-${id}.`)));
  expect(counts.size).toBe(200);
  expect(Math.max(...counts.values())).toBe(1);
});
