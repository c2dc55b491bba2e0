import { simpleParser, type EmailAddress, type HeaderValue, type Headers, type ParsedMail, type SimpleParserOptions, type StructuredHeader } from 'mailparser';

/**
 * Reads the reports that come back to the bounce address: delivery status notifications
 * (RFC 3464) and abuse feedback reports (ARF, RFC 5965). Pure, with no Strapi and no I/O, so that
 * any way the mail arrives can share it, and so that it can be tested on real samples. MIME is
 * left to mailparser; only the report fields are read here.
 */

export type ReportKind = 'bounce' | 'complaint';

export interface ReportRecipient {
  /** Final-Recipient (address part, lower-case), or Original-Recipient, null if none. */
  recipient: string | null;
  /** DSN Action: failed | delayed | delivered | relayed | expanded (lower-case). */
  action: string | null;
  /** DSN Status, e.g. '5.1.1'. */
  status: string | null;
  /** Diagnostic-Code text after the type, e.g. '550 5.1.1 <x@y>: Recipient address rejected' (trimmed, <= 1000 chars). */
  diagnostic: string | null;
}

export interface ParsedReport {
  kind: ReportKind;
  /** The report's own Message-ID (without <>), used as the event id; null if absent. */
  messageId: string | null;
  /** Addresses the report was delivered to: To, Delivered-To, X-Original-To, Envelope-To of the REPORT itself (lower-case, deduplicated, in that order). The VERP address is among these. */
  deliveredTo: string[];
  /** Message-ID of the original message (from the returned message/rfc822 or text/rfc822-headers part, or for ARF from the original headers), without <>; null if not found. */
  originalMessageId: string | null;
  /** Return-Path of the original message if the returned headers carry it (lower-case, no <>), else null. */
  originalReturnPath: string | null;
  /** For bounces: per-recipient fields of message/delivery-status (RFC 3464). For complaints: one entry whose recipient is ARF's Original-Rcpt-To (or the original To), action 'complaint' is NOT used: action null, status null, diagnostic = Feedback-Type (e.g. 'abuse'). */
  recipients: ReportRecipient[];
  /** For complaints: ARF Feedback-Type lower-case (abuse, fraud, virus, other, not-spam...), else null. */
  feedbackType: string | null;
  /** When the report says the event happened: ARF Arrival-Date, DSN Arrival-Date / Last-Attempt-Date, or the report's Date header; ISO string or null. */
  occurredAt: string | null;
}

/** Reports are small; anything larger is not one, and parsing it would only cost memory (callers may allow more). */
const MAX_INPUT_BYTES = 2 * 1024 * 1024;
/** A DSN can list every recipient of a mailing; the newsletter sends one recipient per message, so more is noise. */
const MAX_RECIPIENTS = 100;
/** Every string comes from a stranger's mail server and ends up in the database. */
const MAX_STRING = 1000;

/**
 * By default mailparser folds message/delivery-status into the text body, and it dissolves a
 * returned message/rfc822 part marked inline into the body too, losing its headers: both are needed
 * here as raw parts. `ignoreEmbedded` goes through to mailsplit and is missing from
 * @types/mailparser. The skips save work on bodies nobody reads.
 */
const PARSER_OPTIONS: SimpleParserOptions & { ignoreEmbedded: boolean } = {
  keepDeliveryStatus: true,
  ignoreEmbedded: true,
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
};

const DELIVERY_STATUS = ['message/delivery-status', 'message/global-delivery-status'];
const FEEDBACK_REPORT = ['message/feedback-report'];
/** Where the original comes back: whole, or headers only; the global-* forms are their SMTPUTF8 twins (RFC 6533). */
const RETURNED_MESSAGE = ['message/rfc822', 'text/rfc822-headers', 'message/global', 'message/global-headers'];

const clip = (value: string): string => value.slice(0, MAX_STRING);

/** The first text value of a header field, already unfolded by mailparser; null when absent or blank. Not yet clipped. */
function textOf(headers: Headers, key: string): string | null {
  const value = headers.get(key);
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first.trim() !== '' ? first.trim() : null;
}

/**
 * An address in a field that machines write (X-Original-To, Envelope-To, Final-Recipient,
 * Original-Rcpt-To): bare or in angle brackets, without display names or quoted local parts.
 */
const ADDRESS = /[^\s<>,;:"()]+@[^\s<>,;:"()]+/g;

const flatten = (list: EmailAddress[]): string[] => list.flatMap((entry) => (entry.group ? flatten(entry.group) : entry.address ? [entry.address] : []));

/** Every address in a header, whether mailparser has parsed it already (To, Delivered-To, Return-Path) or left it as text (X-Original-To, Envelope-To). */
function addressesOf(value: HeaderValue | undefined): string[] {
  if (typeof value === 'string') return value.match(ADDRESS) ?? [];
  // Repeated address headers arrive as an array of address objects, which HeaderValue does not admit.
  if (Array.isArray(value)) return (value as HeaderValue[]).flatMap(addressesOf);
  if (value && typeof value === 'object' && 'value' in value && Array.isArray(value.value)) return flatten(value.value);
  return [];
}

function normaliseAddresses(list: string[]): string[] {
  const unique = new Set(list.map((address) => clip(address.trim().toLowerCase())).filter((address) => address !== ''));
  return [...unique].slice(0, MAX_RECIPIENTS);
}

/** The address of a DSN or ARF address field, whose value may start with an address type ('rfc822; bob@example.net'). */
function addressField(value: string | null): string | null {
  if (value === null) return null;
  return normaliseAddresses(addressesOf(value.replace(/^[a-z0-9-]+\s*;\s*/i, '')))[0] ?? null;
}

const stripAngles = (id: string | undefined): string | null => (id ? clip(id.trim().replace(/^<|>$/g, '').trim()) || null : null);

function toIso(value: string | null): string | null {
  if (value === null) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The first date found under `key` in the given field blocks, as ISO. */
const firstDate = (blocks: Headers[], key: string): string | null => blocks.map((block) => toIso(textOf(block, key))).find((date) => date !== null) ?? null;

/** The report's own Date, read raw: mailparser replaces an unreadable Date with the time of parsing, which would be a false answer. */
function dateOf(mail: ParsedMail): string | null {
  const line = mail.headerLines.find((header) => header.key === 'date')?.line;
  return line ? toIso(line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ')) : null;
}

/** Report fields are written as a header section, so mailparser reads them (and unfolds continuation lines) like one. */
const fieldsOf = async (text: Buffer | string): Promise<Headers> => (await simpleParser(text, PARSER_OPTIONS)).headers;

function kindOf(headers: Headers): ReportKind | null {
  const type = headers.get('content-type') as StructuredHeader | undefined;
  if (typeof type?.value !== 'string' || type.value.toLowerCase() !== 'multipart/report') return null;
  const reportType = (type.params?.['report-type'] ?? '').toLowerCase();
  return reportType === 'delivery-status' ? 'bounce' : reportType === 'feedback-report' ? 'complaint' : null;
}

function recipientOf(fields: Headers): ReportRecipient {
  return {
    recipient: addressField(textOf(fields, 'final-recipient')) ?? addressField(textOf(fields, 'original-recipient')),
    action: clip(textOf(fields, 'action')?.match(/^[a-z]+/i)?.[0].toLowerCase() ?? '') || null,
    // Some MTAs add a comment after the code ('5.1.1 (bad destination mailbox address)').
    status: textOf(fields, 'status')?.match(/\b[245]\.\d{1,3}\.\d{1,3}\b/)?.[0] ?? null,
    diagnostic: clip(textOf(fields, 'diagnostic-code')?.replace(/^[a-z][a-z0-9.-]*\s*;\s*/i, '').trim() ?? '') || null,
  };
}

async function read(raw: Buffer | string): Promise<ParsedReport | null> {
  const mail = await simpleParser(raw, PARSER_OPTIONS);
  const kind = kindOf(mail.headers);
  if (kind === null) return null;

  const part = (types: string[]): Buffer | undefined => mail.attachments.find((attachment) => types.includes(attachment.contentType.toLowerCase()))?.content;
  const returned = part(RETURNED_MESSAGE);
  const original = returned ? await simpleParser(returned, PARSER_OPTIONS) : null;
  const common = {
    kind,
    messageId: stripAngles(mail.messageId),
    deliveredTo: normaliseAddresses(['to', 'delivered-to', 'x-original-to', 'envelope-to'].flatMap((key) => addressesOf(mail.headers.get(key)))),
    originalMessageId: stripAngles(original?.messageId),
    originalReturnPath: normaliseAddresses(addressesOf(original?.headers.get('return-path')))[0] ?? null,
  };

  if (kind === 'bounce') {
    const status = part(DELIVERY_STATUS);
    // One per-message block, then one block per recipient, separated by blank lines.
    const texts = status ? status.toString('utf8').split(/\r?\n[ \t]*\r?\n/).map((block) => block.trim()).filter((block) => block !== '') : [];
    const blocks = await Promise.all(texts.slice(0, MAX_RECIPIENTS + 1).map(fieldsOf));
    const perRecipient = blocks.filter((block) => block.has('final-recipient') || block.has('original-recipient'));
    return {
      ...common,
      recipients: perRecipient.slice(0, MAX_RECIPIENTS).map(recipientOf),
      feedbackType: null,
      // The last attempt is when the bounce happened; arrival is when the message reached the MTA that gave up.
      occurredAt: firstDate(perRecipient, 'last-attempt-date') ?? firstDate(blocks, 'arrival-date') ?? dateOf(mail),
    };
  }

  const feedback = part(FEEDBACK_REPORT);
  const fields = feedback ? await fieldsOf(feedback) : (new Map() as Headers);
  const feedbackType = clip(textOf(fields, 'feedback-type')?.toLowerCase() ?? '') || null;
  // Original-Rcpt-To is optional in ARF and often redacted; the original To then names the complainer.
  const recipient = addressField(textOf(fields, 'original-rcpt-to')) ?? normaliseAddresses(addressesOf(original?.headers.get('to')))[0] ?? null;
  return {
    ...common,
    recipients: [{ recipient, action: null, status: null, diagnostic: feedbackType }],
    feedbackType,
    // Received-Date is the name used by the drafts that preceded RFC 5965, and some senders still use it.
    occurredAt: firstDate([fields], 'arrival-date') ?? firstDate([fields], 'received-date') ?? dateOf(mail),
  };
}

/** Parses a raw message; returns null when it is neither a DSN (multipart/report; report-type=delivery-status) nor an ARF report (multipart/report; report-type=feedback-report). Never throws on garbage input (returns null). */
export async function parseReport(raw: Buffer | string, maxBytes = MAX_INPUT_BYTES): Promise<ParsedReport | null> {
  if (typeof raw !== 'string' && !Buffer.isBuffer(raw)) return null;
  const size = Buffer.byteLength(raw);
  if (size === 0 || size > maxBytes) return null;
  try {
    return await read(raw);
  } catch {
    // Whatever arrives at the bounce address is untrusted: a mail that cannot be read is not a report.
    return null;
  }
}

/** 'hard' for a permanent failure (Action failed and Status 5.x.x), 'soft' for a transient one (Status 4.x.x, or Action delayed), null otherwise (delivered, relayed...). When Status is missing, fall back to the SMTP code at the start of diagnostic (5xx hard, 4xx soft). */
export function classifyBounce(r: ReportRecipient): 'hard' | 'soft' | null {
  if (r.action !== null && r.action !== 'failed' && r.action !== 'delayed') return null;
  const statusClass = r.status !== null ? r.status.charAt(0) : /^([45])\d\d(?!\d)/.exec(r.diagnostic ?? '')?.[1];
  if (r.action === 'delayed' || statusClass === '4') return 'soft';
  return statusClass === '5' ? 'hard' : null;
}
