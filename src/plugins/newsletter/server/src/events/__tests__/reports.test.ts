import { classifyBounce, parseReport, type ParsedReport } from '../reports';

/** Mail travels with CRLF line ends; the samples below are written as MTAs write them. */
const eml = (...lines: string[]): string => lines.join('\r\n');

/** Postfix, the recipient's server refused the address at RCPT TO. */
const POSTFIX_HARD = eml(
  'Return-Path: <>',
  'X-Original-To: bounces+abc.def@news.example.org',
  'Delivered-To: bounces+abc.def@news.example.org',
  'Received: by mx.example.net (Postfix)',
  '\tid 4VtQ2s0hXJz9sWq; Mon,  3 Jun 2024 10:15:02 +0200 (CEST)',
  'Date: Mon,  3 Jun 2024 10:15:02 +0200 (CEST)',
  'From: MAILER-DAEMON@mx.example.net (Mail Delivery System)',
  'Subject: Undelivered Mail Returned to Sender',
  'To: bounces+abc.def@news.example.org',
  'Auto-Submitted: auto-replied',
  'MIME-Version: 1.0',
  'Content-Type: multipart/report; report-type=delivery-status;',
  '\tboundary="4VtQ2s0hXJz9sWq.1717402502/mx.example.net"',
  'Content-Transfer-Encoding: 7bit',
  'Message-Id: <20240603081502.4VtQ2s0hXJz9sWq@mx.example.net>',
  '',
  'This is a MIME-encapsulated message.',
  '',
  '--4VtQ2s0hXJz9sWq.1717402502/mx.example.net',
  'Content-Description: Notification',
  'Content-Type: text/plain; charset=us-ascii',
  '',
  'This is the mail system at host mx.example.net.',
  '',
  "I'm sorry to have to inform you that your message could not",
  'be delivered to one or more recipients. It\'s attached below.',
  '',
  '<bob@example.net>: host mail.example.net[203.0.113.25] said: 550 5.1.1',
  '    <bob@example.net>: Recipient address rejected: User unknown (in reply to',
  '    RCPT TO command)',
  '',
  '--4VtQ2s0hXJz9sWq.1717402502/mx.example.net',
  'Content-Description: Delivery report',
  'Content-Type: message/delivery-status',
  '',
  'Reporting-MTA: dns; mx.example.net',
  'X-Postfix-Queue-ID: 4VtQ2s0hXJz9sWq',
  'X-Postfix-Sender: rfc822; bounces+abc.def@news.example.org',
  'Arrival-Date: Mon,  3 Jun 2024 10:15:01 +0200 (CEST)',
  '',
  'Final-Recipient: rfc822; bob@example.net',
  'Original-Recipient: rfc822;Bob@Example.net',
  'Action: failed',
  'Status: 5.1.1',
  'Remote-MTA: dns; mail.example.net',
  'Diagnostic-Code: smtp; 550 5.1.1 <bob@example.net>: Recipient address rejected:',
  '    User unknown',
  '',
  '--4VtQ2s0hXJz9sWq.1717402502/mx.example.net',
  'Content-Description: Undelivered Message',
  'Content-Type: message/rfc822',
  '',
  'Return-Path: <bounces+abc.def@news.example.org>',
  'Received: from news.example.org (news.example.org [198.51.100.7])',
  '\tby mx.example.net (Postfix) with ESMTPS id 4VtQ2s0hXJz9sWq',
  '\tfor <bob@example.net>; Mon,  3 Jun 2024 10:15:01 +0200 (CEST)',
  'From: Newsroom <news@example.org>',
  'To: bob@example.net',
  'Subject: This week in the newsroom',
  'Message-ID: <campaign-3.subscriber-7@news.example.org>',
  'Date: Mon, 03 Jun 2024 08:15:00 +0000',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Hello Bob, here is the news.',
  '',
  '--4VtQ2s0hXJz9sWq.1717402502/mx.example.net--',
  '',
);

/** Exim's delay warning: nothing given up yet, the mailbox is full; only the headers come back. */
const EXIM_DELAY = eml(
  'Envelope-to: bounces+abc.def@news.example.org',
  'Delivery-date: Tue, 04 Jun 2024 10:20:00 +0100',
  'Return-path: <>',
  'Auto-Submitted: auto-replied',
  'From: Mail Delivery System <Mailer-Daemon@mail.example.com>',
  'To: bounces+abc.def@news.example.org',
  'References: <campaign-3.subscriber-9@news.example.org>',
  'Content-Type: multipart/report; report-type=delivery-status; boundary=1717492800-eximdsn-1804289383',
  'MIME-Version: 1.0',
  'Subject: Warning: message 1sEQxa-0004aB-Q3 delayed 24 hours',
  'Message-Id: <E1sEnbY-0001Qz-KL@mail.example.com>',
  'Date: Tue, 04 Jun 2024 10:20:00 +0100',
  '',
  '--1717492800-eximdsn-1804289383',
  'Content-type: text/plain; charset=us-ascii',
  '',
  'This message was created automatically by mail delivery software.',
  'A message that you sent has not yet been delivered to one or more of its',
  'recipients after more than 24 hours on the queue on mail.example.com.',
  '',
  '--1717492800-eximdsn-1804289383',
  'Content-type: message/delivery-status',
  '',
  'Reporting-MTA: dns; mail.example.com',
  'Arrival-Date: Mon, 03 Jun 2024 10:15:04 +0100',
  '',
  'Action: delayed',
  'Final-Recipient: rfc822;dave@example.com',
  'Status: 4.2.2',
  'Remote-MTA: dns; mx.example.com',
  'Diagnostic-Code: smtp; 452 4.2.2 The email account that you tried to reach is',
  '  over quota.',
  'Will-Retry-Until: Fri, 07 Jun 2024 10:15:04 +0100',
  '',
  '--1717492800-eximdsn-1804289383',
  'Content-type: text/rfc822-headers',
  '',
  'Return-path: <bounces+abc.def@news.example.org>',
  'Message-ID: <campaign-3.subscriber-9@news.example.org>',
  'From: Newsroom <news@example.org>',
  'To: dave@example.com',
  'Subject: This week in the newsroom',
  '',
  '--1717492800-eximdsn-1804289383--',
  '',
);

/** Sendmail-style DSN for two recipients, one refused and one delivered (NOTIFY=SUCCESS). */
const TWO_RECIPIENTS = eml(
  'Date: Wed, 5 Jun 2024 09:00:10 -0400',
  'From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example.com>',
  'Message-Id: <202406051300.455D0A1x012345@relay.example.com>',
  'To: <BOUNCES+abc.def@news.example.org>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/report; report-type=delivery-status;',
  '\tboundary="455D0A1x012345.1717592410/relay.example.com"',
  'Subject: Returned mail: see transcript for details',
  'Auto-Submitted: auto-generated (failure)',
  '',
  'This is a MIME-encapsulated message',
  '',
  '--455D0A1x012345.1717592410/relay.example.com',
  '',
  'The original message was received at Wed, 5 Jun 2024 09:00:05 -0400',
  '',
  '--455D0A1x012345.1717592410/relay.example.com',
  'Content-Type: message/delivery-status',
  '',
  'Reporting-MTA: dns; relay.example.com',
  'Received-From-MTA: DNS; news.example.org',
  'Arrival-Date: Wed, 5 Jun 2024 09:00:05 -0400',
  '',
  'Final-Recipient: RFC822; erin@example.com',
  'Action: failed',
  'Status: 5.2.1',
  'Remote-MTA: DNS; mx.example.com',
  'Diagnostic-Code: SMTP; 550 5.2.1 Mailbox disabled',
  'Last-Attempt-Date: Wed, 5 Jun 2024 09:00:09 -0400',
  '',
  'Final-Recipient: RFC822; frank@example.com',
  'Action: delivered',
  'Status: 2.0.0',
  'Remote-MTA: DNS; mx.example.com',
  'Diagnostic-Code: SMTP; 250 2.0.0 OK queued',
  'Last-Attempt-Date: Wed, 5 Jun 2024 09:00:10 -0400',
  '',
  '--455D0A1x012345.1717592410/relay.example.com',
  'Content-Type: text/rfc822-headers',
  '',
  'Return-Path: <bounces+abc.def@news.example.org>',
  'Message-ID: <campaign-4.subscriber-11@news.example.org>',
  'To: erin@example.com, frank@example.com',
  '',
  '--455D0A1x012345.1717592410/relay.example.com--',
  '',
);

/** An ARF report as the big mailbox providers send them to a feedback loop address. */
const ARF_ABUSE = eml(
  'Delivered-To: fbl@news.example.org',
  'Date: Thu, 06 Jun 2024 14:02:11 +0000',
  'From: Feedback Loop <feedbackloop@fbl.example.com>',
  'To: fbl@news.example.org',
  'Subject: FW: This week in the newsroom',
  'Message-ID: <fbl.2fd1c0a4.1717682531@fbl.example.com>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/report; report-type=feedback-report;',
  '\tboundary="----=_Part_915_1012.1717682531"',
  '',
  '------=_Part_915_1012.1717682531',
  'Content-Type: text/plain; charset=UTF-8',
  'Content-Transfer-Encoding: 7bit',
  '',
  'This is an email abuse report for an email message received from IP',
  '198.51.100.7 on Thu, 06 Jun 2024 13:58:40 +0000.',
  '',
  '------=_Part_915_1012.1717682531',
  'Content-Type: message/feedback-report',
  'Content-Transfer-Encoding: 7bit',
  '',
  'Feedback-Type: abuse',
  'User-Agent: ExampleFBL/1.0',
  'Version: 1',
  'Original-Mail-From: <bounces+abc.def@news.example.org>',
  'Original-Rcpt-To: <Carol@Example.com>',
  'Arrival-Date: Thu, 06 Jun 2024 13:58:40 +0000',
  'Reported-Domain: news.example.org',
  'Source-IP: 198.51.100.7',
  '',
  '------=_Part_915_1012.1717682531',
  'Content-Type: message/rfc822',
  'Content-Disposition: inline',
  '',
  'Return-Path: <bounces+abc.def@news.example.org>',
  'From: Newsroom <news@example.org>',
  'To: carol@example.com',
  'Subject: This week in the newsroom',
  'Message-ID: <campaign-3.subscriber-12@news.example.org>',
  'Date: Thu, 06 Jun 2024 13:58:39 +0000',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Hello Carol, here is the news.',
  '',
  '------=_Part_915_1012.1717682531--',
  '',
);

/** A DSN with the given per-recipient blocks, for the edge cases. */
const dsn = (...recipientBlocks: string[][]): string =>
  eml(
    'Message-Id: <edge@mx.example.net>',
    'To: bounces+abc.def@news.example.org',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
    '',
    '--b',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.net',
    '',
    ...recipientBlocks.flatMap((block) => [...block, '']),
    '--b--',
    '',
  );

describe('parseReport', () => {
  it('reads a Postfix hard bounce', async () => {
    const report = await parseReport(POSTFIX_HARD);
    expect(report).toEqual<ParsedReport>({
      kind: 'bounce',
      messageId: '20240603081502.4VtQ2s0hXJz9sWq@mx.example.net',
      deliveredTo: ['bounces+abc.def@news.example.org'],
      originalMessageId: 'campaign-3.subscriber-7@news.example.org',
      originalReturnPath: 'bounces+abc.def@news.example.org',
      recipients: [
        {
          recipient: 'bob@example.net',
          action: 'failed',
          status: '5.1.1',
          diagnostic: '550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown',
        },
      ],
      feedbackType: null,
      occurredAt: '2024-06-03T08:15:01.000Z',
    });
    expect(classifyBounce(report!.recipients[0])).toBe('hard');
  });

  it('reads the same bounce from a Buffer', async () => {
    const report = await parseReport(Buffer.from(POSTFIX_HARD, 'utf8'));
    expect(report?.recipients[0].recipient).toBe('bob@example.net');
    expect(report?.originalMessageId).toBe('campaign-3.subscriber-7@news.example.org');
  });

  it('reads an Exim delay warning with a folded Diagnostic-Code and only the original headers', async () => {
    const report = await parseReport(EXIM_DELAY);
    expect(report).toEqual<ParsedReport>({
      kind: 'bounce',
      messageId: 'E1sEnbY-0001Qz-KL@mail.example.com',
      deliveredTo: ['bounces+abc.def@news.example.org'],
      originalMessageId: 'campaign-3.subscriber-9@news.example.org',
      originalReturnPath: 'bounces+abc.def@news.example.org',
      recipients: [
        {
          recipient: 'dave@example.com',
          action: 'delayed',
          status: '4.2.2',
          diagnostic: '452 4.2.2 The email account that you tried to reach is over quota.',
        },
      ],
      feedbackType: null,
      occurredAt: '2024-06-03T09:15:04.000Z',
    });
    expect(classifyBounce(report!.recipients[0])).toBe('soft');
  });

  it('gives one entry per recipient, and takes the time of the last attempt', async () => {
    const report = await parseReport(TWO_RECIPIENTS);
    expect(report?.deliveredTo).toEqual(['bounces+abc.def@news.example.org']);
    expect(report?.originalMessageId).toBe('campaign-4.subscriber-11@news.example.org');
    expect(report?.recipients).toEqual([
      { recipient: 'erin@example.com', action: 'failed', status: '5.2.1', diagnostic: '550 5.2.1 Mailbox disabled' },
      { recipient: 'frank@example.com', action: 'delivered', status: '2.0.0', diagnostic: '250 2.0.0 OK queued' },
    ]);
    expect(report?.recipients.map(classifyBounce)).toEqual(['hard', null]);
    expect(report?.occurredAt).toBe('2024-06-05T13:00:09.000Z');
  });

  it('reads an ARF abuse complaint, keeping the returned message whole although it is marked inline', async () => {
    const report = await parseReport(ARF_ABUSE);
    expect(report).toEqual<ParsedReport>({
      kind: 'complaint',
      messageId: 'fbl.2fd1c0a4.1717682531@fbl.example.com',
      deliveredTo: ['fbl@news.example.org'],
      originalMessageId: 'campaign-3.subscriber-12@news.example.org',
      originalReturnPath: 'bounces+abc.def@news.example.org',
      recipients: [{ recipient: 'carol@example.com', action: null, status: null, diagnostic: 'abuse' }],
      feedbackType: 'abuse',
      occurredAt: '2024-06-06T13:58:40.000Z',
    });
    expect(classifyBounce(report!.recipients[0])).toBeNull();
  });

  it('falls back to the original To when the complaint hides Original-Rcpt-To', async () => {
    const redacted = ARF_ABUSE.replace('Original-Rcpt-To: <Carol@Example.com>\r\n', '').replace('Arrival-Date: Thu, 06 Jun 2024 13:58:40 +0000\r\n', '');
    const report = await parseReport(redacted);
    expect(report?.recipients).toEqual([{ recipient: 'carol@example.com', action: null, status: null, diagnostic: 'abuse' }]);
    expect(report?.occurredAt).toBe('2024-06-06T14:02:11.000Z');
  });

  it('lists every delivery address of the report in header order, once each', async () => {
    const report = await parseReport(
      eml('X-Original-To: Bounces+abc.def@news.example.org', 'Envelope-to: other@news.example.org, bounces+abc.def@news.example.org', 'Delivered-To: inbox@news.example.org', dsn()),
    );
    expect(report?.deliveredTo).toEqual(['bounces+abc.def@news.example.org', 'inbox@news.example.org', 'other@news.example.org']);
    expect(report?.recipients).toEqual([]);
    expect(report?.originalMessageId).toBeNull();
    expect(report?.originalReturnPath).toBeNull();
    expect(report?.occurredAt).toBeNull();
  });

  it('falls back to Original-Recipient and keeps only the code of a commented Status', async () => {
    const report = await parseReport(dsn(['Original-Recipient: rfc822;Gina@Example.com', 'Action: Failed', 'Status: 5.7.1 (delivery not authorized)']));
    expect(report?.recipients).toEqual([{ recipient: 'gina@example.com', action: 'failed', status: '5.7.1', diagnostic: null }]);
  });

  it('caps the recipients at 100 and the strings at 1000 characters', async () => {
    const long = 'x'.repeat(3000);
    const blocks = Array.from({ length: 120 }, (_, i) => [`Final-Recipient: rfc822; r${i}@example.com`, 'Action: failed', 'Status: 5.1.1', `Diagnostic-Code: smtp; 550 ${long}`]);
    const report = await parseReport(dsn(...blocks));
    expect(report?.recipients).toHaveLength(100);
    expect(report?.recipients[99].recipient).toBe('r99@example.com');
    expect(report?.recipients[0].diagnostic).toBe(`550 ${'x'.repeat(996)}`);
  });

  it.each([
    ['an empty string', ''],
    ['an empty Buffer', Buffer.alloc(0)],
    ['binary noise', Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0d, 0x0a, 0x0d, 0x0a, 0x80, 0x81])],
    ['a header-less line', 'just some words, no headers at all'],
    ['an ordinary mail', eml('From: bob@example.net', 'To: news@example.org', 'Subject: Re: This week', 'Message-ID: <reply@example.net>', '', 'Thanks!', '')],
    ['a read receipt (MDN)', eml('Content-Type: multipart/report; report-type=disposition-notification; boundary="b"', '', '--b', 'Content-Type: text/plain', '', 'Read.', '--b--', '')],
    ['a report without a report type', eml('Content-Type: multipart/report; boundary="b"', '', '--b', 'Content-Type: text/plain', '', 'Hmm.', '--b--', '')],
  ])('returns null for %s', async (_label, raw) => {
    expect(await parseReport(raw)).toBeNull();
  });

  it('returns null for anything over 2 MB, and for input that is not text', async () => {
    expect(await parseReport(POSTFIX_HARD + 'x'.repeat(2 * 1024 * 1024))).toBeNull();
    expect(await parseReport(undefined as unknown as string)).toBeNull();
    expect(await parseReport(42 as unknown as string)).toBeNull();
  });

  it('classifies a DSN without Status by the SMTP code of its diagnostic', async () => {
    const report = await parseReport(dsn(['Final-Recipient: rfc822; hank@example.com', 'Action: failed', 'Diagnostic-Code: smtp; 550 Requested action not taken: mailbox unavailable']));
    expect(report?.recipients).toEqual([
      { recipient: 'hank@example.com', action: 'failed', status: null, diagnostic: '550 Requested action not taken: mailbox unavailable' },
    ]);
    expect(classifyBounce(report!.recipients[0])).toBe('hard');
  });
});

describe('classifyBounce', () => {
  const entry = (action: string | null, status: string | null, diagnostic: string | null = null) => ({ recipient: 'x@example.com', action, status, diagnostic });

  it.each([
    ['failed with 5.x.x', entry('failed', '5.1.1'), 'hard'],
    ['failed with 4.x.x (given up after retrying)', entry('failed', '4.4.7'), 'soft'],
    ['delayed whatever the status', entry('delayed', '5.2.2'), 'soft'],
    ['failed without Status, 421 in the diagnostic', entry('failed', null, '421-4.7.0 Try again later'), 'soft'],
    ['failed without Status or code', entry('failed', null, 'X-Postfix; mail loops back to myself'), null],
    ['delivered', entry('delivered', '2.0.0'), null],
    ['relayed', entry('relayed', '2.0.0'), null],
    ['expanded, even with 5.x.x', entry('expanded', '5.0.0'), null],
    ['a complaint entry', entry(null, null, 'abuse'), null],
  ])('%s', (_label, recipient, expected) => {
    expect(classifyBounce(recipient)).toBe(expected);
  });
});
