import https from 'node:https';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { DEFAULT_SNS_HOST_PATTERN, isTrustedSnsUrl, SnsVerificationError, verifySnsMessage } from '../sns';
import { makeSnsTestPki, signSnsMessage, type SnsFieldsToSign, type SnsTestPki } from './sns-signing';

/** The local certificate server: host:port, since the library matches url.parse().host. */
const LOCAL_PATTERN = '^127\\.0\\.0\\.1:\\d+$';
const CERT_PATH = '/SimpleNotificationService-test.pem';
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:newsletter-ses-events';

let pki: SnsTestPki;
let server: https.Server;
let base: string;
let originalCa: https.AgentOptions['ca'];
const requests: string[] = [];

beforeAll(async () => {
  pki = makeSnsTestPki();
  server = https.createServer({ key: pki.serverKey, cert: pki.serverCert }, (request, response) => {
    requests.push(request.url ?? '');
    if (request.url === CERT_PATH) response.writeHead(200, { 'content-type': 'application/x-pem-file' }).end(pki.signingCertPem);
    else if (request.url === '/slow.pem') return; // never answers
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // sns-validator fetches with https.get on the global agent: make it trust the test CA.
  originalCa = https.globalAgent.options.ca;
  https.globalAgent.options.ca = [pki.caPem, ...tls.rootCertificates];
});

afterAll(async () => {
  if (originalCa === undefined) delete https.globalAgent.options.ca;
  else https.globalAgent.options.ca = originalCa;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** An SES bounce, as SES publishes it to SNS (trimmed). */
const sesBounce = JSON.stringify({
  notificationType: 'Bounce',
  bounce: {
    bounceType: 'Permanent',
    bounceSubType: 'General',
    bouncedRecipients: [{ emailAddress: 'gone@example.org', action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
    timestamp: '2025-03-04T10:15:02.000Z',
    feedbackId: '0102018f-aaaa-bbbb-cccc-000000000000-000000',
  },
  mail: {
    timestamp: '2025-03-04T10:15:00.000Z',
    source: 'news@news.example.org',
    messageId: '0102018f-1111-2222-3333-444444444444-000000',
    destination: ['gone@example.org'],
    headers: [{ name: 'X-Newsletter-Ref', value: 'v1.abc' }],
  },
});

const notification = (overrides: Partial<SnsFieldsToSign> = {}): SnsFieldsToSign => ({
  Type: 'Notification',
  MessageId: '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324',
  TopicArn: TOPIC,
  Subject: 'Amazon SES Email Event Notification',
  Message: sesBounce,
  Timestamp: '2025-03-04T10:15:03.123Z',
  SigningCertURL: `${base}${CERT_PATH}`,
  UnsubscribeURL: `${base}/?Action=Unsubscribe&SubscriptionArn=${TOPIC}:c9135db0`,
  ...overrides,
});

const subscription = (type: 'SubscriptionConfirmation' | 'UnsubscribeConfirmation' = 'SubscriptionConfirmation'): SnsFieldsToSign => ({
  Type: type,
  MessageId: '165545c9-2a5c-472c-8df2-7ff2be2b3b1b',
  Token: '2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736',
  TopicArn: TOPIC,
  Message: `You have chosen to subscribe to the topic ${TOPIC}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
  SubscribeURL: `${base}/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=2336412f37`,
  Timestamp: '2025-03-04T10:00:00.000Z',
  SigningCertURL: `${base}${CERT_PATH}`,
});

/** The rejection of a verification, for assertions on its reason and text. */
const refusal = async (body: string, pattern = LOCAL_PATTERN, timeoutMs?: number): Promise<SnsVerificationError> => {
  const error = await verifySnsMessage(body, pattern, { timeoutMs }).then(
    () => new Error('expected a refusal'),
    (reason: unknown) => reason,
  );
  if (!(error instanceof SnsVerificationError)) throw error;
  return error;
};

describe('verifySnsMessage', () => {
  it('accepts a Notification signed with SignatureVersion 1 (RSA-SHA1)', async () => {
    const signed = signSnsMessage(notification(), pki.signingKey, '1');
    const message = await verifySnsMessage(JSON.stringify(signed), LOCAL_PATTERN);
    expect(message).toMatchObject({ Type: 'Notification', TopicArn: TOPIC, Subject: signed.Subject, SignatureVersion: '1' });
    expect(JSON.parse(message.Message)).toMatchObject({ notificationType: 'Bounce' });
    expect(requests).toContain(CERT_PATH);
  });

  it('accepts a Notification signed with SignatureVersion 2 (RSA-SHA256), also without Subject', async () => {
    const signed = signSnsMessage(notification({ Subject: undefined }), pki.signingKey, '2');
    const message = await verifySnsMessage(JSON.stringify(signed), LOCAL_PATTERN);
    expect(message.Message).toBe(sesBounce);
    expect(message).not.toHaveProperty('Subject');
  });

  it('accepts a SubscriptionConfirmation, whose SubscribeURL is then trusted', async () => {
    const signed = signSnsMessage(subscription(), pki.signingKey, '2');
    const message = await verifySnsMessage(JSON.stringify(signed), LOCAL_PATTERN);
    expect(message).toMatchObject({ Type: 'SubscriptionConfirmation', Token: signed.Token, SubscribeURL: signed.SubscribeURL });
    expect(isTrustedSnsUrl(message.SubscribeURL!, LOCAL_PATTERN)).toBe(true);
  });

  it('refuses a Message with one byte changed, with reason signature and no secret in the text', async () => {
    const signed = signSnsMessage(notification(), pki.signingKey, '1');
    const body = JSON.stringify({ ...signed, Message: signed.Message.replace('gone@', 'gonE@') });
    const error = await refusal(body);
    expect(error.reason).toBe('signature');
    expect(error.retryable).toBe(false);
    expect(error.message).not.toContain(signed.Signature);
  });

  it('refuses a SubscriptionConfirmation whose Token was changed (Token is signed)', async () => {
    const signed = signSnsMessage(subscription(), pki.signingKey, '1');
    const error = await refusal(JSON.stringify({ ...signed, Token: `${signed.Token}0` }));
    expect(error.reason).toBe('signature');
    expect(error.message).not.toContain(signed.Token!);
  });

  it('refuses a signature version 1 message presented as version 2', async () => {
    const signed = signSnsMessage(notification(), pki.signingKey, '1');
    expect((await refusal(JSON.stringify({ ...signed, SignatureVersion: '2' }))).reason).toBe('signature');
  });

  it.each([
    ['another host', (port: string) => `https://evil.example:${port}${CERT_PATH}`],
    ['plain http', (port: string) => `http://127.0.0.1:${port}${CERT_PATH}`],
    ['a file that is not .pem', (port: string) => `https://127.0.0.1:${port}/SimpleNotificationService-test.crt`],
    ['user info before the host', (port: string) => `https://127.0.0.1:${port}@evil.example${CERT_PATH}`],
  ])('refuses a SigningCertURL on %s with reason certificate-url, before any request', async (_label, url) => {
    const port = new URL(base).port;
    const signed = signSnsMessage(notification({ SigningCertURL: url(port) }), pki.signingKey, '1');
    const before = requests.length;
    expect((await refusal(JSON.stringify(signed))).reason).toBe('certificate-url');
    expect(requests.length).toBe(before);
  });

  it('checks SigningCertURL, not a Lambda-style SigningCertUrl alias', async () => {
    const signed = signSnsMessage(notification(), pki.signingKey, '2');
    const body = JSON.stringify({ ...signed, SigningCertUrl: `https://evil.example${CERT_PATH}` });
    await expect(verifySnsMessage(body, LOCAL_PATTERN)).resolves.toMatchObject({ SigningCertURL: signed.SigningCertURL });
  });

  it.each([
    ['text that is not JSON', '{"Type": "Notification",'],
    ['a JSON array', '[]'],
    ['an unknown Type', JSON.stringify({ Type: 'Hello' })],
  ])('refuses %s with reason malformed', async (_label, body) => {
    expect((await refusal(body)).reason).toBe('malformed');
  });

  it('refuses a message missing its Signature, or with an unknown SignatureVersion, with reason malformed', async () => {
    const { Signature: _dropped, ...unsigned } = signSnsMessage(notification(), pki.signingKey, '1');
    expect((await refusal(JSON.stringify(unsigned))).reason).toBe('malformed');
    const signed = signSnsMessage(notification(), pki.signingKey, '1');
    expect((await refusal(JSON.stringify({ ...signed, SignatureVersion: '3' }))).reason).toBe('malformed');
    const { Token: _token, ...noToken } = signSnsMessage(subscription(), pki.signingKey, '1');
    expect((await refusal(JSON.stringify(noToken))).reason).toBe('malformed');
  });

  it('reports a certificate that cannot be fetched as a retryable signature failure', async () => {
    const signed = signSnsMessage(notification({ SigningCertURL: `${base}/missing.pem` }), pki.signingKey, '1');
    const error = await refusal(JSON.stringify(signed));
    expect(error).toMatchObject({ reason: 'signature', retryable: true });
  });

  it('stops waiting for a certificate after the time limit', async () => {
    const signed = signSnsMessage(notification({ SigningCertURL: `${base}/slow.pem` }), pki.signingKey, '1');
    const started = Date.now();
    const error = await refusal(JSON.stringify(signed), LOCAL_PATTERN, 300);
    expect(error).toMatchObject({ reason: 'signature', retryable: true });
    expect(error.message).toMatch(/in time/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses a genuine UnsubscribeConfirmation: sns-validator 0.3.5 leaves Token out of its signed string', async () => {
    // Pins a library limitation (see sns.ts); if an upgrade fixes it, this test says so.
    const signed = signSnsMessage(subscription('UnsubscribeConfirmation'), pki.signingKey, '1');
    expect((await refusal(JSON.stringify(signed))).reason).toBe('signature');
  });

  it('rejects with a TypeError when the host pattern is not a regular expression', async () => {
    const signed = signSnsMessage(notification(), pki.signingKey, '1');
    await expect(verifySnsMessage(JSON.stringify(signed), '(unclosed')).rejects.toBeInstanceOf(TypeError);
  });
});

describe('isTrustedSnsUrl', () => {
  it.each([
    'https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:eu-west-1:1:t&Token=abc',
    'https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-0123.pem',
    'HTTPS://SNS.US-EAST-1.AMAZONAWS.COM/?Action=ConfirmSubscription',
  ])('trusts %s with the default pattern', (url) => {
    expect(isTrustedSnsUrl(url, DEFAULT_SNS_HOST_PATTERN)).toBe(true);
  });

  it.each([
    'http://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription',
    'https://sns.eu-west-1.amazonaws.com.evil.example/',
    'https://evil.example/?sns.eu-west-1.amazonaws.com',
    'https://sns.eu-west-1.amazonaws.com:8443/',
    'https://sns.eu-west-1.amazonaws.com%2F@evil.example/',
    'https://evil.example\\@sns.eu-west-1.amazonaws.com/',
    'https://user:pass@sns.eu-west-1.amazonaws.com/',
    'not a url',
  ])('does not trust %s with the default pattern', (url) => {
    expect(isTrustedSnsUrl(url, DEFAULT_SNS_HOST_PATTERN)).toBe(false);
  });

  it('anchors a pattern that forgot ^ and $', () => {
    expect(isTrustedSnsUrl('https://sns.amazonaws.com.evil.example/', 'sns\\.amazonaws\\.com')).toBe(false);
    expect(isTrustedSnsUrl('https://sns.amazonaws.com/', 'sns\\.amazonaws\\.com')).toBe(true);
  });

  it('matches host:port, as sns-validator does', () => {
    expect(isTrustedSnsUrl('https://127.0.0.1:4443/', LOCAL_PATTERN)).toBe(true);
    expect(isTrustedSnsUrl('https://127.0.0.1/', LOCAL_PATTERN)).toBe(false);
  });
});
