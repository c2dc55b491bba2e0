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

/**
 * Short-lived links to a master. With S3_PRIVATE_BUCKET: an S3 presigned GET whose answer carries
 * the attachment file name. Otherwise: a URL of this server with an expiry and an HMAC-SHA256 of
 * (download id, expiry) under a key derived from the app keys; the file route checks both.
 */
const links = ({ strapi }: { strapi: Core.Strapi }) => {
  const ttlSeconds = () => (strapi.config.get('plugin::video-masters') as VideoMastersConfig).urlTtlSeconds;
  let key: Buffer | undefined;
  const signingKey = () => {
    key ??= Buffer.from(
      crypto.hkdfSync('sha256', (strapi.config.get('server.app.keys') as string[]).join(','), 'newsreel', 'video-masters download links', 32)
    );
    return key;
  };
  const signatureOf = (downloadId: number, expires: number) =>
    crypto.createHmac('sha256', signingKey()).update(`${downloadId}.${expires}`).digest('base64url');

  return {
    /** A link to the master at `storageKey`, answered as an attachment named `filename`. */
    async sign(downloadId: number, storageKey: string, filename: string): Promise<Link> {
      const expires = Math.floor(Date.now() / 1000) + ttlSeconds();
      const expiresAt = new Date(expires * 1000).toISOString();
      const storage = getService(strapi, 'storage');
      if (storage.usesS3()) return { url: await storage.presignGet(storageKey, attachment(filename), ttlSeconds()), expiresAt };
      const base = String(strapi.config.get('server.url'));
      return { url: `${base}/api/video-masters/files/${downloadId}?expires=${expires}&signature=${signatureOf(downloadId, expires)}`, expiresAt };
    },

    /** Whether a local link is authentic and not yet expired. */
    verify(downloadId: number, expires: unknown, signature: unknown): boolean {
      if (!Number.isInteger(downloadId) || typeof expires !== 'string' || typeof signature !== 'string' || !/^\d{1,12}$/.test(expires)) return false;
      const expected = Buffer.from(signatureOf(downloadId, Number(expires)));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return false;
      return Number(expires) * 1000 > Date.now();
    },
  };
};

export type LinksService = ReturnType<typeof links>;
export default links;
