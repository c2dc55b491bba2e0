import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { NewsletterConfig } from '../config';
import { createTableOnce, rowsOf } from '../utils/sql';
import { LEDGER_TABLE } from './ledger';

/** Bounces, complaints and staff decisions, one row each; (source, event id) is unique. */
export const EVENTS_TABLE = 'newsletter_events';
/** HMACs of erased addresses: an import cannot bring them back. */
export const TOMBSTONES_TABLE = 'newsletter_tombstones';
const SUBSCRIBERS = 'newsletter_subscribers';

export type EventSource = 'inbound' | 'ses' | 'postmark' | 'sendgrid' | 'smtp' | 'staff' | 'link';
export type EventType = 'hard-bounce' | 'soft-bounce' | 'complaint' | 'suppressed' | 'lifted' | 'unsubscribed';
export type SuppressionReason = 'hard-bounce' | 'soft-bounces' | 'complaint' | 'refused' | 'staff';

/** An event as a source reports it, before it is tied to a row of ours. */
export interface IncomingEvent {
  source: EventSource;
  /** The source's own id of the event (an SNS MessageId, sg_event_id, a DSN's Message-ID…). */
  eventId: string;
  type: EventType;
  /** The ledger row, when the event names it (a verified VERP token or our Message-ID). */
  deliveryId?: number;
  /** The campaign and subscriber, when the event names them without a row. */
  campaignId?: number;
  subscriberId?: number;
  /** The address the event is about, when the source gives it and nothing better is known. */
  email?: string;
  /** Enhanced status code (5.1.1) or the source's own kind (abuse, HardBounce…). */
  status?: string;
  /** The server's reply or the source's description, as received. */
  detail?: string;
  occurredAt?: number;
  /** Who did it, for staff events (`admin:<id>`). */
  actor?: string;
}

export type EventOutcome = 'suppressed' | 'counted' | 'lifted' | 'none';

export interface EventResult {
  eventId: string;
  result: 'recorded' | 'duplicate';
  outcome: EventOutcome;
}

export interface EventRow {
  id: number;
  source: EventSource;
  type: EventType;
  campaignId: number | null;
  status: string | null;
  detail: string | null;
  outcome: EventOutcome | null;
  actor: string | null;
  /** For a lift: the status the subscriber went back to. */
  restoredTo: string | null;
  occurredAt: string;
}

export interface CampaignEventCounts {
  hardBounces: number;
  softBounces: number;
  complaints: number;
}

type Knex = Core.Strapi['db']['connection'];
const DAY_MS = 86_400_000;

/**
 * What bounces and complaints do: each event is recorded once (a unique (source, event id), so a
 * webhook delivered twice changes nothing the second time), tied to its ledger row, campaign and
 * subscriber when known, and then applied with listmonk's defaults: a hard bounce suppresses at
 * once, soft bounces suppress at the third within 30 days, a complaint unsubscribes and
 * suppresses. Every change of status is one conditional UPDATE.
 */
const events = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = (): Knex => strapi.db.connection;
  const config = () => (strapi.config.get('plugin::newsletter') as NewsletterConfig).deliverability;
  const subscribers = () => strapi.db.query('plugin::newsletter.subscriber');
  const tombstoneKey = crypto.createHash('sha256').update(`newsletter-tombstone:${String(strapi.config.get('server.app.keys', [''])[0])}`).digest();

  /** Ties an event to its ledger row, campaign and subscriber, as far as it can be known. */
  const resolve = async (event: IncomingEvent) => {
    if (event.deliveryId !== undefined) {
      const row = (await knex()(LEDGER_TABLE).where({ id: event.deliveryId }).first('campaign_id', 'subscriber_id')) as
        | { campaign_id: number; subscriber_id: number }
        | undefined;
      if (row) return { deliveryId: event.deliveryId, campaignId: Number(row.campaign_id), subscriberId: Number(row.subscriber_id) };
    }
    if (event.campaignId !== undefined && event.subscriberId !== undefined) {
      const row = (await knex()(LEDGER_TABLE).where({ campaign_id: event.campaignId, subscriber_id: event.subscriberId }).first('id')) as
        | { id: number }
        | undefined;
      if (row) return { deliveryId: Number(row.id), campaignId: event.campaignId, subscriberId: event.subscriberId };
    }
    if (event.subscriberId !== undefined) return { deliveryId: null, campaignId: null, subscriberId: event.subscriberId };
    if (event.email) {
      const row = (await knex()(SUBSCRIBERS).where({ email: event.email.trim().toLowerCase() }).first('id')) as { id: number } | undefined;
      if (row) return { deliveryId: null, campaignId: null, subscriberId: Number(row.id) };
    }
    return { deliveryId: null, campaignId: null, subscriberId: null };
  };

  /** Suppresses a subscriber unless it already is; true when this call did it. */
  const suppress = async (subscriberId: number, reason: SuppressionReason, at: number): Promise<boolean> => {
    const unsubscribe = reason === 'complaint' ? { unsubscribedAt: new Date(at) } : {};
    const { count } = await subscribers().updateMany({
      where: { id: subscriberId, status: { $ne: 'suppressed' } },
      data: { status: 'suppressed', suppressedAt: new Date(at), suppressionReason: reason, ...unsubscribe },
    });
    return count === 1;
  };

  /** Counts the subscriber's events of one type, since `since`. */
  const countOf = async (subscriberId: number, type: EventType, since = 0): Promise<number> => {
    const [row] = (await knex()(EVENTS_TABLE)
      .where({ subscriber_id: subscriberId, type })
      .andWhere('occurred_at', '>=', since)
      .count({ n: '*' })) as { n: number | string }[];
    return Number(row?.n ?? 0);
  };

  /** What an event does to its subscriber, by the configured thresholds. */
  const apply = async (type: EventType, subscriberId: number, at: number): Promise<EventOutcome> => {
    const limits = config();
    if (type === 'complaint') return (await suppress(subscriberId, 'complaint', at)) ? 'suppressed' : 'none';
    if (type === 'hard-bounce') {
      if ((await countOf(subscriberId, 'hard-bounce')) < limits.hardBounceLimit) return 'counted';
      return (await suppress(subscriberId, 'hard-bounce', at)) ? 'suppressed' : 'none';
    }
    if (type === 'soft-bounce') {
      const recent = await countOf(subscriberId, 'soft-bounce', Date.now() - limits.softBounceWindowDays * DAY_MS);
      if (recent < limits.softBounceLimit) return 'counted';
      return (await suppress(subscriberId, 'soft-bounces', at)) ? 'suppressed' : 'none';
    }
    return 'none';
  };

  return {
    /** Creates the tables on first start. */
    async ensureTables(): Promise<void> {
      await createTableOnce(knex(), EVENTS_TABLE, (table) => {
        table.bigIncrements('id').primary();
        table.string('source', 16).notNullable();
        table.string('event_id', 255).notNullable();
        table.string('type', 16).notNullable();
        table.bigInteger('delivery_id').nullable();
        table.integer('campaign_id').nullable();
        table.integer('subscriber_id').nullable();
        table.string('status', 40).nullable();
        table.string('detail', 1000).nullable();
        table.string('outcome', 16).nullable();
        table.string('actor', 100).nullable();
        table.bigInteger('occurred_at').notNullable();
        table.bigInteger('recorded_at').notNullable();
        table.unique(['source', 'event_id'], { indexName: 'newsletter_events_once' });
        table.index(['subscriber_id', 'type', 'occurred_at'], 'newsletter_events_subscriber');
        table.index(['campaign_id', 'type'], 'newsletter_events_campaign');
      });
      await createTableOnce(knex(), TOMBSTONES_TABLE, (table) => {
        table.string('hash', 64).primary();
        table.bigInteger('created_at').notNullable();
      });
    },

    /**
     * Records one event and applies it. A second delivery of the same (source, event id) is
     * recognised by the unique index and changes nothing.
     */
    async record(event: IncomingEvent): Promise<EventResult> {
      const tied = await resolve(event);
      const now = Date.now();
      const occurredAt = Number.isFinite(event.occurredAt) && event.occurredAt! <= now ? event.occurredAt! : now;
      const inserted = rowsOf<{ id: number | string }>(
        await knex().raw(
          `INSERT INTO ${EVENTS_TABLE} (source, event_id, type, delivery_id, campaign_id, subscriber_id, status, detail, actor, occurred_at, recorded_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (source, event_id) DO NOTHING RETURNING id`,
          [
            event.source,
            event.eventId.slice(0, 255),
            event.type,
            tied.deliveryId,
            tied.campaignId,
            tied.subscriberId,
            event.status?.slice(0, 40) ?? null,
            event.detail?.slice(0, 1000) ?? null,
            event.actor ?? null,
            occurredAt,
            now,
          ]
        )
      );
      if (inserted.length === 0) return { eventId: event.eventId, result: 'duplicate', outcome: 'none' };
      const outcome = tied.subscriberId === null ? 'none' : await apply(event.type, tied.subscriberId, occurredAt);
      await knex()(EVENTS_TABLE).where({ id: Number(inserted[0].id) }).update({ outcome });
      if (outcome === 'suppressed') {
        strapi.log.info(`[newsletter] subscriber ${tied.subscriberId} suppressed after a ${event.type} (${event.source})`);
      }
      return { eventId: event.eventId, result: 'recorded', outcome };
    },

    /** Suppresses a subscriber for `reason` now and records it (staff, or a refusal at send time). */
    async suppress(subscriberId: number, reason: SuppressionReason, source: EventSource, actor?: string, detail?: string): Promise<boolean> {
      const now = Date.now();
      const done = await suppress(subscriberId, reason, now);
      if (done) {
        await knex()(EVENTS_TABLE).insert({
          source,
          event_id: crypto.randomUUID(),
          type: 'suppressed',
          subscriber_id: subscriberId,
          status: reason,
          detail: detail?.slice(0, 1000) ?? null,
          outcome: 'suppressed',
          actor: actor ?? null,
          occurred_at: now,
          recorded_at: now,
        });
      }
      return done;
    },

    /**
     * Staff lift a suppression: the subscriber goes back to what it was before (subscribed if it
     * had confirmed and not left, unsubscribed if it left or complained, pending otherwise), and
     * the decision is recorded with who made it. False when it was not suppressed.
     */
    async lift(subscriberId: number, actor: string): Promise<boolean> {
      const row = (await subscribers().findOne({
        where: { id: subscriberId },
        select: ['status', 'confirmedAt', 'unsubscribedAt', 'suppressionReason'],
      })) as { status: string; confirmedAt: unknown; unsubscribedAt: unknown; suppressionReason: string | null } | null;
      if (!row || row.status !== 'suppressed') return false;
      const status = row.unsubscribedAt ? 'unsubscribed' : row.confirmedAt ? 'subscribed' : 'pending';
      const { count } = await subscribers().updateMany({
        where: { id: subscriberId, status: 'suppressed' },
        data: { status, suppressedAt: null, suppressionReason: null },
      });
      if (count !== 1) return false;
      const now = Date.now();
      await knex()(EVENTS_TABLE).insert({
        source: 'staff',
        event_id: crypto.randomUUID(),
        type: 'lifted',
        subscriber_id: subscriberId,
        status: row.suppressionReason,
        detail: status,
        outcome: 'lifted',
        actor,
        occurred_at: now,
        recorded_at: now,
      });
      return true;
    },

    /** A subscriber's events, newest first. */
    async history(subscriberId: number, limit = 100): Promise<EventRow[]> {
      const rows = (await knex()(EVENTS_TABLE).where({ subscriber_id: subscriberId }).orderBy('id', 'desc').limit(limit)) as Record<string, unknown>[];
      return rows.map((row) => ({
        id: Number(row.id),
        source: row.source as EventSource,
        type: row.type as EventType,
        campaignId: row.campaign_id === null ? null : Number(row.campaign_id),
        status: (row.status as string | null) ?? null,
        detail: (row.detail as string | null) ?? null,
        outcome: (row.outcome as EventOutcome | null) ?? null,
        actor: (row.actor as string | null) ?? null,
        restoredTo: row.type === 'lifted' ? ((row.detail as string | null) ?? null) : null,
        occurredAt: new Date(Number(row.occurred_at)).toISOString(),
      }));
    },

    /** Bounces and complaints per campaign. */
    async campaignCounts(campaignIds: number[]): Promise<Map<number, CampaignEventCounts>> {
      const counts = new Map<number, CampaignEventCounts>(campaignIds.map((id) => [id, { hardBounces: 0, softBounces: 0, complaints: 0 }]));
      if (campaignIds.length === 0) return counts;
      const rows = (await knex()(EVENTS_TABLE)
        .whereIn('campaign_id', campaignIds)
        .whereIn('type', ['hard-bounce', 'soft-bounce', 'complaint'])
        .select('campaign_id', 'type')
        .count({ n: '*' })
        .groupBy('campaign_id', 'type')) as { campaign_id: number; type: EventType; n: number | string }[];
      for (const row of rows) {
        const entry = counts.get(Number(row.campaign_id));
        if (!entry) continue;
        if (row.type === 'hard-bounce') entry.hardBounces = Number(row.n);
        else if (row.type === 'soft-bounce') entry.softBounces = Number(row.n);
        else entry.complaints = Number(row.n);
      }
      return counts;
    },

    /** The tombstone of an address: an HMAC, so the address itself is not kept. */
    tombstoneOf(email: string): string {
      return crypto.createHmac('sha256', tombstoneKey).update(email.trim().toLowerCase()).digest('hex');
    },

    /** Leaves a tombstone for an erased address and forgets its events. */
    async bury(email: string, subscriberId: number): Promise<void> {
      await knex().raw(`INSERT INTO ${TOMBSTONES_TABLE} (hash, created_at) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING`, [this.tombstoneOf(email), Date.now()]);
      await knex()(EVENTS_TABLE).where({ subscriber_id: subscriberId }).delete();
    },

    /** The addresses among `emails` that were erased. */
    async buried(emails: string[]): Promise<Set<string>> {
      if (emails.length === 0) return new Set();
      const byHash = new Map(emails.map((email) => [this.tombstoneOf(email), email]));
      const rows = (await knex()(TOMBSTONES_TABLE).whereIn('hash', [...byHash.keys()]).select('hash')) as { hash: string }[];
      return new Set(rows.map((row) => byHash.get(row.hash)!));
    },

    /** Forgets a tombstone: the person asked again, with a confirmed link. */
    async unbury(email: string): Promise<void> {
      await knex()(TOMBSTONES_TABLE).where({ hash: this.tombstoneOf(email) }).delete();
    },
  };
};

export type EventsService = ReturnType<typeof events>;
export default events;
