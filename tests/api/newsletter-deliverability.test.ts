import crypto from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import type { ParsedMail } from 'mailparser';
import { makeSnsTestPki, signSnsMessage, type SnsTestPki } from '../../src/plugins/newsletter/server/src/events/__tests__/sns-signing';
import { signSendgridPayload } from '../../src/plugins/newsletter/server/src/events/__tests__/sendgrid-signing';
import { codeMail } from '../helpers/accounts';
import { as, registerChief } from '../helpers/admin';
import { startApp, type TestApp } from '../helpers/app';
import { arfComplaint, type Original, postfixDsn } from '../helpers/bounces';
import { CAMPAIGN_ENV, campaignUntil, finished, importSubscribers, publishStory, startCampaign } from '../helpers/campaigns';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/*
 * Bounces and complaints, end to end: campaign mails leave with a signed VERP envelope sender;
 * real-format DSNs and ARF reports for mails the sink received come back through the inbound
 * route; SES (SNS-signed with a test CA), Postmark (Basic auth) and SendGrid (ECDSA) events come
 * through theirs. Each moves the right subscriber, once, and nothing unsigned or forged moves any.
 */

const SUBSCRIBER = 'plugin::newsletter.subscriber';
const INBOUND_TOKEN = 'inbound-token-for-tests-0123456789';
const POSTMARK = { user: 'postmark-hook', password: 'postmark-secret-42' };
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:newsreel-bounces';

let app: TestApp;
let smtp: SmtpSink;
let chief: string;
let story: string;
let pki: SnsTestPki;
let snsServer: https.Server;
let snsHost: string;
const snsRequests: string[] = [];
const sendgridKeys = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
const savedCa = https.globalAgent.options.ca;

const subscriber = async (email: string) =>
  (await app.strapi.db.query(SUBSCRIBER).findOne({ where: { email } })) as {
    id: number;
    status: string;
    suppressionReason: string | null;
    suppressedAt: string | null;
    unsubscribedAt: string | null;
  };
const eventsOf = (email: string) =>
  app.strapi.db
    .connection('newsletter_events')
    .whereIn('subscriber_id', app.strapi.db.connection('newsletter_subscribers').where({ email }).select('id'));
const inbound = (body: string, token = INBOUND_TOKEN) =>
  app.request().post('/api/newsletter/events/inbound').set('Authorization', `Bearer ${token}`).set('Content-Type', 'message/rfc822').send(body);

/** Sends a campaign to `emails` (imported first) and returns each one's mail as the sink got it. */
const sendTo = async (emails: string[]): Promise<Map<string, { mail: ParsedMail; original: Original }>> => {
  await importSubscribers(app, chief, ['email', ...emails].join('\n'));
  const since = smtp.mails.length;
  const id = await startCampaign(app, chief, { subject: 'Deliverability', locale: 'en', selection: { articles: [story] } });
  await campaignUntil(app, chief, id, finished);
  const found = new Map<string, { mail: ParsedMail; original: Original }>();
  for (const email of emails) {
    const mail = await smtp.waitFor((m) => smtp.mails.indexOf(m) >= since && m.messageId?.startsWith(`<campaign-${id}.`) === true && smtp.sourceOf(m).rcptTo.includes(email));
    const { raw, mailFrom } = smtp.sourceOf(mail);
    found.set(email, { mail, original: { raw, mailFrom, rcptTo: email } });
  }
  return found;
};

beforeAll(async () => {
  pki = makeSnsTestPki();
  // The test CA is trusted for this process's HTTPS requests: the SNS certificate and SubscribeURL.
  https.globalAgent.options.ca = [pki.caPem, ...tls.rootCertificates];
  snsServer = https.createServer({ key: pki.serverKey, cert: pki.serverCert }, (req, res) => {
    snsRequests.push(req.url ?? '');
    if (req.url === '/SimpleNotificationService-test.pem') res.end(pki.signingCertPem);
    else if (req.url?.startsWith('/confirm?')) res.end('<ConfirmSubscriptionResponse/>');
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => snsServer.listen(0, '127.0.0.1', resolve));
  snsHost = `127.0.0.1:${(snsServer.address() as AddressInfo).port}`;

  smtp = await startSmtpSink();
  app = await startApp({
    env: {
      ...smtp.env(),
      ...CAMPAIGN_ENV,
      MAIL_WORKER_POLL_MS: '100',
      NEWSLETTER_RETRY_BASE_SECONDS: '0',
      NEWSLETTER_BOUNCE_ADDRESS: 'bounces@news.example.org',
      NEWSLETTER_INBOUND_TOKEN: INBOUND_TOKEN,
      NEWSLETTER_SES_TOPIC_ARNS: TOPIC,
      NEWSLETTER_SES_CERT_HOST_PATTERN: '^127\\.0\\.0\\.1:\\d+$',
      NEWSLETTER_POSTMARK_WEBHOOK_USER: POSTMARK.user,
      NEWSLETTER_POSTMARK_WEBHOOK_PASSWORD: POSTMARK.password,
      NEWSLETTER_SENDGRID_WEBHOOK_PUBLIC_KEY: sendgridKeys.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    },
  });
  chief = await registerChief(app);
  story = await publishStory(app.strapi, { title: 'Harbour authority opens a new ferry line', summary: 'Twelve crossings a day.' });
});
afterAll(async () => {
  await app?.close();
  await smtp?.close();
  await new Promise((resolve) => snsServer?.close(resolve));
  https.globalAgent.options.ca = savedCa;
});

describe('VERP', () => {
  it('sends each campaign mail with a signed envelope sender naming its ledger row', async () => {
    const mails = await sendTo(['verp-one@example.net', 'verp-two@example.net']);
    const one = mails.get('verp-one@example.net')!;
    const two = mails.get('verp-two@example.net')!;
    expect(one.original.mailFrom).toMatch(/^bounces\+[0-9a-z]+-[0-9a-f]{16}@news\.example\.org$/);
    expect(two.original.mailFrom).toMatch(/^bounces\+[0-9a-z]+-[0-9a-f]{16}@news\.example\.org$/);
    expect(one.original.mailFrom).not.toBe(two.original.mailFrom);
    // The From header is unchanged: VERP is the envelope only.
    expect(one.mail.from?.text).toContain('no-reply@localhost');
    const row = await app.strapi.db
      .connection('newsletter_deliveries')
      .where({ subscriber_id: (await subscriber('verp-one@example.net')).id })
      .first('id');
    expect(one.original.mailFrom.split('+')[1].split('-')[0]).toBe(Number(row.id).toString(36));
  });
});

describe('raw DSN and ARF reports', () => {
  it('suppresses at once on a hard bounce, ties it to the row, and counts a second delivery once', async () => {
    const { original } = (await sendTo(['hard@example.net'])).get('hard@example.net')!;
    const dsn = postfixDsn(original, { status: '5.1.1', diagnostic: '550 5.1.1 <hard@example.net>: Recipient address rejected: User unknown in virtual mailbox table' });

    const res = await inbound(dsn);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ received: 1, recorded: 1, duplicates: 0, ignored: 0 });
    const row = await subscriber('hard@example.net');
    expect(row).toMatchObject({ status: 'suppressed', suppressionReason: 'hard-bounce', suppressedAt: expect.anything() });
    const [event] = await eventsOf('hard@example.net');
    expect(event).toMatchObject({ source: 'inbound', type: 'hard-bounce', status: '5.1.1', outcome: 'suppressed' });
    expect(event.detail).toMatch(/^550 5\.1\.1 <hard@example\.net>: Recipient address rejected:\s+User unknown/);
    expect(Number(event.campaign_id)).toBeGreaterThan(0);

    const again = await inbound(dsn);
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ received: 1, recorded: 0, duplicates: 1, ignored: 0 });
    expect(await eventsOf('hard@example.net')).toHaveLength(1);
  });

  it('counts soft bounces and suppresses at the third within 30 days', async () => {
    const { original } = (await sendTo(['soft@example.net'])).get('soft@example.net')!;
    const delay = () => postfixDsn(original, { action: 'delayed', status: '4.2.2', diagnostic: '452 4.2.2 <soft@example.net>: Mailbox full', headersOnly: true });
    await inbound(delay()).expect(202);
    await inbound(delay()).expect(202);
    expect((await subscriber('soft@example.net')).status).toBe('subscribed');
    const third = await inbound(delay());
    expect(third.body).toMatchObject({ recorded: 1 });
    expect(await subscriber('soft@example.net')).toMatchObject({ status: 'suppressed', suppressionReason: 'soft-bounces' });
    expect((await eventsOf('soft@example.net')).map((event) => event.outcome)).toEqual(['counted', 'counted', 'suppressed']);
  });

  it('unsubscribes and suppresses on an ARF complaint', async () => {
    const { original } = (await sendTo(['complains@example.net'])).get('complains@example.net')!;
    const res = await inbound(arfComplaint(original));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ recorded: 1 });
    expect(await subscriber('complains@example.net')).toMatchObject({
      status: 'suppressed',
      suppressionReason: 'complaint',
      unsubscribedAt: expect.anything(),
    });
    const [event] = await eventsOf('complains@example.net');
    expect(event).toMatchObject({ type: 'complaint', status: 'abuse' });
  });

  it('ignores a DSN whose VERP token was altered, even though its Message-ID is ours', async () => {
    const { original } = (await sendTo(['forged@example.net'])).get('forged@example.net')!;
    const last = original.mailFrom.indexOf('@') - 1;
    const flipped = original.mailFrom[last] === '0' ? '1' : '0';
    const forged = { ...original, mailFrom: `${original.mailFrom.slice(0, last)}${flipped}${original.mailFrom.slice(last + 1)}` };
    const res = await inbound(postfixDsn(forged, { status: '5.1.1', diagnostic: '550 5.1.1 No such user' }));
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ received: 1, recorded: 0, duplicates: 0, ignored: 1 });
    expect((await subscriber('forged@example.net')).status).toBe('subscribed');
    expect(await eventsOf('forged@example.net')).toHaveLength(0);
  });

  it('falls back to our Message-ID only when a relay rewrote the envelope and no token is left', async () => {
    const { original } = (await sendTo(['rewritten@example.net'])).get('rewritten@example.net')!;
    const rewritten = { ...original, mailFrom: 'srs0=abcd=xy=news.example.org=bounces@relay.example.com' };
    const res = await inbound(postfixDsn(rewritten, { status: '5.1.1', diagnostic: '550 5.1.1 Mailbox does not exist' }));
    expect(res.body).toMatchObject({ recorded: 1 });
    expect((await subscriber('rewritten@example.net')).status).toBe('suppressed');
  });

  it('refuses a wrong token (401), a body that is no report (400), and answers 404 while unconfigured', async () => {
    const wrong = await inbound('Subject: hi\r\n\r\nhello', 'not-the-token-at-all-0000000000');
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(JSON.stringify(wrong.body)).not.toContain('not-the-token');
    const none = await app.request().post('/api/newsletter/events/inbound').set('Content-Type', 'message/rfc822').send('x');
    expect(none.status).toBe(401);
    const huge = await inbound(`Subject: big\r\n\r\n${'x'.repeat(6 * 1024 * 1024)}`);
    expect(huge.status).toBe(413);
    const plain = await inbound('From: someone@example.net\r\nSubject: hello\r\n\r\nJust a note.\r\n');
    expect(plain.status).toBe(400);
    expect(plain.body.error.message).toMatch(/delivery status notification/);
    app.strapi.config.set('plugin::newsletter.deliverability.inboundToken', undefined);
    try {
      expect((await inbound('x')).status).toBe(404);
    } finally {
      app.strapi.config.set('plugin::newsletter.deliverability.inboundToken', INBOUND_TOKEN);
    }
  });

  it('records one event when the same report arrives twice at once', async () => {
    const { original } = (await sendTo(['twice@example.net'])).get('twice@example.net')!;
    const dsn = postfixDsn(original, { action: 'delayed', status: '4.4.1', diagnostic: '421 4.4.1 Connection timed out' });
    const answers = await Promise.all([inbound(dsn), inbound(dsn), inbound(dsn)]);
    expect(answers.map((answer) => answer.status)).toEqual([202, 202, 202]);
    expect(answers.reduce((sum, answer) => sum + answer.body.recorded, 0)).toBe(1);
    expect(await eventsOf('twice@example.net')).toHaveLength(1);
  });
});

describe('Amazon SES through SNS', () => {
  const certUrl = () => `https://${snsHost}/SimpleNotificationService-test.pem`;
  const notification = (message: object, fields: Partial<{ SigningCertURL: string; TopicArn: string }> = {}) =>
    signSnsMessage(
      {
        Type: 'Notification',
        MessageId: crypto.randomUUID(),
        TopicArn: TOPIC,
        Message: JSON.stringify(message),
        Timestamp: new Date().toISOString(),
        SigningCertURL: certUrl(),
        ...fields,
      },
      pki.signingKey,
      '2'
    );
  const post = (body: string) => app.request().post('/api/newsletter/events/ses').set('Content-Type', 'text/plain; charset=UTF-8').send(body);
  const bounce = (original: Original, bounceType: 'Permanent' | 'Transient') => ({
    notificationType: 'Bounce',
    bounce: {
      bounceType,
      bounceSubType: bounceType === 'Permanent' ? 'General' : 'MailboxFull',
      feedbackId: `0102018c-${crypto.randomUUID()}`,
      timestamp: new Date().toISOString(),
      bouncedRecipients: [{ emailAddress: original.rcptTo, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
    },
    mail: { source: original.mailFrom, messageId: '0102018c-ses-id', destination: [original.rcptTo] },
  });

  it('confirms a subscription by visiting its SubscribeURL', async () => {
    const confirmation = signSnsMessage(
      {
        Type: 'SubscriptionConfirmation',
        MessageId: crypto.randomUUID(),
        TopicArn: TOPIC,
        Message: 'You have chosen to subscribe to the topic.',
        Timestamp: new Date().toISOString(),
        SigningCertURL: certUrl(),
        SubscribeURL: `https://${snsHost}/confirm?Action=ConfirmSubscription&Token=abc`,
        Token: 'abc',
      },
      pki.signingKey,
      '1'
    );
    const res = await post(JSON.stringify(confirmation));
    expect(res.status).toBe(200);
    expect(snsRequests).toContain('/confirm?Action=ConfirmSubscription&Token=abc');

    // SNS refusing the confirmation is its problem, not ours: 502, and SNS sends it again.
    const refused = signSnsMessage(
      { ...confirmation, MessageId: crypto.randomUUID(), SubscribeURL: `https://${snsHost}/gone?Token=def`, Token: 'def' },
      pki.signingKey,
      '1'
    );
    expect((await post(JSON.stringify(refused))).status).toBe(502);
  });

  it('accepts a signed bounce; refuses one byte changed, a certificate off the pattern, and a topic not ours', async () => {
    const { original } = (await sendTo(['ses-hard@example.net'])).get('ses-hard@example.net')!;
    const signed = JSON.stringify(notification(bounce(original, 'Permanent')));

    const tampered = signed.replace('ses-hard@example.net', 'ses-hare@example.net');
    expect((await post(tampered)).status).toBe(403);
    const elsewhere = JSON.stringify(notification(bounce(original, 'Permanent'), { SigningCertURL: 'https://evil.example.com/SimpleNotificationService-test.pem' }));
    const fetchedBefore = snsRequests.length;
    expect((await post(elsewhere)).status).toBe(403);
    expect(snsRequests.length).toBe(fetchedBefore);
    const otherTopic = JSON.stringify(notification(bounce(original, 'Permanent'), { TopicArn: 'arn:aws:sns:eu-west-1:999999999999:someone-else' }));
    expect((await post(otherTopic)).status).toBe(403);
    expect((await post('{not json')).status).toBe(400);
    expect((await subscriber('ses-hard@example.net')).status).toBe('subscribed');

    const res = await post(signed);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: 1, recorded: 1, duplicates: 0, ignored: 0 });
    expect(await subscriber('ses-hard@example.net')).toMatchObject({ status: 'suppressed', suppressionReason: 'hard-bounce' });
    expect((await post(signed)).body).toMatchObject({ recorded: 0, duplicates: 1 });
  });

  it('counts a transient bounce and suppresses on a complaint', async () => {
    const { original } = (await sendTo(['ses-soft@example.net'])).get('ses-soft@example.net')!;
    expect((await post(JSON.stringify(notification(bounce(original, 'Transient'))))).body).toMatchObject({ recorded: 1 });
    expect((await subscriber('ses-soft@example.net')).status).toBe('subscribed');
    const complaint = {
      notificationType: 'Complaint',
      complaint: { feedbackId: crypto.randomUUID(), complaintFeedbackType: 'abuse', timestamp: new Date().toISOString(), complainedRecipients: [{ emailAddress: original.rcptTo }] },
      mail: { source: original.mailFrom, messageId: 'ses-id-2' },
    };
    expect((await post(JSON.stringify(notification(complaint)))).body).toMatchObject({ recorded: 1 });
    expect(await subscriber('ses-soft@example.net')).toMatchObject({ status: 'suppressed', suppressionReason: 'complaint' });
  });
});

describe('Postmark', () => {
  const post = (body: object, credentials = POSTMARK) =>
    app
      .request()
      .post('/api/newsletter/events/postmark')
      .set('Authorization', `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`)
      .send(body);

  it('answers 401 to wrong credentials and changes nothing', async () => {
    await importSubscribers(app, chief, 'email\npm-wrong@example.net');
    const record = { RecordType: 'SpamComplaint', ID: 4242, Type: 'SpamComplaint', Email: 'pm-wrong@example.net', BouncedAt: new Date().toISOString() };
    const res = await post(record, { user: POSTMARK.user, password: 'guessed-password' });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Basic/);
    expect((await app.request().post('/api/newsletter/events/postmark').send(record)).status).toBe(401);
    expect((await subscriber('pm-wrong@example.net')).status).toBe('subscribed');
  });

  it('suppresses on a HardBounce and a SpamComplaint, each recorded once', async () => {
    await importSubscribers(app, chief, 'email\npm-hard@example.net\npm-spam@example.net');
    const hard = { RecordType: 'Bounce', ID: 90001, Type: 'HardBounce', TypeCode: 1, Email: 'pm-hard@example.net', BouncedAt: new Date().toISOString(), Details: 'smtp;550 5.1.1 The email account that you tried to reach does not exist.' };
    expect((await post(hard)).body).toEqual({ received: 1, recorded: 1, duplicates: 0, ignored: 0 });
    expect((await post(hard)).body).toEqual({ received: 1, recorded: 0, duplicates: 1, ignored: 0 });
    expect(await subscriber('pm-hard@example.net')).toMatchObject({ status: 'suppressed', suppressionReason: 'hard-bounce' });
    const spam = { RecordType: 'SpamComplaint', ID: 90002, Type: 'SpamComplaint', Email: 'pm-spam@example.net', BouncedAt: new Date().toISOString() };
    expect((await post(spam)).body).toMatchObject({ recorded: 1 });
    expect(await subscriber('pm-spam@example.net')).toMatchObject({ status: 'suppressed', suppressionReason: 'complaint' });
  });
});

describe('SendGrid', () => {
  const post = (events: object[], options: { timestamp?: number; tamper?: boolean; key?: crypto.KeyObject } = {}) => {
    const raw = Buffer.from(`${JSON.stringify(events)}\r\n`);
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    const signature = signSendgridPayload(options.key ?? sendgridKeys.privateKey, raw, timestamp);
    const body = options.tamper ? Buffer.from(raw.toString().replace('bounce', 'bounse')) : raw;
    return app
      .request()
      .post('/api/newsletter/events/sendgrid')
      .set('Content-Type', 'application/json')
      .set('X-Twilio-Email-Event-Webhook-Signature', signature)
      .set('X-Twilio-Email-Event-Webhook-Timestamp', timestamp)
      // As text: superagent would serialise a Buffer as JSON of its bytes.
      .send(body.toString('utf8'));
  };

  it('accepts signed events; refuses a tampered body, another key and an old timestamp', async () => {
    const { original, mail } = (await sendTo(['sg-hard@example.net'])).get('sg-hard@example.net')!;
    const ref = mail.headers.get('x-newsletter-ref') as string;
    const events = [
      { email: 'sg-hard@example.net', event: 'bounce', type: 'bounce', status: '5.1.1', reason: '550 5.1.1 unknown user', sg_event_id: `sg-${crypto.randomUUID()}`, timestamp: Math.floor(Date.now() / 1000), newsletter_ref: ref },
      { email: 'sg-hard@example.net', event: 'open', sg_event_id: `sg-${crypto.randomUUID()}`, timestamp: Math.floor(Date.now() / 1000) },
    ];
    expect(original.mailFrom).toContain(ref);
    expect((await post(events, { tamper: true })).status).toBe(403);
    expect((await post(events, { key: crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey })).status).toBe(403);
    const replay = await post(events, { timestamp: Math.floor(Date.now() / 1000) - 11 * 60 });
    expect(replay.status).toBe(403);
    expect(replay.body.error.message).toMatch(/too old/);
    const unsigned = await app.request().post('/api/newsletter/events/sendgrid').set('Content-Type', 'application/json').send(events);
    expect(unsigned.status).toBe(401);
    expect((await subscriber('sg-hard@example.net')).status).toBe('subscribed');

    const res = await post(events);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: 2, recorded: 1, duplicates: 0, ignored: 1 });
    expect(await subscriber('sg-hard@example.net')).toMatchObject({ status: 'suppressed', suppressionReason: 'hard-bounce' });
    const [event] = await eventsOf('sg-hard@example.net');
    expect(Number(event.delivery_id)).toBeGreaterThan(0);
  });
});

describe('suppression', () => {
  it('a hard bounce mid-campaign stops the retry of this campaign and the next campaign', async () => {
    const first = (await sendTo(['mid@example.net', 'mid-other@example.net'])).get('mid@example.net')!;
    // The next campaign's first try to mid@ is refused for now, and retried two seconds later.
    app.strapi.config.set('plugin::newsletter.sending.retryBaseSeconds', 2);
    smtp.reject((address) => address === 'mid@example.net', 451, 1);
    try {
      const since = smtp.mails.length;
      smtp.refused.delete('mid@example.net');
      const id = await startCampaign(app, chief, { subject: 'Second', locale: 'en', selection: { articles: [story] } });
      for (let waited = 0; (smtp.refused.get('mid@example.net') ?? 0) < 1; waited += 20) {
        if (waited > 30_000) throw new Error('the relay never saw the first try');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // While its retry waits, the first campaign's mail to mid@ bounces for good.
      await inbound(postfixDsn(first.original, { status: '5.1.1', diagnostic: '550 5.1.1 No such user' })).expect(202);
      const done = await campaignUntil(app, chief, id, finished);
      expect(done.sent).toBeGreaterThan(0);
      const row = await app.strapi.db
        .connection('newsletter_deliveries')
        .where({ campaign_id: id, subscriber_id: (await subscriber('mid@example.net')).id })
        .first('status');
      expect(row.status).toBe('skipped');
      const third = await startCampaign(app, chief, { subject: 'Third', locale: 'en', selection: { articles: [story] } });
      await campaignUntil(app, chief, third, finished);
      const toMid = smtp.mails.filter((m) => smtp.mails.indexOf(m) >= since && smtp.sourceOf(m).rcptTo.includes('mid@example.net'));
      expect(toMid).toHaveLength(0);
    } finally {
      app.strapi.config.set('plugin::newsletter.sending.retryBaseSeconds', 0);
      smtp.clearRejections();
    }
  });

  it('sends a suppressed address no confirmation mail, an import does not bring it back, and account mail still goes', async () => {
    await importSubscribers(app, chief, 'email\nblocked@example.net');
    const { id } = await subscriber('blocked@example.net');
    await app.request().post(`/newsletter/subscribers/${id}/suppress`).set(as(chief)).expect(200);
    const since = smtp.mails.length;
    await app.request().post('/api/newsletter/subscribe').send({ email: 'blocked@example.net' }).expect(202);
    const report = await app.request().post('/newsletter/subscribers/import?status=subscribed').set(as(chief)).set('Content-Type', 'text/csv').send('email\nblocked@example.net\n');
    expect(report.body).toEqual({ created: 0, updated: 0, skipped: 0, suppressed: 1, errors: [] });
    // Give the outbox a moment: a confirmation mail would have been queued at once.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.mails.slice(since).filter((m) => smtp.sourceOf(m).rcptTo.includes('blocked@example.net'))).toHaveLength(0);
    expect((await subscriber('blocked@example.net')).status).toBe('suppressed');
    // Account mails are not newsletter mail: the same address still gets its signup code.
    const before = smtp.mails.length;
    await app.request().post('/api/auth/local/register').send({ email: 'blocked@example.net', password: 'Quiet-Harbour-Lights-7' }).expect(200);
    const { code } = await codeMail(smtp, 'blocked@example.net', before);
    expect(code).toMatch(/^\d{6}$/);
  });

  it('staff lift a suppression by hand, and the history says who and when', async () => {
    await importSubscribers(app, chief, 'email\nlifted@example.net');
    const { original } = (await sendTo(['lifted@example.net'])).get('lifted@example.net')!;
    await inbound(postfixDsn(original, { status: '5.2.1', diagnostic: '550 5.2.1 Mailbox disabled' })).expect(202);
    const { id } = await subscriber('lifted@example.net');

    const before = await app.request().get(`/newsletter/subscribers/${id}`).set(as(chief)).expect(200);
    expect(before.body.data).toMatchObject({ status: 'suppressed', suppressionReason: 'hard-bounce', suppressedAt: expect.any(String) });
    expect(before.body.data.events[0]).toMatchObject({ source: 'inbound', type: 'hard-bounce', status: '5.2.1', campaignId: expect.any(Number) });

    const lifted = await app.request().post(`/newsletter/subscribers/${id}/lift`).set(as(chief));
    expect(lifted.status).toBe(200);
    expect(lifted.body.data).toMatchObject({ status: 'subscribed', suppressionReason: null, suppressedAt: null });
    const after = await app.request().get(`/newsletter/subscribers/${id}`).set(as(chief)).expect(200);
    expect(after.body.data.events[0]).toMatchObject({
      source: 'staff',
      type: 'lifted',
      status: 'hard-bounce',
      restoredTo: 'subscribed',
      actor: expect.stringMatching(/^admin:\d+$/),
    });
    expect((await app.request().post(`/newsletter/subscribers/${id}/lift`).set(as(chief))).status).toBe(409);
  });

  it('an erased subscriber leaves only an HMAC, and a later import is refused as suppressed', async () => {
    await importSubscribers(app, chief, 'email\nerased@example.net');
    const { id } = await subscriber('erased@example.net');
    await app.request().delete(`/newsletter/subscribers/${id}`).set(as(chief)).expect(200);
    const tombstones = await app.strapi.db.connection('newsletter_tombstones').select('hash');
    expect(JSON.stringify(tombstones)).not.toContain('erased@example.net');
    expect(tombstones.length).toBeGreaterThan(0);
    const report = await app.request().post('/newsletter/subscribers/import?status=subscribed').set(as(chief)).set('Content-Type', 'text/csv').send('email\nErased@Example.net\nnew-one@example.net\n');
    expect(report.body).toEqual({ created: 1, updated: 0, skipped: 0, suppressed: 1, errors: [] });
    expect(await subscriber('erased@example.net')).toBeNull();
  });

  it('shows staff each campaign bounce and complaint counts, with a warning past 0.3 % complaints', async () => {
    const mails = await sendTo(['count-a@example.net', 'count-b@example.net']);
    const a = mails.get('count-a@example.net')!;
    const b = mails.get('count-b@example.net')!;
    await inbound(postfixDsn(a.original, { status: '5.1.1', diagnostic: '550 5.1.1 No such user' })).expect(202);
    await inbound(arfComplaint(b.original)).expect(202);
    const campaignId = Number(/^<campaign-(\d+)\./.exec(a.mail.messageId ?? '')![1]);
    const res = await app.request().get(`/newsletter/campaigns/${campaignId}`).set(as(chief)).expect(200);
    const { sent } = res.body.data;
    expect(res.body.data).toMatchObject({ hardBounces: 1, softBounces: 0, complaints: 1, complaintRate: 1 / sent, complaintThreshold: 0.003, complaintWarning: true });
    expect(sent).toBeGreaterThanOrEqual(2);
  });
});
