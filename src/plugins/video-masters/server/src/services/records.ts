import { Readable } from 'node:stream';
import type { Core } from '@strapi/strapi';
import { stringify } from 'csv-stringify';

const DOWNLOAD = 'plugin::video-masters.download';
export const PAGE_SIZE = 50;
const EXPORT_COLUMNS = ['id', 'at', 'userId', 'userEmail', 'asset', 'assetTitle', 'rendition', 'filename', 'ip'] as const;

export interface RecordFilters {
  /** An asset's documentId. */
  asset?: string;
  /** A user id, or part of an email address. */
  user?: string;
  from?: Date;
  to?: Date;
}

interface DownloadRow {
  id: number;
  userId: number;
  userEmail: string | null;
  asset: string;
  assetTitle: string | null;
  rendition: string;
  filename: string | null;
  at: string | Date;
  ip: string | null;
}

const whereOf = (filters: RecordFilters) => {
  const where: Record<string, unknown>[] = [];
  if (filters.asset) where.push({ asset: filters.asset });
  if (filters.user) where.push(/^\d+$/.test(filters.user) ? { userId: Number(filters.user) } : { userEmail: { $containsi: filters.user } });
  if (filters.from) where.push({ at: { $gte: filters.from } });
  if (filters.to) where.push({ at: { $lt: filters.to } });
  return where.length > 0 ? { $and: where } : {};
};

const view = (row: DownloadRow) => ({
  id: row.id,
  user: { id: row.userId, email: row.userEmail },
  asset: { documentId: row.asset, title: row.assetTitle },
  rendition: row.rendition,
  at: new Date(row.at).toISOString(),
  ip: row.ip,
});

/** The download records for staff: a page at a time, counts per asset, and the CSV export. */
const records = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(DOWNLOAD);
  return {
    async list(filters: RecordFilters, page: number) {
      const where = whereOf(filters);
      const [rows, total] = await Promise.all([
        query().findMany({ where, orderBy: [{ at: 'desc' }, { id: 'desc' }], offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }) as Promise<DownloadRow[]>,
        query().count({ where }),
      ]);
      return {
        data: rows.map(view),
        meta: { pagination: { page, pageSize: PAGE_SIZE, pageCount: Math.ceil(total / PAGE_SIZE), total } },
      };
    },

    /** Links given for one asset: in all, in the last 30 days, and per rendition. */
    async countsOf(asset: string) {
      const since = new Date(Date.now() - 30 * 24 * 3600_000);
      const [total, last30Days, byKind] = await Promise.all([
        query().count({ where: { asset } }),
        query().count({ where: { asset, at: { $gte: since } } }),
        strapi.db.connection('video_master_downloads').where({ asset }).groupBy('rendition').select('rendition').count({ count: '*' }) as Promise<
          { rendition: string; count: number | string }[]
        >,
      ]);
      return { total, last30Days, byRendition: Object.fromEntries(byKind.map((row) => [row.rendition, Number(row.count)])) };
    },

    /** The matching records as CSV, oldest first, read a thousand rows at a time. */
    export(filters: RecordFilters): Readable {
      const where = whereOf(filters);
      const cell = (value: unknown) => (value instanceof Date ? value.toISOString() : value == null ? '' : String(value));
      const pages = async function* () {
        yield [...EXPORT_COLUMNS];
        let after = 0;
        for (;;) {
          const rows = (await query().findMany({ where: { $and: [where, { id: { $gt: after } }] }, orderBy: { id: 'asc' }, limit: 1000 })) as DownloadRow[];
          if (rows.length === 0) return;
          for (const row of rows) yield EXPORT_COLUMNS.map((column) => cell(column === 'at' ? new Date(row.at) : row[column]));
          after = rows[rows.length - 1].id;
        }
      };
      return Readable.from(pages()).pipe(stringify());
    },
  };
};

export type RecordsService = ReturnType<typeof records>;
export default records;
