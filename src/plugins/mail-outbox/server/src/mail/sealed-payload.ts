import crypto from 'node:crypto';

/**
 * AES-256-GCM for the values of a queued mail (a code among them): the outbox table never holds a
 * code in clear, and a tampered row fails to open instead of sending something else.
 */
export const createSealer = (appKey: string) => {
  // The label of the time this outbox was part of signup-verification: rows queued then still open.
  const key = crypto.createHash('sha256').update(`signup-verification-outbox:${appKey}`).digest();
  return {
    seal(values: Record<string, string>): string {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(values), 'utf8'), cipher.final()]);
      return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64')).join('.');
    },
    open(sealed: string): Record<string, string> {
      const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64'));
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      return JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8'));
    },
  };
};
