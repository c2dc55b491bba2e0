import { parse } from 'csv-parse/sync';
import { as, registerChief } from '../helpers/admin';
import { startApp, type TestApp } from '../helpers/app';
import { postfixDsn } from '../helpers/bounces';
import { CAMPAIGN_ENV, campaignUntil, finished, importSubscribers, publishStory, startCampaign } from '../helpers/campaigns';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/*
 * The delivery report of a campaign, from its ledger and the events its mails brought back, with a
 * real SMTP sink that refuses some addresses: who did not get it and why, as JSON and as CSV, and
 * "retry failed" for what failed only for a while.
 */

const INBOUND_TOKEN = 'report-inbound-token-0123456789abcdef';

let app: TestApp;
let smtp: SmtpSink;
let chief: string;
let story: string;

type Report = {
  data: { counts: Record<string, number>; recipients: { email: string; problem: string; at: string | null; reply: string | null }[] };
  meta: { pagination: { page: number; pageSize: number; pageCount: number; total: number } };
};
const report = async (id: number, query = '') => {
  const res = await app.request().get(`/newsletter/campaigns/${id}/report${query}`).set(as(chief));
  expect(res.status).toBe(200);
  return res.body as Report;
};
const retry = (id: number) => app.request().post(`/newsletter/campaigns/${id}/retry-failed`).set(as(chief));
const mailsTo = (id: number, email: string) =>
  smtp.mails.filter((mail) => mail.messageId?.startsWith(`<campaign-${id}.`) && smtp.sourceOf(mail).rcptTo.includes(email));
const subscribe = (emails: string[]) => importSubscribers(app, chief, `email\n${emails.join('\n')}\n`);
const settings = (values: Record<string, number>) => {
  for (const [key, value] of Object.entries(values)) app.strapi.config.set(`plugin::newsletter.sending.${key}`, value);
};

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startApp({
    env: {
      ...smtp.env(),
      ...CAMPAIGN_ENV,
      NEWSLETTER_RETRY_BASE_SECONDS: '0',
      NEWSLETTER_BOUNCE_ADDRESS: 'bounces@news.example.org',
      NEWSLETTER_INBOUND_TOKEN: INBOUND_TOKEN,
    },
  });
  chief = await registerChief(app);
  story = await publishStory(app.strapi, { title: 'Night trains return' });
});
afterAll(async () => {
  await app?.close();
  await smtp?.close();
});
afterEach(async () => {
  smtp.clearRejections();
  settings({ maxAttempts: 5 });
  // Each test starts from its own list.
  await app.strapi.db.query('plugin::newsletter.subscriber').deleteMany({ where: {} });
});

it('lists the permanent refusals with the server reply, not the address that passed on its second try', async () => {
  await subscribe(['fine@example.org', 'gone1@example.org', 'gone2@example.org', 'busy@example.org']);
  smtp.reject((address) => address.startsWith('gone'), 550, Infinity, '5.1.1 No such user');
  smtp.reject((address) => address === 'busy@example.org', 451, 1, '4.7.1 Greylisted, try again');
  const id = await startCampaign(app, chief, { subject: 'Trains', selection: { articles: [story] } });
  await campaignUntil(app, chief, id, finished);

  const { data, meta } = await report(id);
  expect(data.counts).toMatchObject({ queued: 0, sent: 2, failed: 2, failedPermanent: 2, failedTemporary: 0, bounced: 0, complained: 0, unsubscribed: 0 });
  expect(meta.pagination).toEqual({ page: 1, pageSize: 25, pageCount: 1, total: 2 });
  expect(data.recipients.map(({ email, problem, reply }) => ({ email, problem, reply })).sort((a, b) => a.email.localeCompare(b.email))).toEqual([
    { email: 'gone1@example.org', problem: 'failed-permanent', reply: '550 5.1.1 No such user' },
    { email: 'gone2@example.org', problem: 'failed-permanent', reply: '550 5.1.1 No such user' },
  ]);
  for (const row of data.recipients) expect(Date.parse(row.at!)).toBeGreaterThan(Date.now() - 60_000);
  expect(mailsTo(id, 'busy@example.org')).toHaveLength(1);

  // Nothing permanent is retried (and those addresses are suppressed by now).
  const res = await retry(id);
  expect(res.status).toBe(202);
  expect(res.body).toEqual({ requeued: 0 });
});

it('retries the temporary failures of still-subscribed addresses once, even pressed twice at once', async () => {
  await subscribe(['slow1@example.org', 'slow2@example.org', 'left@example.org', 'ok@example.org']);
  settings({ maxAttempts: 2 });
  smtp.reject((address) => address.startsWith('slow') || address === 'left@example.org', 452, Infinity, '4.2.2 Mailbox full');
  const id = await startCampaign(app, chief, { subject: 'Full mailboxes', selection: { articles: [story] } });
  await campaignUntil(app, chief, id, finished);
  const before = await report(id, '?problem=failed-temporary');
  expect(before.data.counts).toMatchObject({ failed: 3, failedTemporary: 3, failedPermanent: 0 });
  expect(before.data.recipients.map((row) => row.reply)).toEqual(['452 4.2.2 Mailbox full', '452 4.2.2 Mailbox full', '452 4.2.2 Mailbox full']);

  // Staff suppress one of them: it is never retried.
  const left = (await app.strapi.db.query('plugin::newsletter.subscriber').findOne({ where: { email: 'left@example.org' } })) as { id: number };
  await app.request().post(`/newsletter/subscribers/${left.id}/suppress`).set(as(chief)).expect(200);

  smtp.clearRejections();
  const [first, second] = await Promise.all([retry(id), retry(id)]);
  expect([first.status, second.status]).toEqual([202, 202]);
  expect(first.body.requeued + second.body.requeued).toBe(2);
  expect(Math.min(first.body.requeued, second.body.requeued)).toBe(0);
  const done = await campaignUntil(app, chief, id, finished);
  expect(done).toMatchObject({ status: 'sent', sent: 3, failed: 1 });
  for (const email of ['slow1@example.org', 'slow2@example.org', 'ok@example.org']) expect(mailsTo(id, email)).toHaveLength(1);
  expect(mailsTo(id, 'left@example.org')).toHaveLength(0);
  expect((await retry(id)).body).toEqual({ requeued: 0 });
});

it('reports bounces and unsubscriptions from its own mails, filters and pages them, and exports CSV that reads back the same', async () => {
  await subscribe(['bounce@example.net', 'leaver@example.net', 'reader@example.net', 'refused@example.net']);
  smtp.reject((address) => address === 'refused@example.net', 554, Infinity, '5.7.1 Message rejected, "policy", see https://example.net/why');
  const id = await startCampaign(app, chief, { subject: 'Bridges', selection: { articles: [story] } });
  await campaignUntil(app, chief, id, finished);

  // A hard bounce comes back for one mail…
  const [bounced] = mailsTo(id, 'bounce@example.net');
  const dsn = postfixDsn({ ...smtp.sourceOf(bounced), rcptTo: 'bounce@example.net' }, { status: '5.1.1', diagnostic: '550 5.1.1 <bounce@example.net>: User unknown' });
  await app.request().post('/api/newsletter/events/inbound').set('Authorization', `Bearer ${INBOUND_TOKEN}`).set('Content-Type', 'message/rfc822').send(dsn).expect(202);
  // …and a reader leaves through the campaign's one-click link.
  const [leaver] = mailsTo(id, 'leaver@example.net');
  // mailparser folds List-* headers into one structure: read the line as sent.
  const link = leaver.headerLines.find((line) => line.key === 'list-unsubscribe')!.line.replace(/\r?\n\s+/g, '');
  const unsubscribeUrl = new URL(/<(http[^>]+)>/.exec(link)![1]);
  await app.request().post(`${unsubscribeUrl.pathname}${unsubscribeUrl.search}`).type('form').send('List-Unsubscribe=One-Click').expect(200);

  const all = await report(id);
  expect(all.data.counts).toMatchObject({ sent: 3, failed: 1, failedPermanent: 1, bounced: 1, bouncedHard: 1, bouncedSoft: 0, unsubscribed: 1, complained: 0 });
  expect(all.data.recipients.map((row) => [row.email, row.problem]).sort()).toEqual([
    ['bounce@example.net', 'bounced-hard'],
    ['leaver@example.net', 'unsubscribed'],
    ['refused@example.net', 'failed-permanent'],
  ]);
  expect(all.data.recipients.find((row) => row.problem === 'failed-permanent')!.reply).toBe('554 5.7.1 Message rejected, "policy", see https://example.net/why');

  const bounces = await report(id, '?problem=bounced-hard');
  expect(bounces.data.recipients).toEqual([expect.objectContaining({ email: 'bounce@example.net', problem: 'bounced-hard' })]);
  const paged = await report(id, '?pageSize=1&page=2');
  expect(paged.meta.pagination).toEqual({ page: 2, pageSize: 1, pageCount: 3, total: 3 });
  expect(paged.data.recipients).toEqual([all.data.recipients[1]]);
  for (const bad of ['?problem=lost', '?page=0', '?pageSize=1000']) {
    expect((await app.request().get(`/newsletter/campaigns/${id}/report${bad}`).set(as(chief))).status).toBe(400);
  }
  expect((await app.request().get('/newsletter/campaigns/99999/report').set(as(chief))).status).toBe(404);

  const csv = await app.request().get(`/newsletter/campaigns/${id}/report/export`).set(as(chief)).buffer(true).parse((res, done) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (body += chunk));
    res.on('end', () => done(null, body));
  });
  expect(csv.status).toBe(200);
  expect(csv.headers['content-type']).toMatch(/^text\/csv/);
  expect(csv.headers['content-disposition']).toMatch(/attachment; filename="newsletter-campaign-\d+-report.csv"/);
  const rows = parse(csv.body as string, { columns: true }) as Record<string, string>[];
  expect(rows).toEqual(all.data.recipients.map((row) => ({ email: row.email, problem: row.problem, at: row.at ?? '', reply: row.reply ?? '' })));
  // No token, signature or link of ours in the report.
  expect(csv.body).not.toMatch(/token=|bounces\+/);
});

it('refuses retry on a campaign that was never sent, and needs the campaign permissions', async () => {
  const created = await app.request().post('/newsletter/campaigns').set(as(chief)).send({ subject: 'Draft only', selection: 'since-last' });
  expect((await retry(created.body.data.id)).status).toBe(409);
  expect((await app.request().get(`/newsletter/campaigns/${created.body.data.id}/report`)).status).toBe(401);
});
