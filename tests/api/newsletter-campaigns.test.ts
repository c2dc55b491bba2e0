import type { ParsedMail } from 'mailparser';
import { adminWith, as, registerChief } from '../helpers/admin';
import { startApp, type TestApp } from '../helpers/app';
import { CAMPAIGN_ENV, campaignUntil, finished, getCampaign, importSubscribers, publishStory, startCampaign, tally } from '../helpers/campaigns';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/*
 * Campaigns as staff send them, checked at a real SMTP sink: who gets a mail (confirmed addresses
 * only, once each), what the mail holds (both parts, List-Unsubscribe, a deterministic Message-ID,
 * the stories in the reader's language, the footer), and how sending behaves when the relay
 * refuses, when staff pause and resume, and when a reader leaves mid-send.
 */

const SUBSCRIBER = 'plugin::newsletter.subscriber';

let app: TestApp;
let smtp: SmtpSink;
let chief: string;
let story: string;

const campaignMails = (id: number) => smtp.mails.filter((mail) => mail.messageId?.startsWith(`<campaign-${id}.`));
const text = (mail: ParsedMail) => mail.text ?? '';
const html = (mail: ParsedMail) => (typeof mail.html === 'string' ? mail.html : '');
/** A header as it was sent (mailparser folds the List-* headers into one structured `list`). */
const header = (mail: ParsedMail, name: string) =>
  mail.headerLines.find((line) => line.key === name.toLowerCase())?.line.replace(/^[^:]+:\s*/, '').replace(/\r?\n\s+/g, ' ') ?? '';
const subscriberId = async (email: string) => ((await app.strapi.db.query(SUBSCRIBER).findOne({ where: { email } })) as { id: number }).id;
const statusOf = async (email: string) => ((await app.strapi.db.query(SUBSCRIBER).findOne({ where: { email } })) as { status: string }).status;
const ledgerOf = (campaignId: number) => app.strapi.db.connection('newsletter_deliveries').where({ campaign_id: campaignId });
/** Removes every subscriber: each test starts from its own list. */
const clearList = () => app.strapi.db.query(SUBSCRIBER).deleteMany({ where: {} });
const sending = (config: Record<string, number>) => {
  for (const [key, value] of Object.entries(config)) app.strapi.config.set(`plugin::newsletter.sending.${key}`, value);
};

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startApp({ env: { ...smtp.env(), ...CAMPAIGN_ENV, NEWSLETTER_RETRY_BASE_SECONDS: '0', MAIL_WORKER_POLL_MS: '100' } });
  chief = await registerChief(app);
  story = await publishStory(
    app.strapi,
    { title: 'Ministers agree on a shared coastguard', summary: 'Six countries pool their patrol boats.', city: 'Antwerp' },
    { title: 'Les ministres créent une garde côtière commune', summary: 'Six pays mettent leurs patrouilleurs en commun.' }
  );
});
afterAll(async () => {
  await app?.close();
  await smtp?.close();
});
afterEach(async () => {
  sending({ batchSize: 100, pauseAfterFailures: 25, maxAttempts: 5 });
  smtp.setDelay(0);
  smtp.clearRejections();
  await clearList();
});

describe('creating', () => {
  it('answers 201 with the campaign as a draft', async () => {
    const res = await app
      .request()
      .post('/newsletter/campaigns')
      .set(as(chief))
      .send({ subject: 'This week', intro: 'Our stories.', locale: 'en', selection: { articles: [story] } });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      id: expect.any(Number),
      subject: 'This week',
      intro: 'Our stories.',
      locale: 'en',
      status: 'draft',
      total: 0,
      sent: 0,
      failed: 0,
      pausedReason: null,
      startedAt: null,
      finishedAt: null,
    });
    const listed = await app.request().get('/newsletter/campaigns').set(as(chief)).expect(200);
    expect(listed.body.data.map((campaign: { id: number }) => campaign.id)).toContain(res.body.data.id);
  });

  it.each([
    ['no subject', { intro: 'x', selection: 'since-last' }, /subject is required/],
    ['an unknown selection', { subject: 'x', selection: 'everything' }, /selection must be/],
    ['an empty hand-picked list', { subject: 'x', selection: { articles: [] } }, /selection must be/],
    ['a language we do not write', { subject: 'x', locale: 'de', selection: 'since-last' }, /locale must be en or fr/],
    ['an unknown field', { subject: 'x', selection: 'since-last', audience: 'all' }, /unknown field: audience/],
  ])('refuses %s with 400', async (_label, body, message) => {
    const res = await app.request().post('/newsletter/campaigns').set(as(chief)).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('is for staff holding the campaign permissions: read alone may look, not send', async () => {
    const reader = await adminWith(app, chief, 'Campaign Reader', ['plugin::newsletter.campaigns.read']);
    await app.request().get('/newsletter/campaigns').set(as(reader)).expect(200);
    const res = await app.request().post('/newsletter/campaigns').set(as(reader)).send({ subject: 'x', selection: 'since-last' });
    expect(res.status).toBe(403);
    await app.request().get('/newsletter/campaigns').expect(401);
  });
});

describe('sending', () => {
  it('mails each confirmed address exactly once, in its language, with both parts, the headers and the footer', async () => {
    await importSubscribers(app, chief, 'email,locale,name\nana@example.org,en,Ana Reporter\nbenoit@example.org,fr,Benoît\ncy@example.org,en,\n');
    // Not confirmed, left, and suppressed: none of them may get anything.
    await app.request().post('/api/newsletter/subscribe').send({ email: 'pending@example.org' }).expect(202);
    await importSubscribers(app, chief, 'email\nleft@example.org\nbounced@example.org\n');
    await app.strapi.db.query(SUBSCRIBER).update({ where: { email: 'left@example.org' }, data: { status: 'unsubscribed' } });
    await app.strapi.db.query(SUBSCRIBER).update({ where: { email: 'bounced@example.org' }, data: { status: 'suppressed' } });

    const id = await startCampaign(app, chief, {
      subject: 'The week in pictures',
      intro: 'Three reports from the coast.\n\nAnd one from the capital.',
      translations: { fr: { subject: 'La semaine en images', intro: 'Trois reportages de la côte.' } },
      selection: { articles: [story] },
    });
    const done = await campaignUntil(app, chief, id, finished);
    expect(done).toMatchObject({ status: 'sent', total: 3, sent: 3, failed: 0, finishedAt: expect.any(String) });

    const mails = campaignMails(id);
    expect(mails.map((mail) => mail.to && 'text' in mail.to && mail.to.text).sort()).toEqual([
      'ana@example.org',
      'benoit@example.org',
      'cy@example.org',
    ]);
    expect([...tally(mails.map((mail) => mail.messageId!)).values()]).toEqual([1, 1, 1]);

    for (const mail of mails) {
      const to = (mail.to as { text: string }).text;
      expect(mail.messageId).toBe(`<campaign-${id}.subscriber-${await subscriberId(to)}@127.0.0.1>`);
      expect(html(mail)).toContain('Northern Council');
      expect(text(mail)).toContain('1 Harbour Street, 1000 Brussels, Belgium');
      expect(header(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
      expect(header(mail, 'List-Unsubscribe')).toMatch(new RegExp(`^<${app.url}/api/newsletter/unsubscribe\\?token=[\\w.-]+>$`));
      expect(html(mail)).toMatch(/#token=[\w.-]+/);
    }
    const ana = mails.find((mail) => (mail.to as { text: string }).text === 'ana@example.org')!;
    expect(ana.subject).toBe('The week in pictures');
    expect(text(ana)).toContain('Hello Ana Reporter,');
    expect(text(ana)).toContain('Ministers agree on a shared coastguard');
    expect(text(ana)).toContain('Antwerp, Belgium');
    // The app's default story path: its own story page, which opens the link in any language.
    expect(text(ana)).toContain(`${app.url}/stories/story.html?slug=ministers-agree-on-a-shared-coastguard&lang=en`);
    expect(html(ana)).toContain('Three reports from the coast.');
    expect(html(ana)).toContain('And one from the capital.');
    const benoit = mails.find((mail) => (mail.to as { text: string }).text === 'benoit@example.org')!;
    expect(benoit.subject).toBe('La semaine en images');
    expect(text(benoit)).toContain('Bonjour Benoît,');
    expect(text(benoit)).toContain('Les ministres créent une garde côtière commune');
    expect(text(benoit)).toContain(`${app.url}/stories/story.html?slug=les-ministres-creent-une-garde-cotiere-commune&lang=fr`);
    expect(text(benoit)).toContain('Se désabonner en un clic');
    const cy = mails.find((mail) => (mail.to as { text: string }).text === 'cy@example.org')!;
    expect(text(cy)).toContain('Hello,');

    // The one-click link of the header works as RFC 8058 says: a POST, no login.
    const link = /^<(.+)>$/.exec(header(ana, 'List-Unsubscribe'))![1];
    const oneClick = await fetch(link, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect(await statusOf('ana@example.org')).toBe('unsubscribed');
  });

  it('refuses to start without the footer’s sender and postal address, and without a story', async () => {
    const created = await app.request().post('/newsletter/campaigns').set(as(chief)).send({ subject: 'x', selection: { articles: [story] } });
    app.strapi.config.set('plugin::newsletter.postalAddress', '');
    try {
      const res = await app.request().post(`/newsletter/campaigns/${created.body.data.id}/send`).set(as(chief));
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/NEWSLETTER_POSTAL_ADDRESS/);
    } finally {
      app.strapi.config.set('plugin::newsletter.postalAddress', CAMPAIGN_ENV.NEWSLETTER_POSTAL_ADDRESS);
    }
    expect((await getCampaign(app, chief, created.body.data.id)).status).toBe('draft');

    const draft = await app.request().post('/newsletter/campaigns').set(as(chief)).send({ subject: 'x', selection: { articles: ['no-such-story'] } });
    const res = await app.request().post(`/newsletter/campaigns/${draft.body.data.id}/send`).set(as(chief));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/nothing to send/);
  });

  it('sends a started campaign only once: a second send answers 409', async () => {
    await importSubscribers(app, chief, 'email\nonce@example.org\n');
    const id = await startCampaign(app, chief, { subject: 'Once', locale: 'en', selection: { articles: [story] } });
    const again = await app.request().post(`/newsletter/campaigns/${id}/send`).set(as(chief));
    expect(again.status).toBe(409);
    await campaignUntil(app, chief, id, finished);
    expect(campaignMails(id)).toHaveLength(1);
  });

  it('suppresses an address the relay refuses for good (5xx) and delivers one it asks to retry (4xx)', async () => {
    await importSubscribers(app, chief, 'email\nfine@example.org\ngone@example.org\nbusy@example.org\n');
    smtp.reject((address) => address === 'gone@example.org', 550);
    smtp.reject((address) => address === 'busy@example.org', 451, 1);
    const id = await startCampaign(app, chief, { subject: 'Relay moods', locale: 'en', selection: { articles: [story] } });
    const done = await campaignUntil(app, chief, id, finished);
    expect(done).toMatchObject({ status: 'sent', total: 3, sent: 2, failed: 1 });
    expect(await statusOf('gone@example.org')).toBe('suppressed');
    expect(await statusOf('busy@example.org')).toBe('subscribed');
    expect(smtp.refused.get('busy@example.org')).toBe(1);
    const to = campaignMails(id).map((mail) => (mail.to as { text: string }).text).sort();
    expect(to).toEqual(['busy@example.org', 'fine@example.org']);
    const gone = await ledgerOf(id).andWhere({ subscriber_id: await subscriberId('gone@example.org') }).first();
    expect(gone).toMatchObject({ status: 'failed', error: expect.stringMatching(/^550/) });
  });

  it('pauses itself, with the reason shown, after too many failures in a row; resumed, it delivers', async () => {
    await importSubscribers(app, chief, `email\n${Array.from({ length: 6 }, (_, i) => `reader${i}@example.org`).join('\n')}\n`);
    sending({ pauseAfterFailures: 3, maxAttempts: 50, batchSize: 2 });
    smtp.reject(() => true, 421);
    const id = await startCampaign(app, chief, { subject: 'Relay down', locale: 'en', selection: { articles: [story] } });
    const paused = await campaignUntil(app, chief, id, (campaign) => campaign.status === 'paused');
    expect(paused.pausedReason).toMatch(/^Paused after \d+ failed deliveries in a row; last error: 421/);
    expect(paused.sent).toBe(0);

    smtp.clearRejections();
    await app.request().post(`/newsletter/campaigns/${id}/resume`).set(as(chief)).expect(202);
    const done = await campaignUntil(app, chief, id, finished);
    expect(done).toMatchObject({ status: 'sent', sent: 6, failed: 0, pausedReason: null });
    expect([...tally(campaignMails(id).map((mail) => mail.messageId!)).values()]).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('pauses on request and resumes where it stopped, mailing nobody twice', async () => {
    const emails = Array.from({ length: 30 }, (_, i) => `paused${i}@example.org`);
    await importSubscribers(app, chief, `email\n${emails.join('\n')}\n`);
    sending({ batchSize: 3 });
    smtp.setDelay(40);
    const id = await startCampaign(app, chief, { subject: 'Pause me', locale: 'en', selection: { articles: [story] } });
    await campaignUntil(app, chief, id, (campaign) => campaign.sent >= 3);
    const paused = await app.request().post(`/newsletter/campaigns/${id}/pause`).set(as(chief));
    expect(paused.status).toBe(200);
    expect(paused.body.data).toMatchObject({ status: 'paused', pausedReason: 'Paused by staff.' });
    // What was handed to the relay finishes; nothing new starts.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const still = await getCampaign(app, chief, id);
    const delivered = campaignMails(id).length;
    expect(still.status).toBe('paused');
    expect(still.sent).toBe(delivered);
    expect(delivered).toBeLessThan(30);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(campaignMails(id)).toHaveLength(delivered);

    await app.request().post(`/newsletter/campaigns/${id}/pause`).set(as(chief)).expect(409);
    await app.request().post(`/newsletter/campaigns/${id}/resume`).set(as(chief)).expect(202);
    const done = await campaignUntil(app, chief, id, finished);
    expect(done).toMatchObject({ status: 'sent', total: 30, sent: 30 });
    const counts = tally(campaignMails(id).map((mail) => mail.messageId!));
    expect(counts.size).toBe(30);
    expect(Math.max(...counts.values())).toBe(1);
  });

  it('keeps to the hourly cap over all processes: the rest waits for the next window', async () => {
    const limiter = app.strapi.plugin('rate-limit').service('limiter') as {
      declare(name: string, limit: { max: number; windowSeconds: number }): void;
      reset(name?: string): Promise<void>;
    };
    limiter.declare('newsletter.campaign-hour', { max: 2, windowSeconds: 3600 });
    sending({ perHour: 2 });
    try {
      await importSubscribers(app, chief, `email\n${Array.from({ length: 5 }, (_, i) => `capped${i}@example.org`).join('\n')}\n`);
      const id = await startCampaign(app, chief, { subject: 'Capped', locale: 'en', selection: { articles: [story] } });
      const capped = await campaignUntil(app, chief, id, (campaign) => campaign.sent === 2 && campaign.total === 5);
      expect(capped.status).toBe('sending');
      const waiting = await ledgerOf(id).andWhere({ status: 'queued' });
      expect(waiting).toHaveLength(3);
      // Put off to when the hour's window ends, not tried again at once.
      for (const row of waiting) expect(Number(row.next_attempt_at)).toBeGreaterThan(Date.now() + 3500 * 1000);
      expect(campaignMails(id)).toHaveLength(2);
      await app.request().post(`/newsletter/campaigns/${id}/pause`).set(as(chief)).expect(200);
    } finally {
      sending({ perHour: 0 });
      await limiter.reset('newsletter.campaign-hour');
    }
  });

  it('sends nothing more to a reader who unsubscribes while the campaign is being sent', async () => {
    const emails = Array.from({ length: 8 }, (_, i) => `midway${i}@example.org`);
    await importSubscribers(app, chief, `email\n${emails.join('\n')}\n`);
    sending({ batchSize: 2 });
    const release = smtp.hold();
    const id = await startCampaign(app, chief, { subject: 'Midway', locale: 'en', selection: { articles: [story] } });
    await campaignUntil(app, chief, id, (campaign) => campaign.total === 8);
    // The relay holds the first batch; meanwhile the last reader leaves through the staff list.
    const leaving = await subscriberId('midway7@example.org');
    await app.strapi.db.query(SUBSCRIBER).update({ where: { id: leaving }, data: { status: 'unsubscribed' } });
    release();
    const done = await campaignUntil(app, chief, id, finished);
    expect(done).toMatchObject({ status: 'sent', total: 8, sent: 7 });
    const to = campaignMails(id).map((mail) => (mail.to as { text: string }).text);
    expect(to).not.toContain('midway7@example.org');
    expect(await ledgerOf(id).andWhere({ subscriber_id: leaving }).first()).toMatchObject({ status: 'skipped' });
  });
});

describe('preview and test', () => {
  it('shows the rendered mail in the page and sends a test to the staff member, in each language', async () => {
    const created = await app
      .request()
      .post('/newsletter/campaigns')
      .set(as(chief))
      .send({ subject: 'Preview me', intro: 'Hello from the desk.', selection: { articles: [story] } });
    const id = created.body.data.id as number;
    const fr = await app.request().get(`/newsletter/campaigns/${id}/preview?locale=fr`).set(as(chief)).expect(200);
    expect(fr.body.data).toMatchObject({ locale: 'fr', subject: 'Preview me', stories: 1 });
    expect(fr.body.data.html).toContain('Les ministres créent une garde côtière commune');
    expect(fr.body.data.text).toContain('Bonjour,');

    const res = await app.request().post(`/newsletter/campaigns/${id}/test`).set(as(chief));
    expect(res.status).toBe(200);
    const tests = await Promise.all([
      smtp.waitFor((mail) => mail.subject === '[Test] Preview me' && text(mail).includes('Watch the story')),
      smtp.waitFor((mail) => mail.subject === '[Test] Preview me' && text(mail).includes('Voir le reportage')),
    ]);
    for (const mail of tests) expect((mail.to as { text: string }).text).toBe('chief@newsreel.test');
    // A test is not a send: the draft stays a draft.
    expect((await getCampaign(app, chief, id)).status).toBe('draft');
  });

  it('carries every story published since the last sent campaign, and refuses when there is none', async () => {
    await importSubscribers(app, chief, 'email\nsince@example.org\n');
    await publishStory(app.strapi, { title: 'Fishing quotas are set for next year' });
    const first = await startCampaign(app, chief, { subject: 'Everything so far', locale: 'en', selection: 'since-last' });
    await campaignUntil(app, chief, first, finished);
    expect(text(campaignMails(first)[0])).toContain('Fishing quotas are set for next year');
    const none = await app.request().post('/newsletter/campaigns').set(as(chief)).send({ subject: 'Nothing new', selection: 'since-last' });
    const refused = await app.request().post(`/newsletter/campaigns/${none.body.data.id}/send`).set(as(chief));
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/No story was published since the last campaign/);

    await publishStory(app.strapi, { title: 'A new harbour opens in the north' });
    const next = await startCampaign(app, chief, { subject: 'New since then', locale: 'en', selection: 'since-last' });
    await campaignUntil(app, chief, next, finished);
    const [mail] = campaignMails(next);
    expect(text(mail)).toContain('A new harbour opens in the north');
    expect(text(mail)).not.toContain('Fishing quotas are set for next year');
  });
});
