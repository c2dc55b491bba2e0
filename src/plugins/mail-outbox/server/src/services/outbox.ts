import crypto from 'node:crypto';
import os from 'node:os';
import type { Core } from '@strapi/strapi';
import type { MailOutboxConfig } from '../config';
import { createSealer } from '../mail/sealed-payload';
import { getService } from '../utils/get-service';
import type { RenderedMail } from './templates';

/**
 * Renders a queued mail at send time, for the plugin that registered it: kinds are
 * `<prefix>:<name>`, e.g. `newsletter:confirm`, and `kind` is passed whole.
 */
export type Renderer = (kind: string, locale: string, to: string, values: Record<string, string>) => Promise<RenderedMail>;

const MESSAGE = 'plugin::mail-outbox.outbox-message';

/**
 * Before this plugin was split out of signup-verification, that plugin queued its mails with kinds
 * without a prefix (`signup`, `reset`, ...). Such rows are read as its own when they are sent: the
 * ones queued before an upgrade, and the ones an older process still writes during a rolling
 * restart (a rewrite at boot would miss those).
 */
const LEGACY_PREFIX = 'signup-verification';
const kindOf = (kind: string) => (kind.includes(':') ? kind : `${LEGACY_PREFIX}:${kind}`);

export interface OutboxMessage {
  id: number;
  kind: string;
  locale: string;
  recipient: string;
  payload: string | null;
  status: 'queued' | 'sent' | 'expired';
  attempts: number;
  expiresAt: string | number;
}

export interface NewMessage {
  /** `<prefix>:<name>`, the prefix being that of a registered renderer. */
  kind: string;
  locale: string;
  to: string;
  /** Template values; sealed in the row (a code may be one of them). */
  values: Record<string, string>;
  /** After this time (ms) the mail is pointless (its code has expired) and is dropped, unsent. */
  expiresAt?: number;
}

/**
 * The durable outbox of other plugins' mails. A request writes one row and answers at once, so an
 * answer never waits on the relay (its timing would tell which addresses have accounts). A worker
 * in every server process claims due rows with a lease, sends them and marks them sent; a failed
 * send is retried with a doubling wait until the mail expires. A process that dies leaves its claim
 * to lapse and another process, or the same one restarted, sends the row.
 *
 * Delivery is at least once: only a process that dies after the relay accepted a message and
 * before its row is marked can cause a repeat, and only after the lease runs out.
 */
const outbox = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.config.get('plugin::mail-outbox') as MailOutboxConfig;
  const query = () => strapi.db.query(MESSAGE);
  const sealer = createSealer(String(strapi.config.get('server.app.keys', [''])[0]));
  const workerId = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  const host = () => new URL(String(strapi.config.get('server.absoluteUrl'))).hostname || 'localhost';

  const renderers = new Map<string, Renderer>();
  const render = (row: OutboxMessage, values: Record<string, string>): Promise<RenderedMail> => {
    const kind = kindOf(row.kind);
    const renderer = renderers.get(kind.slice(0, kind.indexOf(':')));
    if (!renderer) throw new Error(`no renderer is registered for mail kind "${row.kind}"`);
    return renderer(kind, row.locale, row.recipient, values);
  };

  let timer: NodeJS.Timeout | undefined;
  let draining: Promise<void> | undefined;
  let wanted = false;
  let stopped = true;

  /**
   * Claims up to a batch of due rows. Each claim is one conditional UPDATE whose WHERE re-checks
   * that the row is still free: of two workers (or processes) racing for a row, exactly one sees
   * `count === 1`. Works alike on SQLite and PostgreSQL.
   */
  const claim = async (now: number): Promise<OutboxMessage[]> => {
    const { batchSize, leaseSeconds } = config();
    const free = { status: 'queued', nextAttemptAt: { $lte: now }, $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }] };
    const candidates = (await query().findMany({ where: free, orderBy: { id: 'asc' }, limit: batchSize })) as OutboxMessage[];
    const mine: OutboxMessage[] = [];
    for (const row of candidates) {
      const { count } = await query().updateMany({
        where: { id: row.id, ...free },
        data: { leaseUntil: now + leaseSeconds * 1000, leasedBy: workerId },
      });
      if (count === 1) mine.push(row);
    }
    return mine;
  };

  /** Changes a row only while this worker still holds its lease. */
  const settle = (id: number, data: Record<string, unknown>) =>
    query().updateMany({ where: { id, leasedBy: workerId }, data: { leaseUntil: null, ...data } });

  /** Hands back every row this worker claimed and has not sent. */
  const release = async () => {
    await query().updateMany({ where: { leasedBy: workerId, status: 'queued' }, data: { leaseUntil: null, leasedBy: null } });
  };

  const deliver = async (row: OutboxMessage): Promise<void> => {
    const now = Date.now();
    if (Number(row.expiresAt) <= now || !row.payload) {
      await settle(row.id, { status: 'expired', payload: null });
      return;
    }
    try {
      const mail = await render(row, sealer.open(row.payload));
      await getService(strapi, 'templates').send(row.recipient, mail, `<account-mail-${row.id}@${host()}>`);
      // Sent: the sealed values (a code) are not kept.
      await settle(row.id, { status: 'sent', sentAt: Date.now(), payload: null, lastError: null });
    } catch (error) {
      const attempts = Number(row.attempts ?? 0) + 1;
      const wait = Math.min(2 ** (attempts - 1), config().maxBackoffSeconds) * 1000;
      const next = Date.now() + wait;
      const expired = next >= Number(row.expiresAt);
      // The relay's answer, never the mail: the message holds no code, only why the send failed.
      const reason = String((error as Error).message ?? error).slice(0, 500);
      strapi.log.warn(
        `[mail-outbox] message ${row.id} (${row.kind}) not sent, try ${attempts}: ${reason}` +
          (expired ? '; it expires before the next try and is dropped' : '')
      );
      await settle(row.id, {
        attempts,
        nextAttemptAt: next,
        lastError: reason,
        leasedBy: null,
        ...(expired ? { status: 'expired', payload: null } : {}),
      });
    }
  };

  const drainOnce = async () => {
    do {
      wanted = false;
      for (;;) {
        const batch = await claim(Date.now());
        if (batch.length === 0) break;
        for (const row of batch) {
          // Once stopping, the rows not yet started go back at once rather than when their lease ends.
          if (stopped) return release();
          await deliver(row);
        }
        if (stopped) return;
      }
    } while (wanted && !stopped);
  };

  return {
    workerId,

    /** Lets another plugin queue its own mails here: kinds `<prefix>:<name>` are rendered by `renderer`. */
    registerRenderer(prefix: string, renderer: Renderer): void {
      renderers.set(prefix, renderer);
    },

    /** Queues one mail; the worker is woken at once. */
    async enqueue(message: NewMessage): Promise<number> {
      if (!renderers.has(message.kind.slice(0, Math.max(0, message.kind.indexOf(':'))))) {
        throw new Error(`mail kind "${message.kind}" has no registered renderer: call registerRenderer(prefix, ...) in register()`);
      }
      const now = Date.now();
      const row = await query().create({
        data: {
          kind: message.kind,
          locale: message.locale,
          recipient: message.to,
          payload: sealer.seal(message.values),
          status: 'queued',
          attempts: 0,
          nextAttemptAt: now,
          expiresAt: message.expiresAt ?? now + config().noticeTtlHours * 3_600_000,
        },
      });
      this.wake();
      return row.id as number;
    },

    /** Sends what is due now, unless a drain is already under way (then it goes round once more). */
    wake(): void {
      if (stopped) return;
      wanted = true;
      if (draining) return;
      draining = drainOnce()
        .catch((error: Error) => {
          strapi.log.error(`[mail-outbox] worker: ${error.message}`);
        })
        .finally(() => {
          draining = undefined;
        });
    },

    /** Starts this process's worker (unless the config turns it off). */
    start(): void {
      if (!config().worker || !stopped) return;
      stopped = false;
      timer = setInterval(() => this.wake(), config().pollMs);
      timer.unref();
      this.wake();
    },

    /** Stops the worker: the message in hand is finished, the rest of its batch handed back. */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await draining;
    },

    /** Mails waiting to be sent, and when the oldest of them was queued (ms), for metrics. */
    async backlog(): Promise<{ queued: number; oldestQueuedAt: number | null }> {
      const queued = await query().count({ where: { status: 'queued' } });
      const oldest = (await query().findOne({ where: { status: 'queued' }, select: ['createdAt'], orderBy: { id: 'asc' } })) as { createdAt?: string | Date } | null;
      return { queued, oldestQueuedAt: oldest?.createdAt ? new Date(oldest.createdAt).getTime() : null };
    },

    /** Deletes rows whose mail expired more than `keepDays` ago, sent or not; returns how many. */
    async prune(now = Date.now()): Promise<number> {
      const { count } = await query().deleteMany({ where: { expiresAt: { $lt: now - config().keepDays * 86_400_000 } } });
      return count;
    },
  };
};

export type OutboxService = ReturnType<typeof outbox>;
export default outbox;
