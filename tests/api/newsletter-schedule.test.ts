import type { ParsedMail } from 'mailparser';
import { as, registerChief, signIn } from '../helpers/admin';
import { startApp, type TestApp } from '../helpers/app';
import { CAMPAIGN_ENV, campaignUntil, finished, getCampaign, importSubscribers, publishStory } from '../helpers/campaigns';
import { controlDate } from '../helpers/clock';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/*
 * Scheduled campaigns and the weekly digest, with the date under the test's control (it jumps to
 * a few seconds before each time, then runs at the real pace) and a real SMTP sink. The scheduler
 * is the app's own poll (NEWSLETTER_POLL_MS=100).
 */

const POLL_MS = 100;
const ENV = { ...CAMPAIGN_ENV, NEWSLETTER_POLL_MS: String(POLL_MS), NEWSLETTER_RETRY_BASE_SECONDS: '0' };

let app: TestApp;
let smtp: SmtpSink;
let chief: string;
let clock: ReturnType<typeof controlDate>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const campaignMails = (id: number) => smtp.mails.filter((mail) => mail.messageId?.startsWith(`<campaign-${id}.`));
const subjectOf = (mail: ParsedMail) => mail.subject ?? '';
const boot = (reuse?: TestApp) =>
  startApp({ env: { ...smtp.env(), ...ENV }, ...(reuse ? { database: reuse.database, dir: reuse.dir } : {}) });
/** Moves the clock to `at` and signs in again (the admin session follows the clock). */
const jumpTo = async (at: string | Date) => {
  clock.set(at);
  chief = await signIn(app);
};

const draft = async (subject: string, selection: unknown = 'since-last', locale: string | null = null) => {
  const res = await app.request().post('/newsletter/campaigns').set(as(chief)).send({ subject, selection, ...(locale ? { locale } : {}) });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.data.id as number;
};
const schedule = (id: number, body: Record<string, unknown>) => app.request().post(`/newsletter/campaigns/${id}/schedule`).set(as(chief)).send(body);

beforeAll(async () => {
  // A Monday morning, the day after the clocks went forward in Brussels (28 March 2027).
  clock = controlDate(new Date('2027-03-29T05:00:00Z'));
  smtp = await startSmtpSink();
  app = await boot();
  chief = await registerChief(app);
  await importSubscribers(app, chief, 'email,locale\nana@example.org,en\nbruno@example.org,fr\ncarla@example.org,en\n');
});
afterAll(async () => {
  await app?.close();
  await smtp?.close();
  clock?.restore();
});

describe('scheduling a campaign', () => {
  it('fires at its time, not before, within a poll, and each subscriber gets one mail', async () => {
    const story = await publishStory(app.strapi, { title: 'Harbour cranes go electric' });
    const id = await draft('Cranes', { articles: [story] }, 'en');
    // 10:00 in Brussels is 08:00 UTC in summer time.
    const res = await schedule(id, { at: '2027-03-29T10:00', timeZone: 'Europe/Brussels' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id, status: 'scheduled', scheduledAt: '2027-03-29T08:00:00.000Z', timeZone: 'Europe/Brussels' });

    await jumpTo('2027-03-29T07:59:57Z');
    await sleep(2000);
    expect((await getCampaign(app, chief, id)).status).toBe('scheduled');
    expect(campaignMails(id)).toHaveLength(0);

    const sent = await campaignUntil(app, chief, id, finished, 20_000);
    expect(sent).toMatchObject({ status: 'sent', sent: 2, failed: 0 });
    const started = new Date((sent as unknown as { startedAt: string }).startedAt).getTime();
    expect(started).toBeGreaterThanOrEqual(Date.parse('2027-03-29T08:00:00Z'));
    expect(started - Date.parse('2027-03-29T08:00:00Z')).toBeLessThan(POLL_MS + 2000);
    expect(campaignMails(id).map((mail) => mail.to && 'text' in mail.to ? mail.to.text : '').sort()).toEqual(['ana@example.org', 'carla@example.org']);
  });

  it('keeps 08:00 at 08:00 across the change of hour: 30 March 08:00 in Brussels fires at 06:00 UTC', async () => {
    const story = await publishStory(app.strapi, { title: 'Spring tide warnings' });
    const id = await draft('Spring', { articles: [story] }, 'en');
    const res = await schedule(id, { at: '2027-03-30T08:00' });
    expect(res.status).toBe(200);
    // The default time zone is NEWSLETTER_TIME_ZONE's, Europe/Brussels.
    expect(res.body.data).toMatchObject({ status: 'scheduled', scheduledAt: '2027-03-30T06:00:00.000Z', timeZone: 'Europe/Brussels' });

    await jumpTo('2027-03-30T05:59:57Z');
    await sleep(2000);
    expect((await getCampaign(app, chief, id)).status).toBe('scheduled');
    const sent = await campaignUntil(app, chief, id, finished, 20_000);
    expect(sent.status).toBe('sent');
    expect(Date.parse((sent as unknown as { startedAt: string }).startedAt)).toBeGreaterThanOrEqual(Date.parse('2027-03-30T06:00:00Z'));
  });

  it('refuses a time in the past, a time the clocks skip, an unknown zone, and a campaign already sent', async () => {
    const id = await draft('Refusals');
    const now = new Date(Date.now());
    const refusals: [Record<string, unknown>, RegExp][] = [
      [{ at: new Date(now.getTime() - 60_000).toISOString() }, /in the past/],
      [{ at: '2028-03-26T02:30', timeZone: 'Europe/Brussels' }, /does not exist in Europe\/Brussels/],
      [{ at: '2027-12-01T08:00', timeZone: 'Europe/Atlantis' }, /not a time zone/],
      [{ at: 'next monday' }, /date and time/],
      [{ at: '2027-12-01T08:00', when: 'soon' }, /unknown field: when/],
      [{}, /at is required/],
    ];
    for (const [body, message] of refusals) {
      const res = await schedule(id, body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    expect((await getCampaign(app, chief, id)).status).toBe('draft');
    const sentOne = (await app.strapi.db.query('plugin::newsletter.campaign').findOne({ where: { status: 'sent' } })) as { id: number };
    expect((await schedule(sentOne.id, { at: '2027-12-01T08:00' })).status).toBe(409);
    expect((await app.request().delete(`/newsletter/campaigns/${sentOne.id}/schedule`).set(as(chief))).status).toBe(409);
    expect((await schedule(99999, { at: '2027-12-01T08:00' })).status).toBe(404);
  });

  it('can be rescheduled and unscheduled until it starts', async () => {
    const id = await draft('Moving target');
    expect((await schedule(id, { at: '2027-12-01T08:00' })).body.data.scheduledAt).toBe('2027-12-01T07:00:00.000Z');
    const moved = await schedule(id, { at: '2027-12-02T09:30', timeZone: 'America/New_York' });
    expect(moved.body.data).toMatchObject({ status: 'scheduled', scheduledAt: '2027-12-02T14:30:00.000Z', timeZone: 'America/New_York' });
    // The list names the zone a schedule is read in when none is given, for the admin's picker.
    expect((await app.request().get('/newsletter/campaigns').set(as(chief))).body.meta).toEqual({ timeZone: 'Europe/Brussels' });
    const dropped = await app.request().delete(`/newsletter/campaigns/${id}/schedule`).set(as(chief));
    expect(dropped.status).toBe(200);
    expect(dropped.body.data).toMatchObject({ status: 'draft', scheduledAt: null });
  });

  it('leaves a start claimed by a process that died to another once the claim lapses', async () => {
    const story = await publishStory(app.strapi, { title: 'Lighthouse keepers retire' });
    const id = await draft('Handed over', { articles: [story] }, 'en');
    const at = new Date(Date.now() + 120_000);
    expect((await schedule(id, { at: at.toISOString() })).status).toBe(200);
    // A process claimed the start for 30 s and died before starting it.
    await app.strapi.db.connection('newsletter_campaigns').where({ id }).update({ start_lease_until: at.getTime() + 30_000 });
    await jumpTo(new Date(at.getTime() + 1000));
    await sleep(1500);
    expect((await getCampaign(app, chief, id)).status).toBe('scheduled');
    await jumpTo(new Date(at.getTime() + 31_000));
    expect((await campaignUntil(app, chief, id, finished, 20_000)).status).toBe('sent');
    expect(campaignMails(id)).toHaveLength(2);
  });

  it('does not fire after every process was down past NEWSLETTER_MISSED_AFTER_MINUTES: missed, nothing sent, sent by hand later', async () => {
    const story = await publishStory(app.strapi, { title: 'Ferry timetable changes' });
    const id = await draft('Late ferry', { articles: [story] }, 'en');
    const at = new Date(Date.now() + 5 * 60_000);
    expect((await schedule(id, { at: at.toISOString() })).status).toBe(200);
    // Every process stops a minute before the time and comes back 90 minutes after it.
    await jumpTo(new Date(at.getTime() - 60_000));
    await app.close({ keepDatabase: true });
    clock.set(new Date(at.getTime() + 90 * 60_000));
    app = await boot(app);
    chief = await signIn(app);
    const missed = await campaignUntil(app, chief, id, (campaign) => campaign.status !== 'scheduled', 10_000);
    expect(missed.status).toBe('missed');
    expect((missed as unknown as { statusReason: string }).statusReason).toMatch(/more than 60 minutes ago while no server process was running/);
    await sleep(1000);
    expect(campaignMails(id)).toHaveLength(0);

    const res = await app.request().post(`/newsletter/campaigns/${id}/send`).set(as(chief));
    expect(res.status).toBe(202);
    expect(await campaignUntil(app, chief, id, finished, 20_000)).toMatchObject({ status: 'sent', sent: 2 });
    expect(campaignMails(id)).toHaveLength(2);
  });
});

describe('the digest', () => {
  const DIGEST = {
    enabled: true,
    schedule: { weekly: { days: [1], time: '08:00' } },
    timeZone: 'Europe/Brussels',
    subject: 'Week of {date}',
    intro: 'The stories of the week.',
    translations: { fr: { subject: 'Semaine du {date}' } },
    locales: ['en', 'fr'],
  };
  const digestCampaigns = async () =>
    (await app.request().get('/newsletter/campaigns').set(as(chief))).body.data.filter((campaign: { digest: boolean }) => campaign.digest) as {
      id: number;
      status: string;
      subject: string;
      statusReason: string | null;
      scheduledAt: string;
    }[];
  /** The story titles each digest mail carried, by campaign. */
  const storiesIn = (id: number) => new Set(campaignMails(id).flatMap((mail) => [...(mail.text ?? '').matchAll(/^\* (.+)$/gm)].map((m) => m[1])));
  const until = async (check: () => Promise<boolean>, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await sleep(100);
    }
  };

  it('validates its settings', async () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ ...DIGEST, schedule: { weekly: { days: [8], time: '08:00' } } }, /schedule must be/],
      [{ ...DIGEST, schedule: { cron: '0 8 * *' } }, /five fields/],
      [{ ...DIGEST, timeZone: 'Mars/Olympus' }, /not a time zone/],
      [{ ...DIGEST, locales: [] }, /at least one language/],
      [{ ...DIGEST, subject: '' }, /subject is required/],
    ];
    for (const [body, message] of bad) {
      const res = await app.request().put('/newsletter/digest').set(as(chief)).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
  });

  it('sends on time each week with new stories, skips a week without, never repeats a story, and stops when turned off', async () => {
    await jumpTo('2027-04-05T05:00:00Z');
    const saved = await app.request().put('/newsletter/digest').set(as(chief)).send(DIGEST);
    expect(saved.status).toBe(200);
    expect(saved.body.data).toMatchObject({ enabled: true, nextAt: '2027-04-05T06:00:00.000Z', timeZone: 'Europe/Brussels' });

    // Week 1: a new story.
    await publishStory(app.strapi, { title: 'Week one: dune restoration' }, { title: 'Semaine un : dunes restaurées' });
    await jumpTo('2027-04-05T05:59:58Z');
    await until(async () => (await digestCampaigns()).some((campaign) => campaign.status === 'sent'));
    const [first] = await digestCampaigns();
    expect(first.scheduledAt).toBe('2027-04-05T06:00:00.000Z');
    expect(first.subject).toBe('Week of April 5, 2027');
    expect(campaignMails(first.id).map(subjectOf).sort()).toEqual(['Semaine du 5 avril 2027', 'Week of April 5, 2027', 'Week of April 5, 2027']);
    expect(storiesIn(first.id)).toContain('Week one: dune restoration');

    // Week 2: nothing new: skipped, and the skip recorded.
    await jumpTo('2027-04-12T05:59:58Z');
    await until(async () => (await digestCampaigns()).length === 2 && (await digestCampaigns())[0].status !== 'scheduled');
    const [second] = await digestCampaigns();
    expect(second).toMatchObject({ status: 'skipped', scheduledAt: '2027-04-12T06:00:00.000Z' });
    expect(second.statusReason).toMatch(/No story was published since the last campaign/);
    expect(campaignMails(second.id)).toHaveLength(0);

    // Week 3: a new story, and another published while the digest is being sent.
    await publishStory(app.strapi, { title: 'Week three: tram line opens' });
    smtp.setDelay(1500);
    await jumpTo('2027-04-19T05:59:58Z');
    await until(async () => (await digestCampaigns()).some((campaign) => campaign.status === 'sending'));
    await publishStory(app.strapi, { title: 'During the send: bridge reopens' });
    await until(async () => (await digestCampaigns())[0].status === 'sent');
    smtp.setDelay(0);
    const [third] = await digestCampaigns();
    expect(storiesIn(third.id)).toContain('Week three: tram line opens');
    expect(storiesIn(third.id)).not.toContain('During the send: bridge reopens');

    // Week 4: the story published during the last send.
    await jumpTo('2027-04-26T05:59:58Z');
    await until(async () => (await digestCampaigns()).length === 4 && (await digestCampaigns())[0].status === 'sent');
    const [fourth] = await digestCampaigns();
    expect([...storiesIn(fourth.id)]).toEqual(['During the send: bridge reopens']);

    // No story is in two digests.
    const seen = [first, third, fourth].flatMap((campaign) => [...storiesIn(campaign.id)]);
    expect(new Set(seen).size).toBe(seen.length);

    // Off: no fifth occurrence; the history tells what happened.
    const off = await app.request().put('/newsletter/digest').set(as(chief)).send({ ...DIGEST, enabled: false });
    expect(off.body.data).toMatchObject({ enabled: false, nextAt: null });
    await publishStory(app.strapi, { title: 'Week five: nobody hears' });
    await jumpTo('2027-05-03T05:59:58Z');
    await sleep(2500);
    expect(await digestCampaigns()).toHaveLength(4);
    const history = (await app.request().get('/newsletter/digest').set(as(chief))).body.data.history as { status: string; occurrence: string }[];
    expect(history.map((entry) => [entry.occurrence, entry.status])).toEqual([
      ['2027-04-26T06:00:00.000Z', 'sent'],
      ['2027-04-19T06:00:00.000Z', 'sent'],
      ['2027-04-12T06:00:00.000Z', 'skipped'],
      ['2027-04-05T06:00:00.000Z', 'sent'],
    ]);
  });
});
