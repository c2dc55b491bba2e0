import crypto from 'node:crypto';

/**
 * SendGrid Event Webhook signatures: SendGrid signs `timestamp + body` with ECDSA P-256 / SHA-256 and
 * sends the base64 DER signature in `X-Twilio-Email-Event-Webhook-Signature`, the unix timestamp in
 * `X-Twilio-Email-Event-Webhook-Timestamp`. node:crypto does the verification; no library is needed.
 */

export type SendgridVerdict = 'ok' | 'bad-signature' | 'stale' | 'malformed';

/** How far ahead of our clock a timestamp may be: clocks drift, but a signature is not made in the future. */
const FUTURE_SKEW_SECONDS = 60;
const DEFAULT_MAX_AGE_SECONDS = 600;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const UNIX_SECONDS = /^\d{1,12}$/;

/** Whether a key is what SendGrid signs with; anything else is a configuration mistake. */
const isP256PublicKey = (key: crypto.KeyObject): boolean =>
  key.type === 'public' && key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';

/** Reads a PEM block; a private key is refused rather than silently reduced to its public half, since it should not be in the config. */
const readPem = (pem: string): crypto.KeyObject => {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    throw new Error('The SendGrid verification key is a private key; give the public key from the SendGrid console');
  }
  try {
    return crypto.createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw new Error('The SendGrid verification key is not a readable PEM public key');
  }
};

/** Reads the base64 DER (SubjectPublicKeyInfo) text SendGrid's console shows; line breaks and spaces from copying are ignored. */
const readBase64Der = (text: string): crypto.KeyObject => {
  const base64 = text.replace(/\s+/g, '');
  if (!BASE64.test(base64)) throw new Error('The SendGrid verification key is neither PEM nor base64 text');
  try {
    return crypto.createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
  } catch {
    throw new Error('The SendGrid verification key is base64 but not a DER public key');
  }
};

/** Accepts a PEM public key or SendGrid's base64 DER (SPKI) text as shown in their console; throws a clear Error (no key material in it) otherwise. */
export function readSendgridPublicKey(text: string): crypto.KeyObject {
  if (typeof text !== 'string' || text.trim() === '') throw new Error('The SendGrid verification key is empty');
  const trimmed = text.trim();
  const key = trimmed.startsWith('-----BEGIN') ? readPem(trimmed) : readBase64Der(trimmed);
  if (!isP256PublicKey(key)) throw new Error('The SendGrid verification key is not an ECDSA P-256 public key');
  return key;
}

/** The timestamp as unix seconds, or null when it is not plain digits (it is signed as sent, so it is not trimmed). */
const readTimestamp = (timestamp: string): number | null => (UNIX_SECONDS.test(timestamp) ? Number(timestamp) : null);

/** The decoded signature, or null when it is not base64. */
const readSignature = (signature: string): Buffer | null => {
  const base64 = signature.trim();
  return BASE64.test(base64) ? Buffer.from(base64, 'base64') : null;
};

/** ECDSA over the exact bytes SendGrid signed: the timestamp header text, then the raw body. */
const signatureHolds = (key: crypto.KeyObject, rawBody: Buffer, signature: Buffer, timestamp: string): boolean => {
  try {
    return crypto.verify('sha256', Buffer.concat([Buffer.from(timestamp, 'utf8'), rawBody]), { key, dsaEncoding: 'der' }, signature);
  } catch {
    return false;
  }
};

/**
 * Verifies base64 DER ECDSA `signature` over `timestamp + rawBody` (exact bytes, Buffer). Also refuses
 * when the timestamp (unix seconds, string) is not a number or more than maxAgeSeconds (default 600)
 * old or more than 60 s in the future, relative to nowMs (default Date.now()).
 *
 * The signature is checked before the age, so 'stale' only ever describes a genuine but late (or
 * replayed) delivery, and a forgery is always 'bad-signature'. Throws a TypeError when `key` is not
 * an ECDSA P-256 public key: that is a programming error, not a bad request.
 */
export function verifySendgridSignature(
  key: crypto.KeyObject,
  rawBody: Buffer,
  signature: string | undefined,
  timestamp: string | undefined,
  nowMs: number = Date.now(),
  maxAgeSeconds: number = DEFAULT_MAX_AGE_SECONDS,
): SendgridVerdict {
  if (!isP256PublicKey(key)) throw new TypeError('verifySendgridSignature needs an ECDSA P-256 public key (readSendgridPublicKey)');
  if (!signature || !timestamp) return 'malformed';
  const seconds = readTimestamp(timestamp);
  const decoded = readSignature(signature);
  if (seconds === null || decoded === null) return 'malformed';
  if (!signatureHolds(key, rawBody, decoded, timestamp)) return 'bad-signature';
  const ageSeconds = nowMs / 1000 - seconds;
  return ageSeconds > maxAgeSeconds || ageSeconds < -FUTURE_SKEW_SECONDS ? 'stale' : 'ok';
}
