import { registerChief } from '../helpers/admin';
import { startApp, startSecondInstance, type TestApp } from '../helpers/app';
import { CAMPAIGN_ENV, campaignUntil, finished, importSubscribers, publishStory, startCampaign, tally } from '../helpers/campaigns';
import { usesPostgres } from '../helpers/database';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/*
 * Sending that survives crashes, with the senders in their own server processes: one is killed
 * with SIGKILL part-way through a campaign to 3,000 subscribers and a fresh one finishes it; two
 * send one campaign together. The test process prepares each campaign, then steps aside (SQLite
 * serves one process at a time) and watches through a sender's admin API and the SMTP sink.
 */

const CONNECTIONS = 5;

let smtp: SmtpSink;
/** Every sender process started, so that a failed test leaves none behind. */
const children: { kill(): Promise<void> }[] = [];
const sender = async (env: Record<string, string>) => {
  const child = await startSecondInstance(env);
  children.push(child);
  return child;
};

/** Env of a sender process: the prepared app's, with its sender on and short leases. */
type Prepared = { app: TestApp; env: Record<string, string>; chief: string; campaignId: number };

const prepare = async (subscribers: number, subject: string): Promise<Prepared> => {
  const app = await startApp({
    env: {
      ...smtp.env(),
      ...CAMPAIGN_ENV,
      // The test process only prepares: it never sends.
      NEWSLETTER_WORKER: 'false',
      NEWSLETTER_LEASE_SECONDS: '3',
      NEWSLETTER_SMTP_CONNECTIONS: String(CONNECTIONS),
    },
  });
  const chief = await registerChief(app);
  const story = await publishStory(app.strapi, { title: 'Night shift at the port' });
  const lines = Array.from({ length: subscribers }, (_, i) => `reader${i}@example.org,${i % 3 === 0 ? 'fr' : 'en'}`);
  const report = await importSubscribers(app, chief, `email,locale\n${lines.join('\n')}\n`);
  expect(report.created).toBe(subscribers);
  const campaignId = await startCampaign(app, chief, { subject, selection: { articles: [story] } });
  const env = { ...(process.env as Record<string, string>), NEWSLETTER_WORKER: 'true' };
  await app.close({ keepDatabase: true });
  return { app, env, chief, campaignId };
};

/** Boots the prepared app again in this process, its sender off, to read the ledger. */
const reopen = (prepared: Prepared) =>
  startApp({ database: prepared.app.database, dir: prepared.app.dir, env: { ...smtp.env(), ...CAMPAIGN_ENV, NEWSLETTER_WORKER: 'false' } });

const ledgerRows = (app: TestApp, campaignId: number) =>
  app.strapi.db.connection('newsletter_deliveries').where({ campaign_id: campaignId }).select('subscriber_id', 'status', 'sent_by') as Promise<
    { subscriber_id: number; status: string; sent_by: string | null }[]
  >;

const idsOf = (campaignId: number) => smtp.messageIds.filter((id) => id.startsWith(`<campaign-${campaignId}.`));

beforeAll(async () => {
  smtp = await startSmtpSink({ headersOnly: true });
});
afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => child.kill()));
  // Each test's database numbers its campaigns from 1: forget the last test's Message-IDs.
  smtp.messageIds.length = 0;
});
afterAll(async () => {
  await smtp?.close();
});

it('loses nobody when a sender is killed mid-campaign: a new process resumes and repeats at most what was in flight', async () => {
  const prepared = await prepare(3000, 'Crash course');
  const first = await sender(prepared.env);
  const started = Date.now();
  const deadline = Date.now() + 120_000;
  while (idsOf(prepared.campaignId).length < 1000) {
    if (Date.now() > deadline) throw new Error(`only ${idsOf(prepared.campaignId).length} mails arrived`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await first.kill();
  const atKill = idsOf(prepared.campaignId).length;
  process.stdout.write(`crash test: ${atKill} mails in ${Date.now() - started} ms before the kill\n`);
  expect(atKill).toBeLessThan(3000);

  // Started again, with no one pressing resume: it picks the campaign up once the dead leases lapse.
  const second = await sender(prepared.env);
  const done = await campaignUntil(second, prepared.chief, prepared.campaignId, finished, 180_000);
  await second.stop();
  expect(done).toMatchObject({ status: 'sent', total: 3000, sent: 3000, failed: 0 });

  const counts = tally(idsOf(prepared.campaignId));
  const repeated = [...counts.values()].filter((n) => n > 1);
  process.stdout.write(`crash test: ${atKill} mails before the kill, ${repeated.length} repeated after it\n`);
  expect(counts.size).toBe(3000);
  expect(repeated.every((n) => n === 2)).toBe(true);
  // A process holds at most two claimed batches (100 rows each by default), so that is all it can
  // leave sent but unrecorded when it dies; how many of those the relay had taken depends on timing.
  expect(repeated.length).toBeLessThanOrEqual(2 * 100);

  const app = await reopen(prepared);
  try {
    const rows = await ledgerRows(app, prepared.campaignId);
    expect(rows).toHaveLength(3000);
    expect(rows.every((row) => row.status === 'sent')).toBe(true);
    const expected = rows.map((row) => `<campaign-${prepared.campaignId}.subscriber-${row.subscriber_id}@127.0.0.1>`).sort();
    expect([...counts.keys()].sort()).toEqual(expected);
    // What came twice is only what the dead process had not recorded: the new one recorded each.
    const recordedBy = new Map(rows.map((row) => [`<campaign-${prepared.campaignId}.subscriber-${row.subscriber_id}@127.0.0.1>`, String(row.sent_by).split(':')[1]]));
    const twice = [...counts.entries()].filter(([, n]) => n > 1).map(([id]) => recordedBy.get(id));
    expect(twice.filter((pid) => pid !== String(second.pid))).toEqual([]);
  } finally {
    await app.close();
  }
});

it(`sends one campaign from ${usesPostgres() ? 'two processes together without a duplicate, each doing part' : 'a sender process (SQLite: one at a time) without a duplicate'}`, async () => {
  const prepared = await prepare(1500, 'Shared work');
  // The relay holds the first messages until every sender is up, then takes each in a few ms.
  const release = smtp.hold();
  smtp.setDelay(3);
  const senders = await Promise.all(Array.from({ length: usesPostgres() ? 2 : 1 }, () => sender(prepared.env)));
  release();
  const done = await campaignUntil(senders[0], prepared.chief, prepared.campaignId, finished, 180_000);
  await Promise.all(senders.map((sender) => sender.stop()));
  smtp.setDelay(0);
  expect(done).toMatchObject({ status: 'sent', total: 1500, sent: 1500 });

  const counts = tally(idsOf(prepared.campaignId));
  expect(counts.size).toBe(1500);
  expect(Math.max(...counts.values())).toBe(1);

  const app = await reopen(prepared);
  try {
    const rows = await ledgerRows(app, prepared.campaignId);
    const byProcess = tally(rows.map((row) => String(row.sent_by).split(':')[1]));
    process.stdout.write(`shared campaign: rows sent per process ${JSON.stringify(Object.fromEntries(byProcess))}\n`);
    expect([...byProcess.keys()].sort()).toEqual(senders.map((sender) => String(sender.pid)).sort());
    for (const sent of byProcess.values()) expect(sent).toBeGreaterThan(0);
  } finally {
    await app.close();
  }
});
