import crypto from 'node:crypto';

/**
 * Test helpers that sign SendGrid Event Webhook posts as SendGrid does (ECDSA P-256, SHA-256, base64
 * DER signature over `timestamp + body`), for the unit tests of ../sendgrid.ts and for API tests.
 */

/** A P-256 key pair, with the public key in both forms the app accepts. */
export interface SendgridTestKeys {
  privateKey: crypto.KeyObject;
  publicKeyPem: string;
  /** Base64 DER (SubjectPublicKeyInfo), as SendGrid's console shows its verification key. */
  publicKeyBase64: string;
}

export function makeSendgridTestKeys(): SendgridTestKeys {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    privateKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    publicKeyBase64: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
  };
}

/** The value of X-Twilio-Email-Event-Webhook-Signature for `rawBody` sent at `timestamp` (unix seconds, as text). */
export function signSendgridPayload(privateKey: crypto.KeyObject | string, rawBody: Buffer | string, timestamp: string): string {
  const key = typeof privateKey === 'string' ? crypto.createPrivateKey(privateKey) : privateKey;
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  return crypto
    .sign('sha256', Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), { key, dsaEncoding: 'der' })
    .toString('base64');
}
