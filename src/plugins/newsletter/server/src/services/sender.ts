import crypto from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import type { Core } from '@strapi/strapi';
import nodemailer, { type Transporter } from 'nodemailer';
import type { NewsletterConfig, SendingConfig } from '../config';
import { getService } from '../utils/get-service';
import type { RenderedCampaign } from './composer';
import type { ClaimedRow } from './ledger';
import type { Locale } from './mailer';

const CAMPAIGN = 'plugin::newsletter.campaign';
export const HOURLY_LIMIT = 'newsletter.campaign-hour';

interface CampaignRow {
  id: number;
  status: string;
  rendered: Partial<Record<Locale, RenderedCampaign>> | null;
  ledgerDone: boolean;
  ledgerCursor: number | null;
  locale: Locale | null;
}

interface Recipient {
  id: number;
  email: string;
  name: string | null;
  status: string;
  document_id: string;
}

interface Limiter {
  consume(name: string, subject: string): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>;
}

/** An SMTP answer in 5xx is final for the address; anything else (4xx, a dropped connection) may pass later. */
const isPermanent = (error: unknown) => {
  const code = Number((error as { responseCode?: number }).responseCode);
  return code >= 500 && code < 600;
};
/** What the relay said, without the message: never a token or a link. */
const reasonOf = (error: unknown) =>
  String((error as { response?: string }).response ?? (error as { code?: string }).code ?? (error as Error).message ?? error).slice(0, 300);

type SocketCallback = (error: Error | null, socket?: { connection: net.Socket }) => void;

/** nodemailer's `getSocket` hook: a TCP connection with TCP_NODELAY set (TLS, if any, is nodemailer's). */
const connectWithoutDelay = (options: { host: string; port: number; connectionTimeout?: number }, callback: SocketCallback) => {
  const socket = net.connect({ host: options.host, port: options.port });
  const fail = (error: Error) => callback(error);
  socket.setTimeout(options.connectionTimeout ?? 10_000, () => socket.destroy(new Error(`connection to ${options.host}:${options.port} timed out`)));
  socket.once('error', fail);
  socket.once('connect', () => {
    socket.setTimeout(0);
    socket.off('error', fail);
    socket.setNoDelay(true);
    callback(null, { connection: socket });
  });
};

export const pauseReason = (failures: number, lastError: string) =>
  `Paused after ${failures} failed deliveries in a row; last error: ${lastError}`;

/**
 * The campaign sender of this process. Every process runs one (unless `sending.worker` is off):
 * it looks for campaigns being sent, writes their ledger if nobody is writing it, then claims
 * batches of ledger rows under a lease, sends each through a pooled SMTP transport and settles its
 * row at once. Leases are renewed while the process lives; a process that dies leaves them to run
 * out, and the rows go to whichever process claims next. A row is marked sent only after the relay
 * took the message, so a crash repeats at most the messages in flight at that moment.
 */
const sender = ({ strapi }: { strapi: Core.Strapi }) => {
  const owner = `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;
  const config = (): SendingConfig => (strapi.config.get('plugin::newsletter') as NewsletterConfig).sending;
  const leaseMs = () => config().leaseSeconds * 1000;
  const campaigns = () => strapi.db.query(CAMPAIGN);
  const knex = () => strapi.db.connection;
  const host = () => new URL(String(strapi.config.get('server.absoluteUrl'))).hostname || 'localhost';
  const serverUrl = () => String(strapi.config.get('server.absoluteUrl'));
  const from = () => String((strapi.config.get('plugin::email') as { settings?: { defaultFrom?: string } }).settings?.defaultFrom ?? '');

  let transport: Transporter | undefined;
  // A campaign's rendered mail never changes once it is sending: read it once per process.
  const rendered = new Map<number, CampaignRow['rendered']>();
  const renderedOf = async (campaignId: number) => {
    if (!rendered.has(campaignId)) {
      const row = (await campaigns().findOne({ where: { id: campaignId }, select: ['rendered'] })) as { rendered: CampaignRow['rendered'] };
      rendered.set(campaignId, row.rendered);
    }
    return rendered.get(campaignId)!;
  };
  let pollTimer: NodeJS.Timeout | undefined;
  let renewTimer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let wanted = false;
  let stopped = true;

  const mailer = (): Transporter => {
    if (!transport) {
      const options = config().transport;
      if (!options) throw new Error('newsletter: sending.transport is not configured');
      // Connections without Nagle's algorithm: otherwise the end of each message can wait on the
      // relay's delayed ACK (40 ms), which held a pool of 5 connections near 100 messages a second.
      const noDelay = typeof options.host === 'string' ? { getSocket: connectWithoutDelay } : {};
      transport = nodemailer.createTransport({ ...options, ...noDelay } as Parameters<typeof nodemailer.createTransport>[0]);
    }
    return transport;
  };

  /** Writes the campaign's ledger unless another process holds the right to; resumable from its cursor. */
  const writeLedger = async (campaign: CampaignRow) => {
    const now = Date.now();
    const { count } = await campaigns().updateMany({
      where: { id: campaign.id, ledgerDone: false, $or: [{ ledgerLeaseUntil: null }, { ledgerLeaseUntil: { $lt: now } }] },
      data: { ledgerLeaseUntil: now + leaseMs() },
    });
    if (count !== 1) return;
    const ledger = getService(strapi, 'ledger');
    let cursor = Number(campaign.ledgerCursor ?? 0);
    for (;;) {
      const upto = await ledger.writeBatch(campaign.id, cursor, config().ledgerBatchSize, campaign.locale);
      const { total } = await ledger.counts(campaign.id);
      if (upto === null) {
        await campaigns().update({ where: { id: campaign.id }, data: { ledgerDone: true, ledgerLeaseUntil: null, total } });
        return;
      }
      cursor = upto;
      // Stopping hands the rest of the ledger to the next process at once, not when the lease ends.
      await campaigns().update({ where: { id: campaign.id }, data: { ledgerCursor: cursor, ledgerLeaseUntil: stopped ? null : Date.now() + leaseMs(), total } });
      if (stopped) return;
    }
  };

  /** Copies the ledger's counts onto the campaign, and closes it once no row is left to send. */
  const refresh = async (campaignId: number) => {
    const counts = await getService(strapi, 'ledger').counts(campaignId);
    const data = { total: counts.total, sent: counts.sent, failed: counts.failed };
    if (counts.queued > 0) {
      await campaigns().update({ where: { id: campaignId }, data });
      return;
    }
    const status = counts.sent === 0 && counts.failed > 0 ? 'failed' : 'sent';
    const { count } = await campaigns().updateMany({
      where: { id: campaignId, status: 'sending', ledgerDone: true },
      data: { ...data, status, finishedAt: new Date() },
    });
    if (count === 1) strapi.log.info(`[newsletter] campaign ${campaignId} ${status}: ${counts.sent} sent, ${counts.failed} failed of ${counts.total}`);
    else await campaigns().update({ where: { id: campaignId }, data });
  };

  /** Counts a failed delivery; enough in a row pause the campaign with the reason shown to staff. */
  const noteFailure = async (campaignId: number, reason: string) => {
    await knex()('newsletter_campaigns').where({ id: campaignId }).increment('consecutive_failures', 1);
    const row = (await campaigns().findOne({ where: { id: campaignId }, select: ['consecutiveFailures'] })) as { consecutiveFailures: number };
    const failures = Number(row.consecutiveFailures);
    if (failures < config().pauseAfterFailures) return;
    const { count } = await campaigns().updateMany({
      where: { id: campaignId, status: 'sending' },
      data: { status: 'paused', pausedReason: pauseReason(failures, reason) },
    });
    if (count === 1) strapi.log.warn(`[newsletter] campaign ${campaignId} paused after ${failures} failed deliveries in a row: ${reason}`);
  };

  /*
   * Rows the relay took are marked sent together, a few milliseconds apart at most: one UPDATE for
   * many rows instead of one each. A crash in that window repeats those few messages, as it would
   * any message still on the wire.
   */
  const FLUSH_MS = 5;
  const FLUSH_ROWS = 50;
  let pending: { id: number; done: () => void; failed: (error: Error) => void }[] = [];
  let flushTimer: NodeJS.Timeout | undefined;
  const flushSent = async () => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    const entries = pending;
    pending = [];
    if (entries.length === 0) return;
    try {
      const held = await getService(strapi, 'ledger').markSent(
        entries.map((entry) => entry.id),
        owner
      );
      if (held < entries.length) {
        strapi.log.warn(`[newsletter] ${entries.length - held} row(s) were sent after their lease ran out; another process may send them too`);
      }
      for (const entry of entries) entry.done();
    } catch (error) {
      for (const entry of entries) entry.failed(error as Error);
    }
  };
  const recordSent = (id: number) =>
    new Promise<void>((done, failed) => {
      pending.push({ id, done, failed });
      if (pending.length >= FLUSH_ROWS) void flushSent();
      else flushTimer ??= setTimeout(() => void flushSent(), FLUSH_MS);
    });

  /** Sends one claimed row and settles it (a sent row through `marks`). Returns whether the relay took the message. */
  const deliver = async (campaign: CampaignRow, row: ClaimedRow, recipient: Recipient | undefined, marks: Promise<void>[]): Promise<boolean | null> => {
    const ledger = getService(strapi, 'ledger');
    const rendered = campaign.rendered?.[row.locale];
    // Unsubscribed, suppressed or deleted since the ledger was written: nothing more from this campaign.
    if (!recipient || recipient.status !== 'subscribed' || !rendered) {
      await ledger.settle(row.id, owner, { status: 'skipped' });
      return null;
    }
    if (config().perHour > 0) {
      const verdict = await (strapi.plugin('rate-limit').service('limiter') as Limiter).consume(HOURLY_LIMIT, 'all');
      if (!verdict.allowed) {
        await ledger.settle(row.id, owner, { status: 'queued', retryAt: Date.now() + verdict.retryAfterSeconds * 1000 });
        return null;
      }
    }
    const composer = getService(strapi, 'composer');
    const token = getService(strapi, 'tokens').sign(recipient.document_id, 'unsubscribe', undefined, campaign.id);
    const newsletter = strapi.config.get('plugin::newsletter') as NewsletterConfig;
    const mail = composer.personalise(rendered, {
      greeting: composer.greeting(row.locale, recipient.name),
      unsubscribePage: `${newsletter.frontendOrigins[0]}${newsletter.unsubscribePath}#token=${token}`,
    });
    // With a bounce address, the envelope sender names this row (VERP), so a bounce finds it.
    const bounceTo = getService(strapi, 'verp').envelopeSender(row.id);
    try {
      await mailer().sendMail({
        from: from(),
        to: recipient.email,
        ...(bounceTo ? { envelope: { from: bounceTo, to: recipient.email } } : {}),
        ...mail,
        // Base64 is encoded natively; nodemailer's quoted-printable, in JavaScript, took most of
        // the CPU a message costs.
        textEncoding: 'base64',
        messageId: `<campaign-${campaign.id}.subscriber-${recipient.id}@${host()}>`,
        headers: {
          'List-Unsubscribe': `<${serverUrl()}/api/newsletter/unsubscribe?token=${token}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          ...getService(strapi, 'webhooks').refHeaders(row.id),
        },
      });
    } catch (error) {
      const reason = reasonOf(error);
      const attempts = row.attempts + 1;
      if (isPermanent(error)) {
        await ledger.settle(row.id, owner, { status: 'failed', error: reason, attempted: true });
        await getService(strapi, 'events').suppress(recipient.id, 'refused', 'smtp', undefined, reason);
        strapi.log.warn(`[newsletter] campaign ${campaign.id}: subscriber ${recipient.id} refused (${reason}); address suppressed`);
      } else if (attempts >= config().maxAttempts) {
        await ledger.settle(row.id, owner, { status: 'failed', error: reason, attempted: true });
        strapi.log.warn(`[newsletter] campaign ${campaign.id}: subscriber ${recipient.id} not delivered after ${attempts} tries (${reason})`);
      } else {
        const wait = config().retryBaseSeconds * 1000 * 2 ** (attempts - 1);
        await ledger.settle(row.id, owner, { status: 'queued', error: reason, retryAt: Date.now() + wait, attempted: true });
      }
      await noteFailure(campaign.id, reason);
      return false;
    }
    // The lane goes on to its next message while the row waits for its group's UPDATE; the batch
    // waits for every mark before it ends, so a failed UPDATE still fails the batch.
    const marked = recordSent(row.id);
    marked.catch(() => undefined);
    marks.push(marked);
    return true;
  };

  /** Sends one claimed batch, then brings the campaign's counts up to date. */
  const sendBatch = async (campaign: CampaignRow, rows: ClaimedRow[]) => {
    const recipients = (await knex()('newsletter_subscribers')
      .whereIn('id', rows.map((row) => row.subscriberId))
      .select('id', 'email', 'name', 'status', 'document_id')) as Recipient[];
    const byId = new Map(recipients.map((recipient) => [Number(recipient.id), recipient]));
    // A message is built only when a connection is about to be free: twice as many under way as
    // the pool has connections keeps them busy, and few built messages wait in memory. (What kept
    // sent messages in memory until a full GC was V8's pretenuring: see src/bootstrap/v8.ts.)
    const connections = Number((config().transport as { maxConnections?: number } | undefined)?.maxConnections ?? 5);
    const outcomes: (boolean | null)[] = [];
    const marks: Promise<void>[] = [];
    let next = 0;
    const lane = async () => {
      // Once stopping, the rows not yet started stay queued: stop() hands them back.
      while (next < rows.length && !stopped) {
        const row = rows[next++];
        outcomes.push(await deliver(campaign, row, byId.get(row.subscriberId), marks));
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, connections * 2) }, lane));
    await Promise.all(marks);
    if (outcomes.includes(true)) {
      await knex()('newsletter_campaigns').where({ id: campaign.id }).where('consecutive_failures', '>', 0).update({ consecutive_failures: 0 });
    }
    await refresh(campaign.id);
  };

  /**
   * Works on one campaign until it has nothing due, is paused, or this process stops. Two batches
   * are kept going, so the connections never wait while the next batch is claimed.
   */
  const work = async (campaignId: number) => {
    const ledger = getService(strapi, 'ledger');
    const inFlight = new Set<Promise<void>>();
    const track = (batch: Promise<void>) => {
      // A batch that fails (the database went away) leaves its rows leased: they lapse and are sent later.
      const tracked = batch
        .catch((error: Error) => {
          strapi.log.error(`[newsletter] campaign ${campaignId}: a batch failed: ${error.message}`);
        })
        .finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    };
    try {
      for (;;) {
        const state = (await campaigns().findOne({
          where: { id: campaignId },
          select: ['id', 'status', 'ledgerDone', 'ledgerCursor', 'locale'],
        })) as Omit<CampaignRow, 'rendered'> | null;
        if (!state || state.status !== 'sending' || stopped) {
          await Promise.all(inFlight);
          rendered.delete(campaignId);
          await ledger.release(owner, campaignId);
          return;
        }
        if (!state.ledgerDone) await writeLedger({ ...state, rendered: null });
        const rows = await ledger.claim(campaignId, owner, config().batchSize, leaseMs());
        if (rows.length === 0) {
          if (inFlight.size === 0) {
            await refresh(campaignId);
            return;
          }
          // Rows of the batches under way may come back for a retry: look again once they end.
          await Promise.race(inFlight);
          continue;
        }
        track(sendBatch({ ...state, rendered: await renderedOf(campaignId) }, rows));
        if (inFlight.size >= 2) await Promise.race(inFlight);
      }
    } finally {
      await Promise.allSettled(inFlight);
    }
  };

  const runOnce = async () => {
    do {
      wanted = false;
      const sending = (await campaigns().findMany({ where: { status: 'sending' }, select: ['id'], orderBy: { id: 'asc' } })) as { id: number }[];
      for (const { id } of sending) {
        if (stopped) return;
        await work(id);
      }
    } while (wanted && !stopped);
  };

  return {
    /** Looks for work now (after a send or a resume), or goes round once more if already at it. */
    wake(): void {
      if (stopped) return;
      wanted = true;
      if (running) return;
      running = runOnce()
        .catch((error: Error) => {
          strapi.log.error(`[newsletter] campaign sender: ${error.message}`);
        })
        .finally(() => {
          running = undefined;
        });
    },

    /** Starts this process's sender, unless the config turns it off. */
    start(): void {
      if (!config().worker || !stopped) return;
      stopped = false;
      pollTimer = setInterval(() => this.wake(), config().pollMs);
      pollTimer.unref();
      renewTimer = setInterval(() => {
        getService(strapi, 'ledger')
          .renew(owner, leaseMs())
          .catch((error: Error) => strapi.log.warn(`[newsletter] could not renew the sender's leases: ${error.message}`));
      }, Math.max(250, leaseMs() / 3));
      renewTimer.unref();
      this.wake();
    },

    /**
     * Stops: the messages being sent are finished, the rest of the batch is not started, and every
     * row this process holds is handed back at once; then the SMTP connections close.
     */
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(pollTimer);
      clearInterval(renewTimer);
      await running;
      try {
        await getService(strapi, 'ledger').release(owner);
      } catch {
        // The database may already be gone; the leases then run out on their own.
      }
      transport?.close();
      transport = undefined;
    },

    /** Sends one mail now, outside the ledger (the "send a test to me" button). */
    async sendNow(to: string, mail: { subject: string; html: string; text: string }, headers: Record<string, string> = {}) {
      await mailer().sendMail({ from: from(), to, ...mail, headers });
    },
  };
};

export type SenderService = ReturnType<typeof sender>;
export default sender;
