import type { Core } from '@strapi/strapi';
import { createTableOnce, rowsOf } from '../utils/sql';

/** The per-recipient ledger of campaigns: one row per (campaign, subscriber), unique. */
export const LEDGER_TABLE = 'newsletter_deliveries';
const SUBSCRIBERS = 'newsletter_subscribers';

export type DeliveryStatus = 'queued' | 'sent' | 'failed' | 'skipped';

export interface ClaimedRow {
  id: number;
  subscriberId: number;
  locale: 'en' | 'fr';
  attempts: number;
}

export interface LedgerCounts {
  total: number;
  queued: number;
  sent: number;
  failed: number;
  skipped: number;
}

type Knex = Core.Strapi['db']['connection'];


/**
 * The ledger, in SQL: written in batches by INSERT … SELECT (the list never passes through
 * memory), claimed in leased batches (PostgreSQL: FOR UPDATE SKIP LOCKED, so processes never wait
 * on each other; SQLite: the same UPDATE, which the database runs one writer at a time), and
 * settled row by row as each message goes out, so that a crash repeats at most what was in flight.
 */
const ledger = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = (): Knex => strapi.db.connection;
  const isPostgres = () => strapi.db.dialect.client === 'postgres';

  return {
    /** Creates the table on first start. */
    async ensureTable(): Promise<void> {
      await createTableOnce(knex(), LEDGER_TABLE, (table) => {
        table.bigIncrements('id').primary();
        table.integer('campaign_id').notNullable();
        table.integer('subscriber_id').notNullable();
        table.string('locale', 2).notNullable().defaultTo('en');
        table.string('status', 10).notNullable().defaultTo('queued');
        table.integer('attempts').notNullable().defaultTo(0);
        table.bigInteger('next_attempt_at').notNullable().defaultTo(0);
        table.string('lease_owner', 100).nullable();
        table.bigInteger('lease_until').nullable();
        table.bigInteger('sent_at').nullable();
        table.string('sent_by', 100).nullable();
        table.string('error', 500).nullable();
        table.bigInteger('failed_at').nullable();
        table.unique(['campaign_id', 'subscriber_id'], { indexName: 'newsletter_deliveries_once' });
        table.index(['campaign_id', 'status', 'id'], 'newsletter_deliveries_claim');
      });
      // Ledgers written before delivery reports have no failure time: add it.
      if (!(await knex().schema.hasColumn(LEDGER_TABLE, 'failed_at'))) {
        try {
          await knex().schema.alterTable(LEDGER_TABLE, (table) => table.bigInteger('failed_at').nullable());
        } catch (error) {
          if (!(await knex().schema.hasColumn(LEDGER_TABLE, 'failed_at'))) throw error;
        }
      }
    },

    /**
     * Adds the next batch of subscribed addresses after subscriber id `after` (in the campaign's
     * language, when it has one). Returns the last subscriber id taken, or null when none is left.
     * Safe to repeat: the unique (campaign, subscriber) pair makes a second insert a no-op.
     */
    async writeBatch(campaignId: number, after: number, size: number, locale: 'en' | 'fr' | null): Promise<number | null> {
      const language = locale ? `AND COALESCE(s.locale, 'en') = ?` : '';
      const languageValue = locale ? [locale] : [];
      const [bound] = rowsOf<{ upto: number | string | null }>(
        await knex().raw(
          `SELECT MAX(id) AS upto FROM (SELECT s.id FROM ${SUBSCRIBERS} s WHERE s.status = 'subscribed' AND s.id > ? ${language} ORDER BY s.id LIMIT ?) batch`,
          [after, ...languageValue, size]
        )
      );
      if (bound?.upto === null || bound?.upto === undefined) return null;
      const upto = Number(bound.upto);
      await knex().raw(
        `INSERT INTO ${LEDGER_TABLE} (campaign_id, subscriber_id, locale, status, attempts, next_attempt_at)
         SELECT ?, s.id, COALESCE(s.locale, 'en'), 'queued', 0, 0 FROM ${SUBSCRIBERS} s
         WHERE s.status = 'subscribed' AND s.id > ? AND s.id <= ? ${language}
         ON CONFLICT (campaign_id, subscriber_id) DO NOTHING`,
        [campaignId, after, upto, ...languageValue]
      );
      return upto;
    },

    /**
     * Leases up to `size` queued rows of a campaign that are due and free, for `leaseMs`. A row
     * another worker holds, or that another statement claims first, is never returned twice.
     */
    async claim(campaignId: number, owner: string, size: number, leaseMs: number, now = Date.now()): Promise<ClaimedRow[]> {
      const free = `campaign_id = ? AND status = 'queued' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)`;
      const sql = isPostgres()
        ? `UPDATE ${LEDGER_TABLE} d SET lease_owner = ?, lease_until = ?
           FROM (SELECT id FROM ${LEDGER_TABLE} WHERE ${free} ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED) picked
           WHERE d.id = picked.id
           RETURNING d.id, d.subscriber_id, d.locale, d.attempts`
        : `UPDATE ${LEDGER_TABLE} SET lease_owner = ?, lease_until = ?
           WHERE id IN (SELECT id FROM ${LEDGER_TABLE} WHERE ${free} ORDER BY id LIMIT ?)
           RETURNING id, subscriber_id, locale, attempts`;
      const rows = rowsOf<{ id: number | string; subscriber_id: number; locale: string; attempts: number }>(
        await knex().raw(sql, [owner, now + leaseMs, campaignId, now, now, size])
      );
      return rows
        .map((row) => ({
          id: Number(row.id),
          subscriberId: Number(row.subscriber_id),
          locale: (row.locale === 'fr' ? 'fr' : 'en') as 'en' | 'fr',
          attempts: Number(row.attempts),
        }))
        .sort((a, b) => a.id - b.id);
    },

    /** Extends this worker's leases on rows it still holds. */
    async renew(owner: string, leaseMs: number, now = Date.now()): Promise<void> {
      await knex()(LEDGER_TABLE).where({ lease_owner: owner, status: 'queued' }).update({ lease_until: now + leaseMs });
    },

    /** Gives back this worker's unsent rows of a campaign (or of all campaigns). */
    async release(owner: string, campaignId?: number): Promise<void> {
      const rows = knex()(LEDGER_TABLE).where({ lease_owner: owner, status: 'queued' });
      if (campaignId !== undefined) rows.andWhere({ campaign_id: campaignId });
      await rows.update({ lease_owner: null, lease_until: null });
    },

    /**
     * Settles one unsent row while this worker still holds it: `failed`, `skipped`, or back to
     * `queued` for another try at `retryAt` (sent rows go through `markSent`, in groups). False
     * when the lease was lost.
     */
    async settle(
      id: number,
      owner: string,
      outcome: { status: Exclude<DeliveryStatus, 'sent'>; error?: string; retryAt?: number; attempted?: boolean }
    ): Promise<boolean> {
      const count = await knex()(LEDGER_TABLE)
        .where({ id, lease_owner: owner })
        .update({
          status: outcome.status,
          lease_owner: null,
          lease_until: null,
          error: outcome.error?.slice(0, 500) ?? null,
          failed_at: outcome.status === 'failed' ? Date.now() : null,
          ...(outcome.retryAt !== undefined ? { next_attempt_at: outcome.retryAt } : {}),
          ...(outcome.attempted ? { attempts: knex().raw('attempts + 1') } : {}),
        });
      return count === 1;
    },

    /** Marks rows sent that this worker holds; returns how many it still held. */
    async markSent(ids: number[], owner: string): Promise<number> {
      return knex()(LEDGER_TABLE)
        .whereIn('id', ids)
        .andWhere({ lease_owner: owner })
        .update({ status: 'sent', sent_at: Date.now(), sent_by: owner, lease_owner: null, lease_until: null, error: null, attempts: knex().raw('attempts + 1') });
    },

    /** Rows of a campaign by status. */
    async counts(campaignId: number): Promise<LedgerCounts> {
      const rows = (await knex()(LEDGER_TABLE).where({ campaign_id: campaignId }).select('status').count({ n: '*' }).groupBy('status')) as {
        status: DeliveryStatus;
        n: number | string;
      }[];
      const counts: LedgerCounts = { total: 0, queued: 0, sent: 0, failed: 0, skipped: 0 };
      for (const row of rows) {
        counts[row.status] = Number(row.n);
        counts.total += Number(row.n);
      }
      return counts;
    },

    /**
     * Messages of every campaign by the campaign's status and the message's, in one grouped
     * query: what an operator's metrics show (sent and failed of campaigns sending, sent, paused…).
     */
    async totals(): Promise<{ campaignStatus: string; status: DeliveryStatus; count: number }[]> {
      const rows = (await knex()(`${LEDGER_TABLE} as d`)
        .join('newsletter_campaigns as c', 'c.id', 'd.campaign_id')
        .select('c.status as campaign_status', 'd.status as status')
        .count({ n: '*' })
        .groupBy('c.status', 'd.status')) as { campaign_status: string; status: DeliveryStatus; n: number | string }[];
      return rows.map((row) => ({ campaignStatus: row.campaign_status, status: row.status, count: Number(row.n) }));
    },
  };
};

export type LedgerService = ReturnType<typeof ledger>;
export default ledger;
