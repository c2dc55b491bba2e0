import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import contentDisposition from 'content-disposition';
import type { VideoMastersConfig } from '../config';
import { getService } from '../utils/get-service';

export interface Link {
  url: string;
  expiresAt: string;
}

/**
 * `Content-Disposition: attachment` for `filename`, per RFC 6266: a plain ASCII `filename` (accents
 * dropped) for old clients and, whenever the name is not plain ASCII, `filename*` in UTF-8.
 */
export const attachment = (filename: string) => {
  const ascii = filename
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_');
  return contentDisposition(filename, { fallback: ascii });
};

/** What a signature is for: each purpose signs with a key of its own. */
export type SigningPurpose = 'video-masters download links' | 'video-masters part urls';

/**
 * Short-lived links to a master. With S3_PRIVATE_BUCKET: an S3 presigned GET whose answer carries
 * the attachment file name. Otherwise: a URL of this server with an expiry and an HMAC-SHA256 of
 * (download id, expiry) under a key derived from the app keys; the file route checks both. The
 * same signing serves the local part URLs of uploads.
 */
const links = ({ strapi }: { strapi: Core.Strapi }) => {
  const ttlSeconds = () => (strapi.config.get('plugin::video-masters') as VideoMastersConfig).urlTtlSeconds;
  const keys = new Map<SigningPurpose, Buffer>();
  const signingKey = (purpose: SigningPurpose) => {
    let key = keys.get(purpose);
    if (!key) {
      key = Buffer.from(crypto.hkdfSync('sha256', (strapi.config.get('server.app.keys') as string[]).join(','), 'newsreel', purpose, 32));
      keys.set(purpose, key);
    }
    return key;
  };
  const signatureOf = (purpose: SigningPurpose, subject: string, expires: number) =>
    crypto.createHmac('sha256', signingKey(purpose)).update(`${subject}.${expires}`).digest('base64url');

  const service = {
    /** `expires=…&signature=…` that vouches for `subject` for `seconds`. */
    signedQuery(purpose: SigningPurpose, subject: string, seconds: number): { query: string; expires: number } {
      const expires = Math.floor(Date.now() / 1000) + seconds;
      return { query: `expires=${expires}&signature=${signatureOf(purpose, subject, expires)}`, expires };
    },

    /** Whether `expires` and `signature` (from a query string) vouch for `subject` and have not expired. */
    verifySigned(purpose: SigningPurpose, subject: string, expires: unknown, signature: unknown): boolean {
      if (typeof expires !== 'string' || typeof signature !== 'string' || !/^\d{1,12}$/.test(expires)) return false;
      const expected = Buffer.from(signatureOf(purpose, subject, Number(expires)));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return false;
      return Number(expires) * 1000 > Date.now();
    },

    /** A link to the master at `storageKey`, answered as an attachment named `filename`. */
    async sign(downloadId: number, storageKey: string, filename: string): Promise<Link> {
      const storage = getService(strapi, 'storage');
      if (storage.usesS3()) {
        const expiresAt = new Date((Math.floor(Date.now() / 1000) + ttlSeconds()) * 1000).toISOString();
        return { url: await storage.presignGet(storageKey, attachment(filename), ttlSeconds()), expiresAt };
      }
      const { query, expires } = service.signedQuery('video-masters download links', String(downloadId), ttlSeconds());
      const base = String(strapi.config.get('server.absoluteUrl'));
      return { url: `${base}/api/video-masters/files/${downloadId}?${query}`, expiresAt: new Date(expires * 1000).toISOString() };
    },

    /** Whether a local link is authentic and not yet expired. */
    verify(downloadId: number, expires: unknown, signature: unknown): boolean {
      return Number.isInteger(downloadId) && service.verifySigned('video-masters download links', String(downloadId), expires, signature);
    },
  };
  return service;
};

export type LinksService = ReturnType<typeof links>;
export default links;
