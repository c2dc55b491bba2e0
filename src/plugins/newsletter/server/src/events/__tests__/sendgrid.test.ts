import crypto from 'node:crypto';
import { readSendgridPublicKey, verifySendgridSignature } from '../sendgrid';
import { makeSendgridTestKeys, signSendgridPayload } from './sendgrid-signing';

const NOW_MS = Date.UTC(2025, 2, 4, 10, 20, 0);
const NOW = String(Math.floor(NOW_MS / 1000));

/** A realistic Event Webhook post: a bounce, a drop and a spam report, each carrying our custom arg. */
const events = [
  {
    email: 'gone@example.org',
    timestamp: Math.floor(NOW_MS / 1000) - 30,
    event: 'bounce',
    type: 'bounce',
    sg_event_id: 'ZGVsaXZlcmVkLTAtMjQ1MzQ5NzAtQ2Y4TnF5UVhRRWFJV0hoTnlVdm9PQS0w',
    sg_message_id: 'Cf8NqyQXQEaIWHhNyUvoOA.filterdrecv-5645d9c87f-78xgx-1-5F1F1C7A-2C.0',
    'smtp-id': '<campaign-12.subscriber-345@news.example.org>',
    reason: '550 5.1.1 The email account that you tried to reach does not exist.',
    status: '5.1.1',
    bounce_classification: 'Invalid Address',
    newsletter_ref: 'v1.12.345.c2lnbmF0dXJl',
  },
  {
    email: 'blocked@example.org',
    timestamp: Math.floor(NOW_MS / 1000) - 20,
    event: 'dropped',
    sg_event_id: 'ZHJvcHBlZC0wLTI0NTM0OTcwLUNmOE5xeVFYUUVhSVdIaE55VXZvT0EtMA',
    sg_message_id: 'Cf8NqyQXQEaIWHhNyUvoOA.filterdrecv-5645d9c87f-78xgx-1-5F1F1C7A-2C.1',
    reason: 'Bounced Address',
    status: '5.0.0',
    newsletter_ref: 'v1.12.346.c2lnbmF0dXJl',
  },
  {
    email: 'angry@example.org',
    timestamp: Math.floor(NOW_MS / 1000) - 10,
    event: 'spamreport',
    sg_event_id: 'c3BhbXJlcG9ydC0wLTI0NTM0OTcwLUNmOE5xeVFYUUVhSVdIaE55VXZvT0EtMA',
    sg_message_id: 'Cf8NqyQXQEaIWHhNyUvoOA.filterdrecv-5645d9c87f-78xgx-1-5F1F1C7A-2C.2',
    newsletter_ref: 'v1.12.347.c2lnbmF0dXJl',
  },
];
/** SendGrid's bytes, kept exact: a re-serialised body would not verify. */
const body = Buffer.from(`${JSON.stringify(events)}\r\n`, 'utf8');

const keys = makeSendgridTestKeys();
const key = readSendgridPublicKey(keys.publicKeyPem);
const signature = signSendgridPayload(keys.privateKey, body, NOW);

describe('readSendgridPublicKey', () => {
  it('reads the PEM form and the base64 DER form to the same key', () => {
    const fromDer = readSendgridPublicKey(keys.publicKeyBase64);
    expect(fromDer.equals(key)).toBe(true);
  });

  it('reads base64 DER pasted with line breaks and surrounding spaces', () => {
    const wrapped = `  ${keys.publicKeyBase64.replace(/(.{40})/g, '$1\n')}\n`;
    expect(readSendgridPublicKey(wrapped).equals(key)).toBe(true);
  });

  it.each([
    ['empty text', '   '],
    ['garbage', 'not a key at all!'],
    ['base64 that is not DER', Buffer.from('hello world, this is not a key').toString('base64')],
    ['a broken PEM', '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----'],
    ['an RSA key', crypto.generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString()],
    ['a P-384 key', crypto.generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString()],
  ])('throws on %s', (_label, text) => {
    expect(() => readSendgridPublicKey(text)).toThrow(/SendGrid verification key/);
  });

  it('refuses a private key, without echoing it', () => {
    const pem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    let message = '';
    try {
      readSendgridPublicKey(pem);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/private key/);
    expect(message).not.toContain(pem.split('\n')[1]);
  });
});

describe('verifySendgridSignature', () => {
  it('accepts the signed body with the key read from PEM or from base64 DER', () => {
    expect(verifySendgridSignature(key, body, signature, NOW, NOW_MS)).toBe('ok');
    expect(verifySendgridSignature(readSendgridPublicKey(keys.publicKeyBase64), body, signature, NOW, NOW_MS)).toBe('ok');
  });

  it('refuses a tampered body', () => {
    const tampered = Buffer.from(body.toString('utf8').replace('"dropped"', '"delivered"'), 'utf8');
    expect(verifySendgridSignature(key, tampered, signature, NOW, NOW_MS)).toBe('bad-signature');
    expect(verifySendgridSignature(key, body.subarray(0, body.length - 2), signature, NOW, NOW_MS)).toBe('bad-signature');
  });

  it('refuses a signature made with another key', () => {
    const other = makeSendgridTestKeys();
    expect(verifySendgridSignature(key, body, signSendgridPayload(other.privateKey, body, NOW), NOW, NOW_MS)).toBe('bad-signature');
  });

  it('refuses a signature moved to another timestamp (the timestamp is signed)', () => {
    expect(verifySendgridSignature(key, body, signature, String(Number(NOW) - 1), NOW_MS)).toBe('bad-signature');
  });

  it('refuses a timestamp 11 minutes old as stale, even with a valid signature over it', () => {
    const old = String(Number(NOW) - 11 * 60);
    expect(verifySendgridSignature(key, body, signSendgridPayload(keys.privateKey, body, old), old, NOW_MS)).toBe('stale');
  });

  it('honours maxAgeSeconds and allows 60 s of clock skew ahead, no more', () => {
    const nineMinutes = String(Number(NOW) - 9 * 60);
    const signed = signSendgridPayload(keys.privateKey, body, nineMinutes);
    expect(verifySendgridSignature(key, body, signed, nineMinutes, NOW_MS)).toBe('ok');
    expect(verifySendgridSignature(key, body, signed, nineMinutes, NOW_MS, 300)).toBe('stale');
    const soon = String(Number(NOW) + 50);
    expect(verifySendgridSignature(key, body, signSendgridPayload(keys.privateKey, body, soon), soon, NOW_MS)).toBe('ok');
    const later = String(Number(NOW) + 120);
    expect(verifySendgridSignature(key, body, signSendgridPayload(keys.privateKey, body, later), later, NOW_MS)).toBe('stale');
  });

  it.each([
    ['no signature', undefined, NOW],
    ['no timestamp', signature, undefined],
    ['empty headers', '', ''],
    ['a timestamp that is not a number', signature, 'yesterday'],
    ['a timestamp in milliseconds-with-dot form', signature, `${NOW}.5`],
    ['a signature that is not base64', '%%%not-base64%%%', NOW],
  ])('answers malformed to %s', (_label, sig, ts) => {
    expect(verifySendgridSignature(key, body, sig, ts, NOW_MS)).toBe('malformed');
  });

  it('answers bad-signature to base64 that is not a DER signature', () => {
    expect(verifySendgridSignature(key, body, Buffer.from('not a signature').toString('base64'), NOW, NOW_MS)).toBe('bad-signature');
  });

  it('uses the current clock by default', () => {
    const now = String(Math.floor(Date.now() / 1000));
    expect(verifySendgridSignature(key, body, signSendgridPayload(keys.privateKey, body, now), now)).toBe('ok');
  });

  it('throws a TypeError when given a key that is not a P-256 public key', () => {
    expect(() => verifySendgridSignature(keys.privateKey, body, signature, NOW, NOW_MS)).toThrow(TypeError);
  });
});
