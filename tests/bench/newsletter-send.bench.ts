import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { as, registerChief } from '../helpers/admin';
import { startApp, startSecondInstance } from '../helpers/app';
import { CAMPAIGN_ENV, campaignUntil, finished, importSubscribers, publishStory } from '../helpers/campaigns';
import { usesPostgres } from '../helpers/database';
import { startSmtpSink } from '../helpers/smtp-sink';

/*
 * Campaign throughput: one campaign to 20,000 subscribers sent by a server in its own process into
 * the loopback SMTP sink, timed from the send request to the campaign's `sent` status (ledger
 * writing included). The sink's own ceiling is measured in the same run: the same sink fed by a
 * bare pooled nodemailer loop with as many connections, with messages of the same size. The
 * server's resident set (VmRSS) is read before the send and sampled during it.
 * Prints one JSON line with every figure.
 */

const SUBSCRIBERS = Number(process.env.BENCH_SEND_SUBSCRIBERS ?? 20_000);
const CONNECTIONS = 5;

const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

const t0 = Date.now();
const phase = (name: string) => process.stderr.write(`[bench ${((Date.now() - t0) / 1000).toFixed(1)} s] ${name}\n`);

it(`sends a campaign to ${SUBSCRIBERS} subscribers at the sink's pace with bounded memory`, async () => {
  const sink = await startSmtpSink({ headersOnly: true });
  const env = {
    ...sink.env(),
    ...CAMPAIGN_ENV,
    NEWSLETTER_WORKER: 'true',
    NEWSLETTER_SMTP_CONNECTIONS: String(CONNECTIONS),
    NEWSLETTER_POLL_MS: '500',
  };
  // Prepared in this process, which then steps aside: the server under test is alone on the database.
  const app = await startApp({ env: { ...env, NEWSLETTER_WORKER: 'false' } });
  const chief = await registerChief(app);
  phase('app up');
  const story = await publishStory(app.strapi, { title: 'Bench story', summary: 'A summary of a typical length for a story card in the mail.' });
  for (let from = 0; from < SUBSCRIBERS; from += 10_000) {
    const lines = Array.from({ length: Math.min(10_000, SUBSCRIBERS - from) }, (_, i) => `bench${from + i}@example.org,${(from + i) % 3 ? 'en' : 'fr'},Reader ${from + i}`);
    await importSubscribers(app, chief, `email,locale,name\n${lines.join('\n')}\n`);
  }
  phase('subscribers imported');
  const created = await app.request().post('/newsletter/campaigns').set(as(chief)).send({ subject: 'Bench', intro: 'Twenty thousand readers.', selection: { articles: [story] } });
  const id = created.body.data.id as number;
  const preview = await app.request().get(`/newsletter/campaigns/${id}/preview?locale=en`).set(as(chief));
  const processEnv: Record<string, string> = { ...(process.env as Record<string, string>), NEWSLETTER_WORKER: 'true' };
  // E.g. BENCH_SERVER_NODE_OPTIONS=--max-old-space-size=256 to see how much of the growth is garbage.
  if (process.env.BENCH_SERVER_NODE_OPTIONS) processEnv.NODE_OPTIONS = process.env.BENCH_SERVER_NODE_OPTIONS;
  await app.close({ keepDatabase: true });

  // The sink's ceiling: a bare pooled nodemailer loop in its own process, messages of the campaign's size.
  const mailFile = path.join(app.dir, 'bench-mail.json');
  fs.writeFileSync(mailFile, JSON.stringify({ subject: 'Ceiling', html: preview.body.data.html, text: preview.body.data.text }));
  // Run asynchronously: the sink lives in this process and must keep answering meanwhile.
  const bare = await promisify(execFile)(process.execPath, [path.join(__dirname, 'bare-sender.js'), String(sink.port), '5000', String(CONNECTIONS), mailFile]);
  const ceiling = (JSON.parse(bare.stdout) as { perSecond: number }).perSecond;
  phase(`sink ceiling ${Math.round(ceiling)}/s`);

  const server = await startSecondInstance(processEnv);
  try {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const before = rssOf(server.pid);
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssOf(server.pid));
    }, 25);
    const received = sink.messageIds.length;
    const started = Date.now();
    const sent = await server.request().post(`/newsletter/campaigns/${id}/send`).set(as(chief));
    expect(sent.status).toBe(202);
    const progress = setInterval(() => phase(`${sink.messageIds.length - received} delivered`), 5000);
    // Polled as the campaigns page polls (every 2 s): the figures are the sender's, not a status loop's.
    const done = await campaignUntil(server, chief, id, finished, 600_000, 2000).finally(() => clearInterval(progress));
    const seconds = (Date.now() - started) / 1000;
    clearInterval(sampler);
    const perSecond = SUBSCRIBERS / seconds;

    process.stdout.write(
      `${JSON.stringify({
        bench: 'newsletter-send',
        database: usesPostgres() ? 'postgres' : 'sqlite',
        subscribers: SUBSCRIBERS,
        delivered: sink.messageIds.length - received,
        seconds: Math.round(seconds * 10) / 10,
        messagesPerSecond: Math.round(perSecond),
        sinkCeilingPerSecond: Math.round(ceiling),
        shareOfCeiling: Math.round((perSecond / ceiling) * 100) / 100,
        rssBeforeMiB: mib(before),
        rssPeakMiB: mib(peak),
        rssGrowthMiB: mib(peak - before),
      })}\n`
    );
    expect(done).toMatchObject({ status: 'sent', sent: SUBSCRIBERS });
    expect(perSecond).toBeGreaterThanOrEqual(300);
    expect(perSecond).toBeGreaterThanOrEqual(ceiling / 2);
    expect(peak - before).toBeLessThan(150 * 2 ** 20);
  } finally {
    await server.stop();
    await app.database.drop();
    await sink.close();
  }
});
