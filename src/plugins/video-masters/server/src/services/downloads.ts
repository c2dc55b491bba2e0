import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { getService } from '../utils/get-service';

const ASSET = 'api::video-asset.video-asset';
const DOWNLOAD = 'plugin::video-masters.download';
/** Download links per account per 24 hours, counted by the rate-limit plugin over every process. */
export const DAILY_LIMIT = 'video-masters.daily';

interface Limiter {
  enforce(name: string, subject: string): Promise<void>;
  refund(name: string, subject: string): Promise<void>;
}

interface Rendition {
  kind: string;
  storageKey?: string | null;
  status?: string | null;
}

interface AssetRow {
  id: number;
  documentId: string;
  title: string;
  locale: string;
  embargoUntil: string | Date | null;
  renditions?: Rendition[];
}

export interface GrantRequest {
  user: { id: number; email?: string };
  documentId: string;
  rendition: string;
  locale?: string;
  ip: string;
}

/** A file name a person can read: the title, the rendition kind and the file's extension. */
export const downloadFilename = (title: string, kind: string, storageKey: string) => {
  const readable = title
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f"*/:<>?\\|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 150);
  return `${readable || 'video'} - ${kind}${path.extname(storageKey).toLowerCase()}`;
};

/**
 * Grants download links to broadcast masters: checks the asset (published, past its embargo), the
 * rendition and the account's daily quota, writes the download record, then signs the link.
 */
const downloads = ({ strapi }: { strapi: Core.Strapi }) => {
  const limiter = () => strapi.plugin('rate-limit').service('limiter') as Limiter;

  /** The published asset in `locale` if it exists in it, else in any language it is published in. */
  const publishedAsset = async (documentId: string, locale?: string): Promise<AssetRow | null> => {
    // An app without the video-asset type (see the README) has no video to give.
    if (!strapi.contentTypes[ASSET as keyof typeof strapi.contentTypes]) return null;
    const rows = (await strapi.db.query(ASSET).findMany({
      where: { documentId, publishedAt: { $notNull: true } },
      select: ['id', 'documentId', 'title', 'locale', 'embargoUntil'],
      populate: { renditions: true },
    })) as AssetRow[];
    return rows.find((row) => row.locale === locale) ?? rows.find((row) => row.locale === 'en') ?? rows[0] ?? null;
  };

  return {
    async grant(request: GrantRequest) {
      const asset = await publishedAsset(request.documentId, request.locale);
      if (!asset) throw new errors.NotFoundError('No published video with this id.');
      const embargo = asset.embargoUntil ? new Date(asset.embargoUntil) : null;
      if (embargo && embargo.getTime() > Date.now()) {
        throw new errors.PolicyError(`This video is under embargo until ${embargo.toISOString()}.`, {
          reason: 'embargo',
          embargoUntil: embargo.toISOString(),
        });
      }
      const rendition = asset.renditions?.find((item) => item.kind === request.rendition);
      if (!rendition?.storageKey) throw new errors.NotFoundError(`This video has no downloadable "${request.rendition}" file.`);
      // A file ffprobe could not read is not handed out as a broadcast file.
      if (rendition.status === 'failed') throw new errors.NotFoundError(`The "${request.rendition}" file of this video could not be read; staff were told.`);

      const subject = String(request.user.id);
      await limiter().enforce(DAILY_LIMIT, subject);
      const filename = downloadFilename(asset.title, rendition.kind, rendition.storageKey);
      let record: { id: number };
      try {
        record = (await strapi.db.query(DOWNLOAD).create({
          data: {
            userId: request.user.id,
            userEmail: request.user.email ?? null,
            asset: asset.documentId,
            assetTitle: asset.title.slice(0, 200),
            rendition: rendition.kind,
            filename,
            at: new Date(),
            ip: request.ip.slice(0, 64),
          },
        })) as { id: number };
      } catch (error) {
        await limiter().refund(DAILY_LIMIT, subject);
        throw error;
      }
      const link = await getService(strapi, 'links').sign(record.id, rendition.storageKey, filename);
      return { url: link.url, expiresAt: link.expiresAt, filename };
    },

    /** What a local link streams: the master's current storage key and the record's file name. */
    async fileOf(downloadId: number): Promise<{ storageKey: string; filename: string } | null> {
      const record = (await strapi.db.query(DOWNLOAD).findOne({ where: { id: downloadId } })) as {
        asset: string;
        rendition: string;
        filename: string;
      } | null;
      if (!record) return null;
      const asset = await publishedAsset(record.asset);
      const rendition = asset?.renditions?.find((item) => item.kind === record.rendition);
      return rendition?.storageKey ? { storageKey: rendition.storageKey, filename: record.filename } : null;
    },
  };
};

export type DownloadsService = ReturnType<typeof downloads>;
export default downloads;
