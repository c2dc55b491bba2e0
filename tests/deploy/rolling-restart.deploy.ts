import { codeMail } from '../helpers/accounts';
import { as, registerChief } from '../helpers/admin';
import { CAMPAIGN_ENV, type Campaign, importSubscribers, startCampaign, tally } from '../helpers/campaigns';
import { withClient } from '../helpers/database';
import { type AppProcess, METRICS_TOKEN, type Stack, startStack, throughNginx, withLogs } from './stack';

/*
 * A rolling restart of the reference deployment while a campaign goes out to 3,000 subscribers:
 * SIGTERM process A, wait until it is gone, start it again, then the same for B, all behind nginx.
 * Each process drains (src/operations/lifecycle.ts): readiness answers 503 at once, the sender
 * stops and hands back the ledger rows it holds, and the process exits 0. Every subscriber gets
 * exactly one mail, and the account mails asked for during the restart all arrive.
 */

const SUBSCRIBERS = 3000;
const ARTICLES = '/content-manager/collection-types/api::article.article';
const PASSWORD = 'Brussels-Desk-2024!';

let stack: Stack | undefined;
let chief: string;

const deployed = () => {
  if (!stack) throw new Error('the stack did not start');
  return stack;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  stack = await startStack({
    // 40 messages a second per process: the campaign lasts long enough for both restarts.
    // Leases of 10 s: the hard kill below leaves its rows to lapse, and the test need not wait 60 s.
    env: { ...CAMPAIGN_ENV, NEWSLETTER_PER_SECOND: '40', NEWSLETTER_POLL_MS: '200', NEWSLETTER_LEASE_SECONDS: '10' },
  });
  chief = await registerChief(throughNginx(stack));
}, 240_000);
afterAll(async () => {
  await stack?.close();
}, 120_000);

const campaignOf = async (id: number): Promise<Campaign> => {
  const res = await deployed().request().get(`/newsletter/campaigns/${id}`).set(as(chief));
  if (res.status !== 200) throw new Error(`GET campaign answered ${res.status}`);
  return res.body.data as Campaign;
};

/** Ledger rows still leased by the process `pid` (its sender's owner is `host:pid:random`). */
const leasedBy = (pid: number) =>
  withClient(deployed().env.DATABASE_URL, async (client) => {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM newsletter_deliveries WHERE lease_owner LIKE $1`, [`%:${pid}:%`]);
    return Number(rows[0].n);
  });

/**
 * SIGTERMs `app` and reads its readiness until its listener closes: what a load balancer polling
 * it would see. Resolves with the statuses seen and the exit code.
 */
const drain = async (app: AppProcess) => {
  const seen: (number | 'refused')[] = [];
  const exited = app.stop('SIGTERM');
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  while (!gone) {
    try {
      const res = await fetch(`${app.url}/api/health/ready`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      seen.push(res.status);
    } catch {
      seen.push('refused');
      break;
    }
    await sleep(100);
  }
  return { seen, code: await exited };
};

/** Creates and publishes an English story through the admin API, through nginx. */
const publish = async (title: string) => {
  const story = { title, date: '2026-11-20' };
  const created = await deployed().request().post(`${ARTICLES}?locale=en`).set(as(chief)).send(story);
  expect(created.status).toBe(201);
  const documentId = created.body.data.documentId as string;
  await deployed().request().post(`${ARTICLES}/${documentId}/actions/publish?locale=en`).set(as(chief)).send(story).expect(200);
  return documentId;
};

/** The campaign once it is no longer sending. */
const finished = async (id: number) => {
  let campaign = await campaignOf(id);
  for (let i = 0; i < 600 && campaign.status === 'sending'; i += 1) {
    await sleep(250);
    campaign = await campaignOf(id);
  }
  return campaign;
};

/** How often each of the campaign's Message-IDs reached the relay. */
const arrivals = (id: number) =>
  tally(
    deployed()
      .smtp.mails.map((mail) => mail.messageId ?? '')
      .filter((messageId) => messageId.startsWith(`<campaign-${id}.`))
  );

it(
  'restarts both processes one after the other during a campaign to 3,000 subscribers: one mail each, nothing waits for a lease',
  withLogs(
    () => stack,
    async () => {
      const { smtp, processes } = deployed();
      const [a, b] = processes;
      const target = throughNginx(deployed());
      const csv = `email,locale\n${Array.from({ length: SUBSCRIBERS }, (_, i) => `reader${i}@example.org,en`).join('\n')}\n`;
      expect((await importSubscribers(target, chief, csv)).created).toBe(SUBSCRIBERS);
      const documentId = await publish('Night ferries resume on the northern line');
      const id = await startCampaign(target, chief, { subject: 'Rolling week', selection: { articles: [documentId] } });
      while ((await campaignOf(id)).sent < 200) await sleep(200);

      const accounts: string[] = [];
      for (const app of [a, b]) {
        expect((await campaignOf(id)).status).toBe('sending');
        const pid = app.pid;
        const since = smtp.mails.length;
        const stopping = drain(app);
        // An account asked for while the process drains: its code mail goes out from the outbox.
        const email = `restart.${app.port}@example.org`;
        await deployed().request().post('/api/auth/local/register').send({ email, password: PASSWORD }).expect(200);
        accounts.push(email);
        const { seen, code } = await stopping;
        expect(code).toBe(0);
        expect(seen).toContain(503);
        expect(seen).not.toContain(200);
        // What it held went back when it stopped, not when its 60 s lease would have ended.
        expect(await leasedBy(pid)).toBe(0);
        await codeMail(smtp, email, since);
        await app.start();
        const ready = await app.request().get('/api/health/ready');
        expect(ready.status).toBe(200);
      }

      expect(await finished(id)).toMatchObject({ status: 'sent', total: SUBSCRIBERS, sent: SUBSCRIBERS, failed: 0 });
      const counts = arrivals(id);
      expect(counts.size).toBe(SUBSCRIBERS);
      expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
      for (const email of accounts) {
        expect(smtp.mails.filter((mail) => mail.to && 'text' in mail.to && mail.to.text === email)).toHaveLength(1);
      }

      // The campaign's figures, from the database, through nginx with the token.
      const metrics = await deployed().request().get('/api/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
      expect(metrics.text).toContain(`newsreel_newsletter_messages{status="sent",campaign_status="sent"} ${SUBSCRIBERS}`);
      // The app's response cache, counted per process: read one process directly, twice.
      await a.request().get('/api/articles').expect(200);
      await a.request().get('/api/articles').expect(200);
      const direct = await a.request().get('/api/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
      expect(direct.text).toMatch(/^newsreel_response_cache_requests_total\{result="hit"\} [1-9]/m);
    }
  ),
  300_000
);

it(
  'loses nobody when a process is killed (SIGKILL) mid-campaign: its rows lapse to the other, and only rows it held are sent twice',
  withLogs(
    () => stack,
    async () => {
      const [a] = deployed().processes;
      const target = throughNginx(deployed());
      const id = await startCampaign(target, chief, { subject: 'Killed week', selection: { articles: [await publish('Tram line 9 opens early')] } });
      while ((await campaignOf(id)).sent < 300) await sleep(200);
      const pid = a.pid;
      expect(await a.stop('SIGKILL')).toBeNull();
      // What it held when it died: in flight, or claimed and waiting. Nothing released them.
      const held = await leasedBy(pid);
      expect(held).toBeGreaterThan(0);
      await a.start();

      expect(await finished(id)).toMatchObject({ status: 'sent', total: SUBSCRIBERS, sent: SUBSCRIBERS, failed: 0 });
      const counts = arrivals(id);
      expect(counts.size).toBe(SUBSCRIBERS);
      const twice = [...counts.values()].filter((n) => n > 1);
      expect(twice.every((n) => n === 2)).toBe(true);
      expect(twice.length).toBeLessThanOrEqual(held);
      expect(await leasedBy(pid)).toBe(0);
    }
  ),
  300_000
);
