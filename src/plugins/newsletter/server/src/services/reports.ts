import { Readable } from 'node:stream';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { stringify } from 'csv-stringify';
import createError from 'http-errors';
import { getService } from '../utils/get-service';
import { rowsOf } from '../utils/sql';
import { EVENTS_TABLE } from './events';
import { LEDGER_TABLE } from './ledger';

const SUBSCRIBERS = 'newsletter_subscribers';

export const PROBLEMS = ['failed-permanent', 'failed-temporary', 'bounced-hard', 'bounced-soft', 'complained', 'unsubscribed'] as const;
export type Problem = (typeof PROBLEMS)[number];

export interface ProblemRow {
  email: string;
  problem: Problem;
  /** When it happened, UTC ISO (null for a failure recorded before reports kept the time). */
  at: string | null;
  /** The SMTP server's reply line as received (code included), or the bounce's diagnostic. */
  reply: string | null;
}

export interface ReportCounts {
  queued: number;
  sent: number;
  failed: number;
  failedPermanent: number;
  failedTemporary: number;
  skipped: number;
  bounced: number;
  bouncedHard: number;
  bouncedSoft: number;
  complained: number;
  unsubscribed: number;
}

export const EXPORT_COLUMNS = ['email', 'problem', 'at', 'reply'] as const;

/** A refusal in 5xx is final for the address; the stored reply starts with its code. */
const PERMANENT = `LIKE '5%'`;

/**
 * One statement listing the recipients of a campaign with a problem: ledger rows that failed
 * (permanently, or after their last try) and the bounces, complaints and unsubscriptions its mails
 * brought back. Erased subscribers are gone from it.
 */
const problemsSql = (problem?: Problem) => `
  SELECT * FROM (
    SELECT s.email AS email,
           CASE WHEN d.error ${PERMANENT} THEN 'failed-permanent' ELSE 'failed-temporary' END AS problem,
           d.failed_at AS at, d.error AS reply, 0 AS kind, d.id AS ref
      FROM ${LEDGER_TABLE} d JOIN ${SUBSCRIBERS} s ON s.id = d.subscriber_id
     WHERE d.campaign_id = ? AND d.status = 'failed'
    UNION ALL
    SELECT s.email,
           CASE e.type WHEN 'hard-bounce' THEN 'bounced-hard' WHEN 'soft-bounce' THEN 'bounced-soft'
                       WHEN 'complaint' THEN 'complained' ELSE 'unsubscribed' END,
           e.occurred_at, e.detail, 1, e.id
      FROM ${EVENTS_TABLE} e JOIN ${SUBSCRIBERS} s ON s.id = e.subscriber_id
     WHERE e.campaign_id = ? AND e.type IN ('hard-bounce', 'soft-bounce', 'complaint', 'unsubscribed')
  ) problems ${problem ? 'WHERE problem = ?' : ''}`;

/**
 * The delivery report of a campaign, from its ledger and the events its mails brought back, and
 * "retry failed".
 */
const reports = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  const campaigns = () => strapi.db.query('plugin::newsletter.campaign');

  const exists = async (id: number) => {
    const row = (await campaigns().findOne({ where: { id }, select: ['id', 'status'] })) as { id: number; status: string } | null;
    if (!row) throw new errors.NotFoundError('No such campaign.');
    return row;
  };

  const page = async (campaignId: number, problem: Problem | undefined, limit: number, offset: number): Promise<ProblemRow[]> => {
    const rows = rowsOf<{ email: string; problem: Problem; at: number | string | null; reply: string | null }>(
      await knex().raw(`${problemsSql(problem)} ORDER BY COALESCE(at, 0) DESC, kind, ref LIMIT ? OFFSET ?`, [
        campaignId,
        campaignId,
        ...(problem ? [problem] : []),
        limit,
        offset,
      ])
    );
    return rows.map((row) => ({
      email: row.email,
      problem: row.problem,
      at: row.at === null ? null : new Date(Number(row.at)).toISOString(),
      reply: row.reply ?? null,
    }));
  };

  return {
    async counts(campaignId: number): Promise<ReportCounts> {
      await exists(campaignId);
      const ledger = await getService(strapi, 'ledger').counts(campaignId);
      const [permanent] = (await knex()(LEDGER_TABLE)
        .where({ campaign_id: campaignId, status: 'failed' })
        .andWhereRaw(`error ${PERMANENT}`)
        .count({ n: '*' })) as { n: number | string }[];
      const events = (await knex()(EVENTS_TABLE)
        .where({ campaign_id: campaignId })
        .whereIn('type', ['hard-bounce', 'soft-bounce', 'complaint', 'unsubscribed'])
        .select('type')
        .count({ n: '*' })
        .groupBy('type')) as { type: string; n: number | string }[];
      const of = (type: string) => Number(events.find((row) => row.type === type)?.n ?? 0);
      const failedPermanent = Number(permanent?.n ?? 0);
      return {
        queued: ledger.queued,
        sent: ledger.sent,
        failed: ledger.failed,
        failedPermanent,
        failedTemporary: ledger.failed - failedPermanent,
        skipped: ledger.skipped,
        bounced: of('hard-bounce') + of('soft-bounce'),
        bouncedHard: of('hard-bounce'),
        bouncedSoft: of('soft-bounce'),
        complained: of('complaint'),
        unsubscribed: of('unsubscribed'),
      };
    },

    /** The counts and one page of the recipients with a problem (newest first), optionally of one kind. */
    async report(campaignId: number, options: { problem?: Problem; page: number; pageSize: number }) {
      const counts = await this.counts(campaignId);
      const [total] = rowsOf<{ n: number | string }>(
        await knex().raw(`SELECT COUNT(*) AS n FROM (${problemsSql(options.problem)}) counted`, [
          campaignId,
          campaignId,
          ...(options.problem ? [options.problem] : []),
        ])
      );
      const recipients = await page(campaignId, options.problem, options.pageSize, (options.page - 1) * options.pageSize);
      const count = Number(total?.n ?? 0);
      return {
        data: { counts, recipients },
        meta: { pagination: { page: options.page, pageSize: options.pageSize, pageCount: Math.ceil(count / options.pageSize), total: count } },
      };
    },

    /** The recipients with a problem as CSV (email, problem, at, reply), a page at a time. */
    async export(campaignId: number, problem?: Problem): Promise<Readable> {
      await exists(campaignId);
      const pages = async function* () {
        yield [...EXPORT_COLUMNS];
        for (let offset = 0; ; offset += 1000) {
          const rows = await page(campaignId, problem, 1000, offset);
          for (const row of rows) yield EXPORT_COLUMNS.map((column) => row[column] ?? '');
          if (rows.length < 1000) return;
        }
      };
      return Readable.from(pages()).pipe(stringify());
    },

    /**
     * Queues again the rows that failed with a temporary error (their tries ran out) and whose
     * address is still subscribed, suppression included: one UPDATE, so a second press while the
     * first runs finds them queued and takes none. A permanent refusal is never retried.
     */
    async retryFailed(campaignId: number): Promise<{ requeued: number }> {
      const campaign = await exists(campaignId);
      if (!['sending', 'paused', 'sent', 'failed'].includes(campaign.status)) {
        throw createError(409, `The campaign is ${campaign.status}; only a campaign that was sent has failed deliveries to retry.`, { expose: true });
      }
      const requeued = Number(
        await knex()(LEDGER_TABLE)
          .where({ campaign_id: campaignId, status: 'failed' })
          .andWhereRaw(`(error IS NULL OR error NOT ${PERMANENT})`)
          .whereIn('subscriber_id', knex()(SUBSCRIBERS).where({ status: 'subscribed' }).select('id'))
          .update({ status: 'queued', attempts: 0, next_attempt_at: 0, lease_owner: null, lease_until: null, failed_at: null })
      );
      if (requeued > 0) {
        await campaigns().updateMany({ where: { id: campaignId, status: { $in: ['sent', 'failed'] } }, data: { status: 'sending', finishedAt: null, consecutiveFailures: 0 } });
        strapi.log.info(`[newsletter] campaign ${campaignId}: ${requeued} delivery(ies) that failed for a while queued again`);
        getService(strapi, 'sender').wake();
      }
      return { requeued };
    },
  };
};

export type ReportsService = ReturnType<typeof reports>;
export default reports;
