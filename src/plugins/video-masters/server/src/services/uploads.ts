import crypto from 'node:crypto';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { VideoMastersConfig } from '../config';
import { getService } from '../utils/get-service';
import { PartSizeError, type StoredPart } from './storage';

const UPLOAD = 'plugin::video-masters.upload';
const ASSET = 'api::video-asset.video-asset';
const MIB = 1024 * 1024;
/** S3 takes at most 10,000 parts per upload, each at least 5 MiB but the last. */
const MAX_PARTS = 10_000;
const MIN_PART_SIZE = 8 * MIB;
/** How long a part URL works: a part of a slow connection must fit in it. */
const PART_URL_SECONDS = 3600;
/** How long one process may hold a completed upload's probing before another takes it over. */
const PROCESSING_LEASE_MS = 15 * 60 * 1000;

/** The rendition kinds of `media.rendition`. */
export const KINDS = ['broadcast-master', 'web-proxy', 'audio'] as const;

/** Accepted file types: extension → MIME types a browser may give for it. */
export const FILE_TYPES: Record<string, string[]> = {
  '.mxf': ['application/mxf'],
  '.mov': ['video/quicktime'],
  '.mp4': ['video/mp4'],
  '.m4v': ['video/x-m4v', 'video/mp4'],
  '.mkv': ['video/x-matroska', 'video/matroska'],
  '.mts': ['video/mp2t', 'model/vnd.mts', 'video/vnd.dlna.mpeg-tts'],
  '.wav': ['audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave'],
};
/** Browsers send these when they do not know a type (MXF, often); the extension decides then. */
const UNKNOWN_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

export type UploadStatus = 'uploading' | 'completing' | 'processing' | 'ready' | 'failed' | 'aborted';

export interface UploadRow {
  id: number;
  uploadId: string;
  asset: string;
  locale: string | null;
  kind: string;
  filename: string;
  contentType: string | null;
  size: string | number;
  partSize: number;
  storage: 's3' | 'local';
  storageKey: string;
  multipartId: string | null;
  status: UploadStatus;
  reason: string | null;
  clientChecksum: string | null;
  checksum: string | null;
  staffId: number | null;
  leaseUntil: string | Date | null;
  completedAt: string | Date | null;
  createdAt: string | Date;
}

/** The admin's rights, as Strapi puts them on `ctx.state.userAbility`. */
export interface Staff {
  id: number;
  ability: unknown;
}

export interface UploadRequest {
  asset?: unknown;
  kind?: unknown;
  filename?: unknown;
  size?: unknown;
  contentType?: unknown;
  locale?: unknown;
}

/** The part size for a file of `size` bytes: 8 MiB, or more when 10,000 parts would not hold it. */
export const partSizeFor = (size: number) => Math.max(MIN_PART_SIZE, Math.ceil(size / MAX_PARTS / MIB) * MIB);
const partCountOf = (row: Pick<UploadRow, 'size' | 'partSize'>) => Math.max(1, Math.ceil(Number(row.size) / row.partSize));
/** The exact size part `partNumber` must have. */
export const expectedPartSize = (row: Pick<UploadRow, 'size' | 'partSize'>, partNumber: number) => {
  const count = partCountOf(row);
  return partNumber < count ? row.partSize : Number(row.size) - (count - 1) * row.partSize;
};

const formatBytes = (bytes: number) => (bytes >= 1024 ** 3 ? `${Math.round((bytes / 1024 ** 3) * 10) / 10} GiB` : `${Math.round(bytes / MIB)} MiB`);

/** A storage key segment from a person's file name: lower-case letters, digits, dots and dashes. */
const safeName = (filename: string) => {
  const extension = path.extname(filename).toLowerCase();
  const stem = path
    .basename(filename, path.extname(filename))
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${stem || 'master'}${extension}`;
};

const sameEtag = (a: string, b: string) => a.replace(/"/g, '') === b.replace(/"/g, '');

/**
 * Multipart uploads of masters from the admin. S3: the browser sends each part to a presigned
 * UploadPart URL and the bucket keeps them. Local: the browser sends each part to a signed URL of
 * this server, which streams it to a staging folder. Either way the parts stay where they are
 * until the upload completes, so an interrupted upload resumes with the parts it already sent.
 */
const uploads = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.config.get('plugin::video-masters') as VideoMastersConfig;
  const storage = () => getService(strapi, 'storage');
  const query = () => strapi.db.query(UPLOAD);
  const partSubject = (uploadId: string, partNumber: number) => `${uploadId}.${partNumber}`;

  /** Refuses staff who may not edit the asset (its Content Manager rights, conditions included). */
  const assertMayEdit = async (staff: Staff, documentId: string, locale?: string | null) => {
    if (!strapi.contentTypes[ASSET as keyof typeof strapi.contentTypes]) {
      throw new errors.NotFoundError(`This app has no ${ASSET} content type, which masters are attached to.`);
    }
    const rows = (await strapi.db.query(ASSET).findMany({
      where: { documentId, publishedAt: null },
      populate: { createdBy: true },
    })) as { locale: string }[];
    if (rows.length === 0) throw new errors.NotFoundError('No video asset with this id.');
    const checker = (
      strapi.plugin('content-manager').service('permission-checker') as {
        create(options: { userAbility: unknown; model: string }): { cannot: { update(entity: unknown, field?: string): boolean } };
      }
    ).create({ userAbility: staff.ability, model: ASSET });
    const entity = rows.find((row) => row.locale === locale) ?? rows.find((row) => row.locale === 'en') ?? rows[0];
    if (checker.cannot.update(entity)) {
      // A PolicyError keeps its message through Strapi's router (a ForbiddenError becomes "Forbidden").
      throw new errors.PolicyError('You may not change the files of this video asset.');
    }
  };

  const find = async (uploadId: unknown): Promise<UploadRow> => {
    const row = typeof uploadId === 'string' && /^[0-9a-f-]{36}$/.test(uploadId) ? ((await query().findOne({ where: { uploadId } })) as UploadRow | null) : null;
    if (!row) throw new errors.NotFoundError('No upload with this id.');
    return row;
  };

  const findFor = async (staff: Staff, uploadId: unknown) => {
    const row = await find(uploadId);
    await assertMayEdit(staff, row.asset, row.locale);
    return row;
  };

  /** Moves the row from `from` to `data.status` only if it is still in `from`; whether it was. */
  const transition = async (uploadId: string, from: UploadStatus[], data: Partial<UploadRow>) => {
    const { count } = (await query().updateMany({ where: { uploadId, status: { $in: from } }, data })) as { count: number };
    return count === 1;
  };

  const assertUploading = (row: UploadRow) => {
    if (row.status === 'uploading') return;
    throw new errors.ApplicationError(
      row.status === 'aborted' ? 'This upload was cancelled. Start a new one.' : 'This upload is already complete.',
      { status: row.status }
    );
  };

  const assertPartNumber = (row: UploadRow, partNumber: number) => {
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > partCountOf(row)) {
      throw new errors.ValidationError(`Part numbers of this upload go from 1 to ${partCountOf(row)}.`);
    }
  };

  return {
    /** POST /video-masters/uploads: checks everything, then starts the multipart upload. */
    async create(staff: Staff, input: UploadRequest) {
      const { maxBytes } = config();
      if (typeof input.asset !== 'string' || !/^[a-z0-9]{10,64}$/.test(input.asset)) {
        throw new errors.ValidationError('Say which video asset the file belongs to: "asset" is its documentId.');
      }
      if (typeof input.kind !== 'string' || !(KINDS as readonly string[]).includes(input.kind)) {
        throw new errors.ValidationError(`"kind" must be one of: ${KINDS.join(', ')}.`);
      }
      if (typeof input.filename !== 'string' || !input.filename.trim() || input.filename.length > 255) {
        throw new errors.ValidationError('"filename" is the name of the file, up to 255 characters.');
      }
      if (!Number.isSafeInteger(input.size) || (input.size as number) <= 0) {
        throw new errors.ValidationError('"size" is the size of the file in bytes; an empty file cannot be a master.');
      }
      const size = input.size as number;
      if (size > maxBytes) {
        throw new errors.ValidationError(`This file is ${formatBytes(size)}; files may be at most ${formatBytes(maxBytes)}.`, {
          maxBytes,
        });
      }
      const extension = path.extname(input.filename).toLowerCase();
      const contentType = typeof input.contentType === 'string' ? input.contentType.trim().toLowerCase() : '';
      const types = FILE_TYPES[extension];
      if (!types || !(UNKNOWN_TYPES.has(contentType) || types.includes(contentType))) {
        throw new errors.ValidationError(
          `This type of file cannot be uploaded here. Accepted: ${Object.keys(FILE_TYPES).join(', ')} (MXF, QuickTime, MP4, Matroska, AVCHD, WAV).`,
          { allowed: Object.keys(FILE_TYPES) }
        );
      }
      const locale = typeof input.locale === 'string' && /^[a-z]{2}(-[A-Z]{2})?$/.test(input.locale) ? input.locale : null;
      await assertMayEdit(staff, input.asset, locale);

      const uploadId = crypto.randomUUID();
      const storageKey = `masters/${input.asset}/${uploadId}/${safeName(input.filename)}`;
      const storedType = types.includes(contentType) ? contentType : types[0];
      const multipartId = await storage().startMultipart(storageKey, storedType);
      const partSize = partSizeFor(size);
      await query().create({
        data: {
          uploadId,
          asset: input.asset,
          locale,
          kind: input.kind,
          filename: input.filename.trim(),
          contentType: storedType,
          size: String(size),
          partSize,
          storage: storage().usesS3() ? 's3' : 'local',
          storageKey,
          multipartId,
          status: 'uploading',
          staffId: staff.id,
        },
      });
      return { uploadId, partSize, storage: storage().usesS3() ? ('s3' as const) : ('local' as const) };
    },

    /** GET /video-masters/uploads/:uploadId: where the upload stands and the parts already stored. */
    async status(staff: Staff, uploadId: unknown) {
      const row = await findFor(staff, uploadId);
      const parts = row.status === 'uploading' ? await storage().listParts(row.uploadId, row.storageKey, row.multipartId) : [];
      return {
        uploadId: row.uploadId,
        status: row.status,
        reason: row.reason,
        asset: row.asset,
        kind: row.kind,
        filename: row.filename,
        size: Number(row.size),
        partSize: row.partSize,
        storage: row.storage,
        parts,
      };
    },

    /** GET /video-masters/uploads?asset=: the asset's latest uploads, for the edit-view panel. */
    async recent(staff: Staff, asset: unknown) {
      if (typeof asset !== 'string' || !/^[a-z0-9]{10,64}$/.test(asset)) throw new errors.ValidationError('"asset" is a documentId.');
      await assertMayEdit(staff, asset);
      const rows = (await query().findMany({ where: { asset }, orderBy: { id: 'desc' }, limit: 10 })) as UploadRow[];
      return rows.map((row) => ({
        uploadId: row.uploadId,
        kind: row.kind,
        filename: row.filename,
        size: Number(row.size),
        status: row.status,
        reason: row.reason,
        createdAt: row.createdAt,
        completedAt: row.completedAt,
      }));
    },

    /**
     * POST …/parts/:partNumber: where the browser sends the part (an S3 or a local signed URL).
     * Asked once per part (6,400 times for 50 GiB): the staff member who started the upload had
     * their rights checked then, and has them checked again at completion; anyone else, now.
     */
    async partUrl(staff: Staff, uploadId: unknown, partNumber: number) {
      const row = await find(uploadId);
      if (row.staffId !== staff.id) await assertMayEdit(staff, row.asset, row.locale);
      assertUploading(row);
      assertPartNumber(row, partNumber);
      const expectedSize = expectedPartSize(row, partNumber);
      if (row.storage === 's3') {
        return { url: await storage().presignPart(row.storageKey, row.multipartId as string, partNumber, PART_URL_SECONDS), size: expectedSize };
      }
      const { query } = getService(strapi, 'links').signedQuery('video-masters part urls', partSubject(row.uploadId, partNumber), PART_URL_SECONDS);
      const base = String(strapi.config.get('server.absoluteUrl'));
      return { url: `${base}/video-masters/uploads/${row.uploadId}/parts/${partNumber}?${query}`, size: expectedSize };
    },

    /**
     * PUT …/parts/:partNumber?expires=&signature= (local storage): streams the part to disk. The
     * signed URL is the credential, as an S3 presigned URL would be.
     */
    async writePart(uploadId: string, partNumber: number, signed: { expires?: unknown; signature?: unknown }, declaredLength: number | null, body: Readable) {
      if (!getService(strapi, 'links').verifySigned('video-masters part urls', partSubject(uploadId, partNumber), signed.expires, signed.signature)) {
        throw new errors.PolicyError('This part URL has expired or is not valid. Ask for a new one.');
      }
      const row = await find(uploadId);
      assertUploading(row);
      if (row.storage !== 'local') throw new errors.ValidationError('This upload sends its parts to the bucket, not here.');
      assertPartNumber(row, partNumber);
      const size = expectedPartSize(row, partNumber);
      if (declaredLength !== null && declaredLength !== size) {
        throw new errors.ValidationError(`Part ${partNumber} must be exactly ${size} bytes; this one is ${declaredLength}.`);
      }
      let part: StoredPart;
      try {
        part = await storage().writePart(row.uploadId, partNumber, size, body);
      } catch (error) {
        if (error instanceof PartSizeError) throw new errors.ValidationError(error.message);
        // Cancelled while this part was on its way: its folder is gone.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new errors.ApplicationError('This upload was cancelled. Start a new one.');
        throw error;
      }
      // Cancelled meanwhile: a part that arrived late leaves nothing behind.
      const now = await find(row.uploadId);
      if (now.status === 'aborted') {
        await storage().abortMultipart(row.uploadId, row.storageKey, row.multipartId);
        throw new errors.ApplicationError('This upload was cancelled. Start a new one.');
      }
      return part;
    },

    /**
     * POST …/complete: checks the parts against what storage holds, joins them, checks the size,
     * then puts the file on the asset (status "processing") and starts probing it.
     */
    async complete(staff: Staff, uploadId: unknown, input: { parts?: unknown; checksum?: unknown }) {
      const row = await findFor(staff, uploadId);
      const given = Array.isArray(input.parts) ? (input.parts as { partNumber?: unknown; etag?: unknown }[]) : null;
      if (!given || given.some((part) => !Number.isInteger(part?.partNumber) || typeof part?.etag !== 'string')) {
        throw new errors.ValidationError('"parts" lists every part as {partNumber, etag}.');
      }
      const checksum = input.checksum === undefined || input.checksum === null ? null : String(input.checksum).toLowerCase();
      if (checksum !== null && !/^sha256:[0-9a-f]{64}$/.test(checksum)) {
        throw new errors.ValidationError('"checksum", when given, is "sha256:" and 64 hexadecimal digits.');
      }
      assertUploading(row);
      if (!(await transition(row.uploadId, ['uploading'], { status: 'completing' }))) {
        throw new errors.ApplicationError('This upload is already being completed.');
      }
      const size = Number(row.size);
      let stored: StoredPart[];
      try {
        stored = await storage().listParts(row.uploadId, row.storageKey, row.multipartId);
        const count = partCountOf(row);
        const missing: number[] = [];
        for (let number = 1; number <= count; number += 1) {
          const part = stored.find((item) => item.partNumber === number);
          const claimed = given.find((item) => item.partNumber === number);
          if (!part || !claimed || !sameEtag(part.etag, String(claimed.etag)) || part.size !== expectedPartSize(row, number)) missing.push(number);
        }
        if (missing.length > 0 || given.length !== count) {
          throw new errors.ValidationError(
            `Parts ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? '…' : ''} are missing or differ from what was stored; send them again.`,
            { missing: missing.slice(0, 100) }
          );
        }
        stored = stored.filter((part) => part.partNumber <= count);
      } catch (error) {
        await transition(row.uploadId, ['completing'], { status: 'uploading' });
        throw error;
      }

      let joinedChecksum: string | null;
      try {
        joinedChecksum = await storage().completeMultipart(row.uploadId, row.storageKey, row.multipartId, stored);
      } catch (error) {
        // Nothing was joined: the parts are still there, and the browser may try again.
        await transition(row.uploadId, ['completing'], { status: 'uploading' });
        throw error;
      }
      const storedSize = await storage().sizeOf(row.storageKey);
      if (storedSize !== size) {
        await storage().remove(row.storageKey);
        const reason = `The stored file is ${storedSize ?? 0} bytes, not the ${size} announced.`;
        await transition(row.uploadId, ['completing'], { status: 'failed', reason });
        throw new errors.ValidationError(`${reason} Upload it again.`);
      }

      let replaced: string[];
      try {
        replaced = await getService(strapi, 'assets').replaceRendition(row.asset, {
          kind: row.kind,
          label: row.filename.slice(0, 120),
          container: path.extname(row.filename).slice(1).toLowerCase(),
          sizeBytes: String(size),
          storageKey: row.storageKey,
          status: 'processing',
          statusReason: null,
        });
      } catch (error) {
        // The asset keeps its former file; the joined one is not left behind unreferenced.
        await storage().remove(row.storageKey);
        await transition(row.uploadId, ['completing'], { status: 'failed', reason: 'The file could not be recorded on the video asset. Upload it again.' });
        throw error;
      }
      await transition(row.uploadId, ['completing'], {
        status: 'processing',
        clientChecksum: checksum,
        // Known already when joining the parts read every byte (local storage).
        checksum: joinedChecksum,
        completedAt: new Date(),
        leaseUntil: new Date(Date.now() + PROCESSING_LEASE_MS),
      });
      for (const old of replaced) {
        await storage()
          .remove(old)
          .catch((error: Error) => strapi.log.warn(`[video-masters] could not remove a replaced file: ${error.message}`));
      }
      // Probing reads the whole file; the answer does not wait for it. A process that dies meanwhile
      // leaves the lease to expire, and the cron job of another process takes the upload over.
      setImmediate(() => {
        getService(strapi, 'processing')
          .process(row.uploadId)
          .catch((error: Error) => strapi.log.error(`[video-masters] processing of upload ${row.uploadId} failed: ${error.message}`));
      });
      return { asset: row.asset, rendition: row.kind, sizeBytes: size, status: 'processing' as const };
    },

    /** DELETE /video-masters/uploads/:uploadId: cancels the upload and removes its parts. */
    async abort(staff: Staff, uploadId: unknown) {
      const row = await findFor(staff, uploadId);
      if (row.status === 'aborted') return;
      if (!(await transition(row.uploadId, ['uploading'], { status: 'aborted', reason: 'Cancelled.' }))) {
        // Cancelled by a request that came at the same moment (the browser's and Uppy's): done.
        const now = await find(row.uploadId);
        if (now.status === 'aborted') return;
        throw new errors.ApplicationError('This upload is complete; it can no longer be cancelled.', { status: now.status });
      }
      await storage().abortMultipart(row.uploadId, row.storageKey, row.multipartId);
    },

    /**
     * Cron: aborts uploads left unfinished for `staleUploadHours`, and removes multipart uploads
     * and staging folders no upload row owns (a process that died between starting one and
     * writing its row). Answers how many it removed.
     */
    async cleanStale(now = new Date(Date.now())): Promise<number> {
      const before = new Date(now.getTime() - config().staleUploadHours * 3600 * 1000);
      let removed = 0;
      const stale = (await query().findMany({ where: { status: 'uploading', createdAt: { $lt: before } }, limit: 500 })) as UploadRow[];
      for (const row of stale) {
        if (!(await transition(row.uploadId, ['uploading'], { status: 'aborted', reason: 'Left unfinished; its parts were removed.' }))) continue;
        await storage().abortMultipart(row.uploadId, row.storageKey, row.multipartId);
        removed += 1;
      }
      // Parts no open upload owns (a process died between starting one and writing its row, or a
      // late part arrived after a cancel), once as old: a row may still be on its way.
      for (const pending of await storage().pendingMultiparts('masters/')) {
        if (pending.startedAt >= before) continue;
        const owner = pending.multipartId ? { multipartId: pending.multipartId } : { uploadId: pending.uploadId };
        if ((await query().count({ where: { ...owner, status: { $in: ['uploading', 'completing'] } } })) > 0) continue;
        await storage().abortMultipart(pending.uploadId, pending.key, pending.multipartId);
        removed += 1;
      }
      return removed;
    },

    /** Uploads by stage, for metrics: being sent or joined, and waiting for or under probing. */
    async activity(): Promise<{ uploading: number; completing: number; processing: number }> {
      const [uploading, completing, processing] = await Promise.all(
        (['uploading', 'completing', 'processing'] as const).map((status) => query().count({ where: { status } }))
      );
      return { uploading, completing, processing };
    },

    /** The upload row, for processing. */
    find,
    transition,
    leaseMs: PROCESSING_LEASE_MS,
  };
};

export type UploadsService = ReturnType<typeof uploads>;
export default uploads;
