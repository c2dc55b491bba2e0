import crypto from 'node:crypto';

/*
 * Bounce and complaint mails written the way real MTAs write them: Postfix's delivery status
 * notification (RFC 3464: multipart/report, a human part, message/delivery-status, the returned
 * message), and an ARF feedback report (RFC 5965) as mailbox providers send them. Each carries the
 * original mail as the sink received it, its envelope sender as Return-Path.
 */

const CRLF = '\r\n';
const date = (at = new Date()) => at.toUTCString().replace('GMT', '+0000');
const lines = (...parts: string[]) => parts.join(CRLF);

export interface Original {
  /** The message as the relay received it. */
  raw: Buffer;
  /** Its envelope sender (MAIL FROM), e.g. the VERP address. */
  mailFrom: string;
  /** The recipient it was for. */
  rcptTo: string;
}

export interface DsnOptions {
  /** Where the bounce is delivered: the envelope sender of the original, unless a relay rewrote it. */
  deliveredTo?: string;
  action?: 'failed' | 'delayed';
  status: string;
  diagnostic: string;
  /** Only the headers of the original (text/rfc822-headers), as Exim and delay notices do. */
  headersOnly?: boolean;
  messageId?: string;
}

/** A header line folded at the last space before column 60, as Postfix does. */
const fold = (line: string): string[] => {
  const cut = line.lastIndexOf(' ', 60);
  return line.length <= 60 || cut <= 0 ? [line] : [line.slice(0, cut), `    ${line.slice(cut + 1)}`];
};

const headOf = (raw: Buffer) => {
  const text = raw.toString('utf8');
  const end = text.indexOf('\r\n\r\n');
  return end === -1 ? text : text.slice(0, end);
};

/** The original as the bounce carries it: the receiving MTA's Return-Path added on top. */
const returned = (original: Original, headersOnly: boolean) => {
  const body = headersOnly ? `${headOf(original.raw)}${CRLF}` : original.raw.toString('utf8');
  return `Return-Path: <${original.mailFrom}>${CRLF}${body}`;
};

/** A Postfix bounce or delay notice for `original`. */
export const postfixDsn = (original: Original, options: DsnOptions): string => {
  const boundary = `${crypto.randomBytes(6).toString('hex').toUpperCase()}.1765101600/mx.news.example.org`;
  const to = options.deliveredTo ?? original.mailFrom;
  const action = options.action ?? 'failed';
  const messageId = options.messageId ?? `<20261207${crypto.randomBytes(5).toString('hex')}@mx.news.example.org>`;
  return lines(
    `Return-Path: <>`,
    `Delivered-To: ${to}`,
    `Received: by mx.news.example.org (Postfix)`,
    `\tid 4dQm2X0Vq7z9vK; ${date()}`,
    `Date: ${date()}`,
    `From: MAILER-DAEMON@mx.news.example.org (Mail Delivery System)`,
    `Subject: ${action === 'failed' ? 'Undelivered Mail Returned to Sender' : 'Delayed Mail (still being retried)'}`,
    `To: ${to}`,
    `Auto-Submitted: auto-replied`,
    `MIME-Version: 1.0`,
    `Content-Type: multipart/report; report-type=delivery-status;`,
    `\tboundary="${boundary}"`,
    `Content-Transfer-Encoding: 7bit`,
    `Message-Id: ${messageId}`,
    ``,
    `This is a MIME-encapsulated message.`,
    ``,
    `--${boundary}`,
    `Content-Description: Notification`,
    `Content-Type: text/plain; charset=us-ascii`,
    ``,
    `This is the mail system at host mx.news.example.org.`,
    ``,
    action === 'failed'
      ? `I'm sorry to have to inform you that your message could not`
      : `####################################################################`,
    action === 'failed' ? `be delivered to one or more recipients. It's attached below.` : `# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #`,
    ``,
    `<${original.rcptTo}>: host mx.example.net[192.0.2.25] said: ${options.diagnostic}`,
    `    (in reply to RCPT TO command)`,
    ``,
    `--${boundary}`,
    `Content-Description: Delivery report`,
    `Content-Type: message/delivery-status`,
    ``,
    `Reporting-MTA: dns; mx.news.example.org`,
    `X-Postfix-Queue-ID: 4dQm2X0Vq7z9vK`,
    `X-Postfix-Sender: rfc822; ${original.mailFrom}`,
    `Arrival-Date: ${date()}`,
    ``,
    `Final-Recipient: rfc822; ${original.rcptTo}`,
    `Original-Recipient: rfc822;${original.rcptTo}`,
    `Action: ${action}`,
    `Status: ${options.status}`,
    `Remote-MTA: dns; mx.example.net`,
    // Postfix folds a long diagnostic over two lines, at a space.
    ...fold(`Diagnostic-Code: smtp; ${options.diagnostic}`),
    ...(action === 'delayed' ? [`Will-Retry-Until: ${date(new Date(Date.now() + 5 * 86_400_000))}`] : []),
    ``,
    `--${boundary}`,
    `Content-Description: ${options.headersOnly ? 'Undelivered Message Headers' : 'Undelivered Message'}`,
    `Content-Type: ${options.headersOnly ? 'text/rfc822-headers' : 'message/rfc822'}`,
    ``,
    returned(original, options.headersOnly ?? false),
    `--${boundary}--`,
    ``
  );
};

/** An ARF abuse report ("this is spam") for `original`, sent to the feedback-loop address. */
export const arfComplaint = (original: Original, options: { to?: string; messageId?: string } = {}): string => {
  const boundary = `----=_Part_${crypto.randomBytes(6).toString('hex')}`;
  const messageId = options.messageId ?? `<fbl.${crypto.randomBytes(6).toString('hex')}@feedback.mail.example.com>`;
  return lines(
    `Return-Path: <fbl-return@feedback.mail.example.com>`,
    `Delivered-To: ${options.to ?? 'abuse@news.example.org'}`,
    `Date: ${date()}`,
    `From: Mail Feedback Loop <feedbackloop@feedback.mail.example.com>`,
    `To: ${options.to ?? 'abuse@news.example.org'}`,
    `Subject: Email Feedback Report for IP 192.0.2.10`,
    `Message-ID: ${messageId}`,
    `MIME-Version: 1.0`,
    `Content-Type: multipart/report; report-type=feedback-report;`,
    `\tboundary="${boundary}"`,
    ``,
    `--${boundary}`,
    `Content-Type: text/plain; charset="US-ASCII"`,
    `Content-Transfer-Encoding: 7bit`,
    ``,
    `This is an email abuse report for an email message received from IP 192.0.2.10 on ${date()}.`,
    `For more information about this format please see http://www.mipassoc.org/arf/.`,
    ``,
    `--${boundary}`,
    `Content-Type: message/feedback-report`,
    ``,
    `Feedback-Type: abuse`,
    `User-Agent: ExampleMail-FBL/1.0`,
    `Version: 1`,
    `Original-Mail-From: <${original.mailFrom}>`,
    `Original-Rcpt-To: <${original.rcptTo}>`,
    `Arrival-Date: ${date()}`,
    `Reported-Domain: news.example.org`,
    `Source-IP: 192.0.2.10`,
    ``,
    `--${boundary}`,
    `Content-Type: message/rfc822`,
    `Content-Disposition: inline`,
    ``,
    returned(original, false),
    `--${boundary}--`,
    ``
  );
};
