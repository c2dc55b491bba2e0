import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import createError from 'http-errors';
import type { NewsletterConfig } from '../config';
import { isTimeZone, parseScheduleTime } from '../schedule/time';
import { getService } from '../utils/get-service';
import type { CampaignText, RenderedCampaign, Selection, StoryCard } from './composer';
import type { Locale } from './mailer';

const CAMPAIGN = 'plugin::newsletter.campaign';

export type CampaignStatus = 'draft' | 'scheduled' | 'missed' | 'skipped' | 'sending' | 'paused' | 'sent' | 'failed';

/** Where a campaign may be started from by hand: a draft, or a scheduled one that was missed or had nothing to send. */
const STARTABLE: CampaignStatus[] = ['draft', 'missed', 'skipped'];

/** How a selection is stored: a JSON object (PostgreSQL's json type takes no bare string). */
type StoredSelection = { since: 'last' } | { articles: string[] };
const stored = (selection: Selection): StoredSelection => (selection === 'since-last' ? { since: 'last' } : selection);
const selectionOf = (row: { selection: StoredSelection }): Selection => ('since' in row.selection ? 'since-last' : row.selection);

interface Campaign extends CampaignText {
  id: number;
  locale: Locale | null;
  selection: StoredSelection;
  status: CampaignStatus;
  total: number;
  sent: number;
  failed: number;
  pausedReason: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  scheduledAt: string | number | null;
  timeZone: string | null;
  statusReason: string | null;
  digestOccurrence: string | number | null;
  createdAt: string;
  stories: Partial<Record<Locale, StoryCard[]>> | null;
  rendered: Partial<Record<Locale, RenderedCampaign>> | null;
}

export interface NewCampaign extends CampaignText {
  locale?: Locale | null;
  selection: Selection;
}

/** A datetime column as a UTC ISO string (SQLite hands back numbers, PostgreSQL dates). */
const iso = (value: string | number | Date | null | undefined) => (value === null || value === undefined ? null : new Date(value).toISOString());

/** What the admin API shows of a campaign (the contract's fields, plus what the page needs). */
export const campaignView = (row: Campaign) => ({
  id: row.id,
  subject: row.subject,
  intro: row.intro ?? '',
  translations: row.translations ?? null,
  locale: row.locale ?? null,
  selection: selectionOf(row),
  status: row.status,
  total: Number(row.total ?? 0),
  sent: Number(row.sent ?? 0),
  failed: Number(row.failed ?? 0),
  pausedReason: row.pausedReason ?? null,
  startedAt: row.startedAt ?? null,
  finishedAt: row.finishedAt ?? null,
  scheduledAt: iso(row.scheduledAt),
  timeZone: row.timeZone ?? null,
  statusReason: row.statusReason ?? null,
  digest: row.digestOccurrence !== null && row.digestOccurrence !== undefined,
  createdAt: row.createdAt,
  stories: row.stories ? Object.fromEntries(Object.entries(row.stories).map(([locale, cards]) => [locale, (cards ?? []).length])) : null,
});

/** A campaign with no story to carry: refused when started by hand, `skipped` when its time comes. */
export class NothingToSend extends errors.ValidationError {}

const wrongState = (campaign: Campaign, wanted: string) =>
  createError(409, `The campaign is ${campaign.status}; it can only be ${wanted}.`, { expose: true });

/** Campaigns: drafts, their preview and test, and the sending state machine draft → sending ⇄ paused → sent. */
const campaigns = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(CAMPAIGN);
  const config = () => strapi.config.get('plugin::newsletter') as NewsletterConfig;
  const localesOf = (campaign: { locale: Locale | null }): Locale[] => (campaign.locale ? [campaign.locale] : ['en', 'fr']);

  const load = async (id: number): Promise<Campaign> => {
    const row = (await query().findOne({ where: { id } })) as Campaign | null;
    if (!row) throw new errors.NotFoundError('No such campaign.');
    return row;
  };

  /** The stories of a campaign in `locale`: its snapshot once sending began, the live selection before. */
  const storiesOf = async (campaign: Campaign, locale: Locale) =>
    campaign.stories?.[locale] ?? (await getService(strapi, 'composer').stories(selectionOf(campaign), locale));

  /**
   * Bounces and complaints of each campaign, with its complaint rate (complaints per message sent)
   * and whether it passes the warning threshold (Gmail's and Yahoo's 0.3 %).
   */
  const withEvents = async <View extends { id: number; sent: number }>(views: View[]) => {
    const counts = await getService(strapi, 'events').campaignCounts(views.map((view) => view.id));
    const threshold = (strapi.config.get('plugin::newsletter') as NewsletterConfig).deliverability.complaintRateWarning;
    return views.map((view) => {
      const { hardBounces, softBounces, complaints } = counts.get(view.id)!;
      const complaintRate = view.sent > 0 ? complaints / view.sent : 0;
      return { ...view, hardBounces, softBounces, complaints, complaintRate, complaintThreshold: threshold, complaintWarning: complaintRate > threshold };
    });
  };

  const renderedOf = async (campaign: Campaign, locale: Locale) =>
    campaign.rendered?.[locale] ?? getService(strapi, 'composer').render(campaign, locale, await storiesOf(campaign, locale));

  return {
    async create(input: NewCampaign) {
      const row = (await query().create({
        data: {
          subject: input.subject,
          intro: input.intro ?? '',
          translations: input.translations ?? null,
          locale: input.locale ?? null,
          selection: stored(input.selection),
          status: 'draft',
          total: 0,
          sent: 0,
          failed: 0,
        },
      })) as Campaign;
      return campaignView(row);
    },

    /** Every campaign, newest first: the page's history. */
    async list() {
      const rows = (await query().findMany({ orderBy: { id: 'desc' }, limit: 200 })) as Campaign[];
      return withEvents(rows.map(campaignView));
    },

    async get(id: number) {
      return (await withEvents([campaignView(await load(id))]))[0];
    },

    /** The mail as a subscriber in `locale` would get it (a sample greeting, an inert unsubscribe link). */
    async preview(id: number, locale?: Locale) {
      const campaign = await load(id);
      const language = locale && localesOf(campaign).includes(locale) ? locale : localesOf(campaign)[0];
      const composer = getService(strapi, 'composer');
      const mail = composer.personalise(await renderedOf(campaign, language), {
        greeting: composer.greeting(language, null),
        unsubscribePage: '#unsubscribe',
      });
      return { locale: language, ...mail, stories: (await storiesOf(campaign, language)).length };
    },

    /** Sends the campaign, one mail per language, to `email` now ("send a test to me"). */
    async test(id: number, email: string) {
      const campaign = await load(id);
      const composer = getService(strapi, 'composer');
      for (const locale of localesOf(campaign)) {
        const mail = composer.personalise(await renderedOf(campaign, locale), {
          greeting: composer.greeting(locale, null),
          unsubscribePage: '#unsubscribe',
        });
        await getService(strapi, 'sender').sendNow(email, { ...mail, subject: `[Test] ${mail.subject}` });
      }
      return campaignView(campaign);
    },

    /**
     * Starts sending: takes the snapshot of the stories, renders the mail once per language, and
     * hands the campaign to the senders, which write its ledger and send in the background. By
     * hand (`from` = draft, missed or skipped) or by the scheduler (`from` = scheduled): one
     * conditional UPDATE decides, so two callers never both start it.
     */
    async start(id: number, from: CampaignStatus[] = STARTABLE) {
      const campaign = await load(id);
      if (!from.includes(campaign.status)) throw wrongState(campaign, 'sent from a draft, or when it was missed');
      const composer = getService(strapi, 'composer');
      // Stories published up to this instant are in this campaign; any later one is in the next.
      const until = new Date(Date.now());
      const stories: Partial<Record<Locale, StoryCard[]>> = {};
      const rendered: Partial<Record<Locale, RenderedCampaign>> = {};
      for (const locale of localesOf(campaign)) {
        stories[locale] = await composer.stories(selectionOf(campaign), locale, until);
        rendered[locale] = await composer.render(campaign, locale, stories[locale]!);
      }
      if (Object.values(stories).every((cards) => cards!.length === 0)) {
        throw new NothingToSend(
          selectionOf(campaign) === 'since-last'
            ? 'No story was published since the last campaign: there is nothing to send.'
            : 'None of the chosen stories is published: there is nothing to send.'
        );
      }
      const { count } = await query().updateMany({
        where: { id, status: { $in: from } },
        data: {
          status: 'sending',
          stories,
          rendered,
          startedAt: until,
          storiesUntil: until,
          statusReason: null,
          startLeaseUntil: null,
          ledgerDone: false,
          ledgerCursor: 0,
          consecutiveFailures: 0,
        },
      });
      if (count !== 1) throw wrongState(await load(id), 'sent from a draft, or when it was missed');
      getService(strapi, 'sender').wake();
      return campaignView(await load(id));
    },

    async send(id: number) {
      return this.start(id);
    },

    /**
     * Schedules a draft (or reschedules a scheduled, missed or skipped campaign) for `at`: a local
     * date and time read in `timeZone` (default: the configured one), or an ISO time with an
     * offset. The mail is rendered once now, so a missing footer setting is refused today rather
     * than at the time.
     */
    async schedule(id: number, at: string, timeZone?: string) {
      const zone = timeZone ?? config().scheduling.timeZone;
      if (!isTimeZone(zone)) throw new errors.ValidationError(`timeZone: ${String(zone)} is not a time zone this server knows (e.g. Europe/Brussels)`);
      const parsed = parseScheduleTime(at, zone);
      if ('error' in parsed) throw new errors.ValidationError(parsed.error);
      if (parsed.at.getTime() <= Date.now()) throw new errors.ValidationError('at is in the past: choose a later time.');
      const campaign = await load(id);
      const from: CampaignStatus[] = ['draft', 'scheduled', 'missed', 'skipped'];
      if (!from.includes(campaign.status)) throw wrongState(campaign, 'scheduled before it starts');
      for (const locale of localesOf(campaign)) await getService(strapi, 'composer').render(campaign, locale, []);
      const { count } = await query().updateMany({
        where: { id, status: { $in: from } },
        data: { status: 'scheduled', scheduledAt: parsed.at, timeZone: zone, statusReason: null, startLeaseUntil: null },
      });
      if (count !== 1) throw wrongState(await load(id), 'scheduled before it starts');
      return this.get(id);
    },

    /** Takes a scheduled or missed campaign back to a draft ("drop" for a missed one). */
    async unschedule(id: number) {
      const { count } = await query().updateMany({
        where: { id, status: { $in: ['scheduled', 'missed', 'skipped'] } },
        data: { status: 'draft', scheduledAt: null, statusReason: null, startLeaseUntil: null },
      });
      if (count !== 1) throw wrongState(await load(id), 'unscheduled before it starts');
      return this.get(id);
    },

    /** Pauses a campaign being sent: messages already handed to the relay finish, no new one starts. */
    async pause(id: number) {
      const { count } = await query().updateMany({ where: { id, status: 'sending' }, data: { status: 'paused', pausedReason: 'Paused by staff.' } });
      if (count !== 1) throw wrongState(await load(id), 'paused while sending');
      return campaignView(await load(id));
    },

    /** Resumes a paused campaign where it stopped: rows already sent are never sent again. */
    async resume(id: number) {
      const { count } = await query().updateMany({
        where: { id, status: 'paused' },
        data: { status: 'sending', pausedReason: null, consecutiveFailures: 0 },
      });
      if (count !== 1) throw wrongState(await load(id), 'resumed when paused');
      getService(strapi, 'sender').wake();
      return campaignView(await load(id));
    },
  };
};

export type CampaignsService = ReturnType<typeof campaigns>;
export default campaigns;
