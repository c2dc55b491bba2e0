import type { Core } from '@strapi/strapi';
import type { Description } from './probe';

const ASSET = 'api::video-asset.video-asset';
const RENDITION = 'media.rendition';
const TECHNICAL = 'media.technical-metadata';

/** The fields of a `media.rendition` component this plugin writes. */
export interface RenditionData {
  kind: string;
  label?: string;
  container?: string | null;
  codecs?: string | null;
  width?: number | null;
  height?: number | null;
  bitrate?: number | null;
  durationSeconds?: number | null;
  sizeBytes?: string;
  checksum?: string | null;
  storageKey: string;
  status: 'processing' | 'ready' | 'failed';
  statusReason?: string | null;
}

interface Row {
  id: number;
  locale: string;
  renditions?: (RenditionData & { id: number })[];
  technical?: { id: number } | null;
  poster?: { id: number } | null;
}

const link = (field: string, component: string, id: number) => ({ id, __pivot: { field, component_type: component } });

/** Said on the event hub after files or their facts change on an asset (caches of answers listen). */
export const FILES_CHANGED = 'video-masters.asset-files.changed';

/**
 * Writes files and their facts into a video asset. A master file is not an editorial change, so
 * every version of the asset gets it at once: the draft and the published version, in every
 * language (renditions, technical metadata and poster are not localised). The document service
 * writes drafts only, hence the query engine here, row by row, in one transaction.
 */
const assets = ({ strapi }: { strapi: Core.Strapi }) => {
  const rowsOf = (documentId: string, populate: Record<string, true>) =>
    strapi.db.query(ASSET).findMany({ where: { documentId }, select: ['id', 'locale'], populate }) as Promise<Row[]>;

  return {
    /**
     * Sets the rendition of `data.kind` on every version, in place of the one it had. Answers the
     * storage keys of the files replaced, which nothing references any more.
     */
    async replaceRendition(documentId: string, data: RenditionData): Promise<string[]> {
      const result = await strapi.db.transaction(async () => {
        const replaced = new Set<string>();
        for (const row of await rowsOf(documentId, { renditions: true })) {
          const current = row.renditions ?? [];
          const created = (await strapi.db.query(RENDITION).create({ data })) as { id: number };
          const position = current.findIndex((item) => item.kind === data.kind);
          const kept = current.filter((item) => item.kind !== data.kind).map((item) => item.id);
          kept.splice(position === -1 ? kept.length : position, 0, created.id);
          await strapi.db.query(ASSET).update({
            where: { id: row.id },
            data: { renditions: kept.map((id) => link('renditions', RENDITION, id)) },
          });
          for (const old of current.filter((item) => item.kind === data.kind)) {
            if (old.storageKey && old.storageKey !== data.storageKey) replaced.add(old.storageKey);
            await strapi.db.query(RENDITION).delete({ where: { id: old.id } });
          }
        }
        return [...replaced];
      });
      strapi.eventHub.emit(FILES_CHANGED, { asset: documentId });
      return result;
    },

    /** Updates the renditions that hold the file at `storageKey`, wherever they are. */
    async updateRendition(storageKey: string, data: Partial<RenditionData>): Promise<number> {
      const { count } = (await strapi.db.query(RENDITION).updateMany({ where: { storageKey }, data })) as { count: number };
      if (count > 0) strapi.eventHub.emit(FILES_CHANGED, { storageKey });
      return count;
    },

    /** Whether some rendition still holds the file at `storageKey`. */
    async isReferenced(storageKey: string): Promise<boolean> {
      return (await strapi.db.query(RENDITION).count({ where: { storageKey } })) > 0;
    },

    /** Sets the technical metadata of the master on every version of the asset. */
    async setTechnical(documentId: string, data: Description['technical']): Promise<void> {
      await strapi.db.transaction(async () => {
        for (const row of await rowsOf(documentId, { technical: true })) {
          if (row.technical) {
            await strapi.db.query(TECHNICAL).update({ where: { id: row.technical.id }, data });
            continue;
          }
          const created = (await strapi.db.query(TECHNICAL).create({ data })) as { id: number };
          await strapi.db.query(ASSET).update({ where: { id: row.id }, data: { technical: link('technical', TECHNICAL, created.id) } });
        }
      });
      strapi.eventHub.emit(FILES_CHANGED, { asset: documentId });
    },

    /** Whether any version of the asset has a poster. */
    async hasPoster(documentId: string): Promise<boolean> {
      return (await rowsOf(documentId, { poster: true })).some((row) => row.poster);
    },

    /** Sets the poster (a media-library file) on every version of the asset. */
    async setPoster(documentId: string, fileId: number): Promise<void> {
      await strapi.db.transaction(async () => {
        for (const row of await rowsOf(documentId, { poster: true })) {
          await strapi.db.query(ASSET).update({ where: { id: row.id }, data: { poster: fileId } });
        }
      });
      strapi.eventHub.emit(FILES_CHANGED, { asset: documentId });
    },

    /** The title of the asset's draft in `locale` (or any), for file names and alt texts. */
    async titleOf(documentId: string, locale?: string): Promise<string> {
      const rows = (await strapi.db.query(ASSET).findMany({ where: { documentId, publishedAt: null }, select: ['title', 'locale'] })) as {
        title: string;
        locale: string;
      }[];
      return (rows.find((row) => row.locale === locale) ?? rows.find((row) => row.locale === 'en') ?? rows[0])?.title ?? 'video';
    },
  };
};

export type AssetsService = ReturnType<typeof assets>;
export default assets;
