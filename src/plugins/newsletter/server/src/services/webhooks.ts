import crypto from 'node:crypto';
import https from 'node:https';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import createError from 'http-errors';
import type { NewsletterConfig } from '../config';
import { classifyBounce, parseReport } from '../events/reports';
import { isTrustedSnsUrl, SnsVerificationError, verifySnsMessage } from '../events/sns';
import { readSendgridPublicKey, verifySendgridSignature } from '../events/sendgrid';
import { getService } from '../utils/get-service';
import type { EventResult, EventSource, EventType, IncomingEvent } from './events';

/** What a webhook call did, as its answer says. */
export interface EventsSummary {
  received: number;
  recorded: number;
  duplicates: number;
  ignored: number;
}

/** The header naming the ledger row on campaign mails, for sources that echo headers or custom args. */
export const REF_HEADER = 'X-Newsletter-Ref';
const POSTMARK_REF = 'newsletter-ref';
const SENDGRID_REF = 'newsletter_ref';
const OUR_MESSAGE_ID = /^<?campaign-(\d{1,10})\.subscriber-(\d{1,10})@([^>\s]+)>?$/i;

/**
 * What a SendGrid event means here: `bounce` is hard (`blocked` soft), `spamreport` a complaint,
 * `dropped` whatever made SendGrid drop it (an address that bounced before, or complained).
 */
const sendgridType = (entry: Record<string, unknown> | null): EventType | null => {
  if (entry?.event === 'spamreport') return 'complaint';
  if (entry?.event === 'bounce') return entry.type === 'blocked' ? 'soft-bounce' : 'hard-bounce';
  if (entry?.event === 'dropped') {
    const reason = String(entry.reason ?? '');
    if (/spam/i.test(reason)) return 'complaint';
    if (/bounced|invalid/i.test(reason)) return 'hard-bounce';
  }
  return null;
};

/** Where a source's event points: a signed token, our Message-ID, or just an address. */
interface Pointers {
  addresses?: string[];
  token?: string;
  messageId?: string | null;
  email?: string;
}

const toTime = (value: unknown): number | undefined => {
  const time = typeof value === 'number' ? value * 1000 : Date.parse(String(value ?? ''));
  return Number.isFinite(time) ? time : undefined;
};

/**
 * Bounces and complaints from each source, turned into events for the events service. No event is
 * believed unless its source proved itself (a bearer token, Basic auth, an SNS or ECDSA signature);
 * a VERP token that fails verification makes the event count for nothing.
 */
const webhooks = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => (strapi.config.get('plugin::newsletter') as NewsletterConfig).deliverability;
  const host = () => new URL(String(strapi.config.get('server.absoluteUrl'))).hostname || 'localhost';
  let sendgridKey: { text: string; key: crypto.KeyObject } | undefined;

  /** Ties an event to a row: a VERP address or a signed ref first; our Message-ID only when no token was there at all. */
  const tie = (pointers: Pointers): Partial<IncomingEvent> | null => {
    const verp = getService(strapi, 'verp');
    const match = verp.find(pointers.addresses ?? []);
    if (match.state === 'forged') return null;
    if (match.state === 'valid') return { deliveryId: match.deliveryId };
    if (pointers.token) {
      const deliveryId = verp.read(pointers.token);
      return deliveryId === null ? null : { deliveryId };
    }
    const ours = pointers.messageId ? OUR_MESSAGE_ID.exec(pointers.messageId.trim()) : null;
    if (ours && ours[3].toLowerCase() === host().toLowerCase()) return { campaignId: Number(ours[1]), subscriberId: Number(ours[2]) };
    return pointers.email ? { email: pointers.email } : {};
  };

  const summarise = (results: (EventResult | null)[], received = results.length): EventsSummary => ({
    received,
    recorded: results.filter((result) => result?.result === 'recorded').length,
    duplicates: results.filter((result) => result?.result === 'duplicate').length,
    ignored: results.filter((result) => result === null).length + Math.max(0, received - results.length),
  });

  /** Records one event unless its pointers were forged or name nothing. */
  const record = async (source: EventSource, eventId: string, type: EventType, pointers: Pointers, details: Partial<IncomingEvent>) => {
    const tied = tie(pointers);
    if (tied === null) {
      strapi.log.warn(`[newsletter] a ${source} ${type} named a delivery with a signature that does not verify; ignored`);
      return null;
    }
    if (Object.keys(tied).length === 0) return null;
    return getService(strapi, 'events').record({ source, eventId, type, ...tied, ...details });
  };

  const parseJson = (raw: Buffer): unknown => {
    try {
      return JSON.parse(raw.toString('utf8'));
    } catch {
      throw new errors.ValidationError('The body is not JSON.');
    }
  };

  /** GETs an SNS SubscribeURL (already checked against the host pattern), with a time limit. */
  const confirmSubscription = (url: string) =>
    new Promise<void>((resolve, reject) => {
      const request = https.get(url, { timeout: 10_000 }, (response) => {
        response.resume();
        if (response.statusCode === 200) resolve();
        else reject(new Error(`SNS answered ${response.statusCode} to the subscription confirmation`));
      });
      request.on('timeout', () => request.destroy(new Error('SNS did not answer the subscription confirmation in time')));
      request.on('error', reject);
    });

  return {
    /** Raw DSN (RFC 3464) or ARF complaint (RFC 5965), piped from the bounce mailbox. */
    async inbound(raw: Buffer): Promise<EventsSummary> {
      // The route already refused bodies above maxBodyBytes: whatever it read may be parsed.
      const report = await parseReport(raw, config().maxBodyBytes);
      if (!report) throw new errors.ValidationError('The body is not a delivery status notification (RFC 3464) or a complaint report (RFC 5965).');
      const eventId = report.messageId ?? crypto.createHash('sha256').update(raw).digest('hex');
      const pointers: Pointers = {
        addresses: [...report.deliveredTo, ...(report.originalReturnPath ? [report.originalReturnPath] : [])],
        messageId: report.originalMessageId,
      };
      const occurredAt = toTime(report.occurredAt);
      if (report.kind === 'complaint') {
        const result = await record('inbound', eventId, 'complaint', pointers, { status: report.feedbackType ?? 'abuse', occurredAt });
        return summarise([result]);
      }
      const failures = report.recipients
        .map((recipient) => ({ recipient, kind: classifyBounce(recipient) }))
        .filter((entry): entry is { recipient: (typeof entry)['recipient']; kind: 'hard' | 'soft' } => entry.kind !== null);
      const results = [];
      for (const [index, { recipient, kind }] of failures.entries()) {
        const id = failures.length > 1 ? `${eventId}#${index}` : eventId;
        results.push(
          await record('inbound', id, `${kind}-bounce`, pointers, {
            status: recipient.status ?? undefined,
            detail: recipient.diagnostic ?? undefined,
            occurredAt,
          })
        );
      }
      return summarise(results, Math.max(1, report.recipients.length));
    },

    /** Amazon SES bounce and complaint notifications, through SNS. */
    async ses(raw: Buffer): Promise<EventsSummary> {
      const { topicArns, hostPattern } = config().ses;
      const claimed = parseJson(raw) as { TopicArn?: unknown };
      // Anyone may sign with a topic of their own: only ours are heard, before any certificate is fetched.
      if (typeof claimed?.TopicArn !== 'string' || !topicArns.includes(claimed.TopicArn)) {
        throw createError(403, 'This SNS topic is not one this app listens to.', { expose: true });
      }
      let message;
      try {
        message = await verifySnsMessage(raw.toString('utf8'), hostPattern);
      } catch (error) {
        if (error instanceof SnsVerificationError && error.reason === 'malformed') throw new errors.ValidationError('The body is not an SNS message.');
        // The certificate could not be fetched: SNS tries again later.
        if (error instanceof SnsVerificationError && error.retryable) throw createError(503, 'The SNS signing certificate could not be fetched; try again.', { expose: true });
        if (error instanceof SnsVerificationError) throw createError(403, `The SNS message could not be verified (${error.reason}).`, { expose: true });
        throw error;
      }
      if (message.Type === 'SubscriptionConfirmation') {
        if (!message.SubscribeURL || !isTrustedSnsUrl(message.SubscribeURL, hostPattern)) {
          throw createError(403, 'The SubscribeURL is not on an SNS host.', { expose: true });
        }
        try {
          await confirmSubscription(message.SubscribeURL);
        } catch (error) {
          strapi.log.warn(`[newsletter] the SNS subscription to ${message.TopicArn} could not be confirmed: ${(error as Error).message}`);
          throw createError(502, 'SNS did not confirm the subscription; SNS sends the confirmation again.', { expose: true });
        }
        strapi.log.info(`[newsletter] confirmed the SNS subscription to ${message.TopicArn}`);
        return { received: 0, recorded: 0, duplicates: 0, ignored: 0 };
      }
      if (message.Type !== 'Notification') return { received: 0, recorded: 0, duplicates: 0, ignored: 0 };
      let body: Record<string, any>;
      try {
        body = JSON.parse(message.Message);
      } catch {
        return { received: 1, recorded: 0, duplicates: 0, ignored: 1 };
      }
      const kind = body.notificationType ?? body.eventType;
      const mail = body.mail ?? {};
      const headers = (Array.isArray(mail.headers) ? mail.headers : []) as { name?: string; value?: string }[];
      const ref = headers.find((header) => header.name?.toLowerCase() === REF_HEADER.toLowerCase())?.value;
      const pointers = (email: string): Pointers => ({
        addresses: typeof mail.source === 'string' ? [mail.source.replace(/^.*<|>.*$/g, '')] : [],
        token: ref,
        messageId: mail.commonHeaders?.messageId,
        email,
      });
      const results = [];
      if (kind === 'Bounce') {
        const bounce = body.bounce ?? {};
        const type: EventType = bounce.bounceType === 'Permanent' ? 'hard-bounce' : 'soft-bounce';
        const recipients = (Array.isArray(bounce.bouncedRecipients) ? bounce.bouncedRecipients : []) as Record<string, string>[];
        for (const recipient of recipients.slice(0, 100)) {
          results.push(
            await record('ses', `${bounce.feedbackId ?? message.MessageId}#${recipient.emailAddress}`, type, pointers(recipient.emailAddress), {
              status: recipient.status ?? bounce.bounceSubType,
              detail: recipient.diagnosticCode ?? `${bounce.bounceType}/${bounce.bounceSubType}`,
              occurredAt: toTime(bounce.timestamp),
            })
          );
        }
      } else if (kind === 'Complaint') {
        const complaint = body.complaint ?? {};
        if (complaint.complaintFeedbackType === 'not-spam') return { received: 1, recorded: 0, duplicates: 0, ignored: 1 };
        const recipients = (Array.isArray(complaint.complainedRecipients) ? complaint.complainedRecipients : []) as Record<string, string>[];
        for (const recipient of recipients.slice(0, 100)) {
          results.push(
            await record('ses', `${complaint.feedbackId ?? message.MessageId}#${recipient.emailAddress}`, 'complaint', pointers(recipient.emailAddress), {
              status: complaint.complaintFeedbackType ?? 'abuse',
              occurredAt: toTime(complaint.timestamp),
            })
          );
        }
      } else {
        return { received: 1, recorded: 0, duplicates: 0, ignored: 1 };
      }
      return summarise(results);
    },

    /** Postmark's Bounce and SpamComplaint webhooks (one record, or an array of them). */
    async postmark(raw: Buffer): Promise<EventsSummary> {
      const parsed = parseJson(raw);
      const records = (Array.isArray(parsed) ? parsed : [parsed]).slice(0, 500) as Record<string, any>[];
      const results = [];
      for (const entry of records) {
        if (!entry || typeof entry !== 'object' || entry.ID === undefined) {
          results.push(null);
          continue;
        }
        const kind = String(entry.Type ?? '');
        const type: EventType | null =
          entry.RecordType === 'SpamComplaint' || kind === 'SpamComplaint'
            ? 'complaint'
            : ['HardBounce', 'BadEmailAddress'].includes(kind)
              ? 'hard-bounce'
              : ['SoftBounce', 'Transient', 'DnsError'].includes(kind)
                ? 'soft-bounce'
                : null;
        if (type === null) {
          results.push(null);
          continue;
        }
        results.push(
          await record('postmark', String(entry.ID), type, { token: entry.Metadata?.[POSTMARK_REF], email: entry.Email }, {
            status: kind,
            detail: entry.Details ?? entry.Description,
            occurredAt: toTime(entry.BouncedAt),
          })
        );
      }
      return summarise(results);
    },

    /** SendGrid's Event Webhook: verified with its ECDSA key over the timestamp and the exact body. */
    async sendgrid(raw: Buffer, signature: string | undefined, timestamp: string | undefined): Promise<EventsSummary> {
      // The route's policy answered 404 unless a key is configured; the config validator read it at start.
      const { publicKey = '', maxAgeSeconds } = config().sendgrid;
      if (sendgridKey?.text !== publicKey) sendgridKey = { text: publicKey, key: readSendgridPublicKey(publicKey) };
      const verdict = verifySendgridSignature(sendgridKey.key, raw, signature, timestamp, Date.now(), maxAgeSeconds);
      if (verdict === 'malformed') throw createError(401, 'The SendGrid signature headers are missing.', { expose: true });
      if (verdict === 'stale') throw createError(403, 'The SendGrid timestamp is too old (or in the future): a replay is refused.', { expose: true });
      if (verdict !== 'ok') throw createError(403, 'The SendGrid signature does not verify.', { expose: true });
      const parsed = parseJson(raw);
      if (!Array.isArray(parsed)) throw new errors.ValidationError('SendGrid sends an array of events.');
      const results = [];
      for (const entry of parsed.slice(0, 1000) as Record<string, any>[]) {
        const type = sendgridType(entry);
        if (type === null || !entry.sg_event_id) {
          results.push(null);
          continue;
        }
        results.push(
          await record('sendgrid', String(entry.sg_event_id), type, { token: entry[SENDGRID_REF], email: entry.email }, {
            status: entry.status,
            detail: entry.reason,
            occurredAt: toTime(entry.timestamp),
          })
        );
      }
      return summarise(results);
    },

    /** Headers that make providers echo the row's token in their events. */
    refHeaders(deliveryId: number): Record<string, string> {
      const token = getService(strapi, 'verp').token(deliveryId);
      const { postmark, sendgrid } = config();
      return {
        [REF_HEADER]: token,
        ...(postmark.user ? { [`X-PM-Metadata-${POSTMARK_REF}`]: token } : {}),
        ...(sendgrid.publicKey ? { 'X-SMTPAPI': JSON.stringify({ unique_args: { [SENDGRID_REF]: token } }) } : {}),
      };
    },
  };
};

export type WebhooksService = ReturnType<typeof webhooks>;
export default webhooks;
