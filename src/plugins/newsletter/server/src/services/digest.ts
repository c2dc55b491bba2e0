import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { NewsletterConfig } from '../config';
import { isTimeZone, latestDue, nextOccurrence, recurrenceProblem, type Recurrence } from '../schedule/time';
import { getService } from '../utils/get-service';
import { createTableOnce, rowsOf } from '../utils/sql';
import type { Locale } from './mailer';

/** One row per occurrence of the digest: its primary key makes one process, and one only, create it. */
export const DIGEST_RUNS_TABLE = 'newsletter_digest_runs';
const CAMPAIGN = 'plugin::newsletter.campaign';

export interface DigestSettings {
  enabled: boolean;
  schedule: Recurrence;
  timeZone: string;
  /** `{date}` is replaced by the occurrence's date, written in each language. */
  subject: string;
  intro: string;
  translations: { fr?: { subject?: string; intro?: string } } | null;
  locales: Locale[];
}

interface Stored extends DigestSettings {
  /** When the digest was last turned on: occurrences before it are not sent. */
  enabledAt: number | null;
}

const defaults = (zone: string): Stored => ({
  enabled: false,
  schedule: { weekly: { days: [1], time: '08:00' } },
  timeZone: zone,
  subject: 'The week in stories, {date}',
  intro: '',
  translations: { fr: { subject: 'La semaine en reportages, {date}' } },
  locales: ['en', 'fr'],
  enabledAt: null,
});

/**
 * The recurring digest: settings kept in the plugin store, and a round (in the scheduler's poll)
 * that creates the latest due occurrence as a scheduled `since-last` campaign, which the scheduler
 * then starts, or skips when no story is new. Turning it off stops future occurrences; turning it
 * on again starts from then, not from what passed while it was off.
 */
const digest = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: 'newsletter', key: 'digest' });
  const config = () => strapi.config.get('plugin::newsletter') as NewsletterConfig;
  const knex = () => strapi.db.connection;
  const campaigns = () => strapi.db.query(CAMPAIGN);

  const read = async (): Promise<Stored> => ({ ...defaults(config().scheduling.timeZone), ...(((await store().get({})) as Partial<Stored> | null) ?? {}) });

  const dateIn = (at: Date, locale: Locale, zone: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: zone }).format(at);

  /** Creates the campaign of `occurrence` unless a process already did. */
  const createOccurrence = async (settings: Stored, occurrence: Date) => {
    const key = occurrence.getTime();
    const now = Date.now();
    const lease = now + config().scheduling.startLeaseSeconds * 1000;
    const inserted = rowsOf(
      await knex().raw(`INSERT INTO ${DIGEST_RUNS_TABLE} (occurrence_at, claimed_until) VALUES (?, ?) ON CONFLICT (occurrence_at) DO NOTHING RETURNING occurrence_at`, [key, lease])
    );
    if (inserted.length === 0) {
      // Another process has it; take it over only if that one died before creating the campaign.
      const taken = await knex()(DIGEST_RUNS_TABLE).where({ occurrence_at: key }).whereNull('campaign_id').andWhere('claimed_until', '<', now).update({ claimed_until: lease });
      if (taken !== 1) return;
      const made = (await campaigns().findOne({ where: { digestOccurrence: key }, select: ['id'] })) as { id: number } | null;
      if (made) {
        await knex()(DIGEST_RUNS_TABLE).where({ occurrence_at: key }).update({ campaign_id: made.id });
        return;
      }
    }
    const french = settings.translations?.fr;
    const fill = (text: string, locale: Locale) => text.replaceAll('{date}', dateIn(occurrence, locale, settings.timeZone));
    const created = (await campaigns().create({
      data: {
        subject: fill(settings.subject, settings.locales.length === 1 ? settings.locales[0] : 'en'),
        intro: settings.intro,
        translations: french ? { fr: { subject: french.subject ? fill(french.subject, 'fr') : undefined, intro: french.intro } } : null,
        locale: settings.locales.length === 1 ? settings.locales[0] : null,
        selection: { since: 'last' },
        status: 'scheduled',
        scheduledAt: occurrence,
        timeZone: settings.timeZone,
        digestOccurrence: key,
        total: 0,
        sent: 0,
        failed: 0,
      },
    })) as { id: number };
    await knex()(DIGEST_RUNS_TABLE).where({ occurrence_at: key }).update({ campaign_id: created.id });
    strapi.log.info(`[newsletter] digest of ${occurrence.toISOString()} created as campaign ${created.id}`);
  };

  return {
    async ensureTable(): Promise<void> {
      await createTableOnce(knex(), DIGEST_RUNS_TABLE, (table) => {
        table.bigInteger('occurrence_at').primary();
        table.integer('campaign_id').nullable();
        table.bigInteger('claimed_until').notNullable();
      });
    },

    /** The settings, the next occurrence and the latest ones with what became of them. */
    async get() {
      const settings = await read();
      const { enabledAt, ...shown } = settings;
      const rows = (await campaigns().findMany({
        where: { digestOccurrence: { $notNull: true } },
        orderBy: { digestOccurrence: 'desc' },
        limit: 12,
        select: ['id', 'subject', 'status', 'statusReason', 'scheduledAt', 'sent', 'total'],
      })) as { id: number; subject: string; status: string; statusReason: string | null; scheduledAt: string | number; sent: number; total: number }[];
      const next = settings.enabled ? nextOccurrence(settings.schedule, settings.timeZone, new Date(Date.now())) : null;
      return {
        ...shown,
        enabledAt: enabledAt === null ? null : new Date(enabledAt).toISOString(),
        nextAt: next ? next.toISOString() : null,
        history: rows.map((row) => ({
          campaignId: row.id,
          occurrence: new Date(row.scheduledAt).toISOString(),
          subject: row.subject,
          status: row.status,
          reason: row.statusReason ?? null,
          sent: Number(row.sent ?? 0),
        })),
      };
    },

    /** Replaces the settings (their shape already validated); turning it on counts occurrences from now. */
    async set(body: Omit<DigestSettings, 'timeZone'> & { timeZone?: string }) {
      const input: DigestSettings = { ...body, timeZone: body.timeZone ?? config().scheduling.timeZone, locales: [...new Set(body.locales)] };
      if (!isTimeZone(input.timeZone)) throw new errors.ValidationError(`timeZone: ${input.timeZone} is not a time zone this server knows (e.g. Europe/Brussels)`);
      const problem = recurrenceProblem(input.schedule, input.timeZone);
      if (problem) throw new errors.ValidationError(problem);
      const previous = await read();
      const enabledAt = input.enabled ? (previous.enabled && previous.enabledAt !== null ? previous.enabledAt : Date.now()) : null;
      await store().set({ value: { ...input, enabledAt } satisfies Stored });
      return this.get();
    },

    /** Creates the latest due occurrence, if any (the scheduler starts it in the same round). */
    async tick(): Promise<void> {
      const settings = await read();
      if (!settings.enabled || settings.enabledAt === null) return;
      const [last] = rowsOf<{ latest: number | string | null }>(await knex().raw(`SELECT MAX(occurrence_at) AS latest FROM ${DIGEST_RUNS_TABLE}`));
      const after = Math.max(settings.enabledAt, Number(last?.latest ?? 0));
      const due = latestDue(settings.schedule, settings.timeZone, new Date(after), new Date(Date.now()));
      if (due) await createOccurrence(settings, due);
    },
  };
};

export type DigestService = ReturnType<typeof digest>;
export default digest;
