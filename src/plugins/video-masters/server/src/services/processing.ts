import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { toComponents, UnreadableMediaError, type MediaFacts } from './probe';
import type { UploadRow } from './uploads';

const UPLOAD = 'plugin::video-masters.upload';
/** How long ffprobe and ffmpeg may read a master over a presigned URL. */
const READ_URL_SECONDS = 3600;

/**
 * What follows a completed upload, in the background: the SHA-256 of the stored bytes (checked
 * against the browser's when it sent one), ffprobe's metadata into the rendition and, for a
 * master, into the asset; a poster frame for an asset without one. A file ffprobe cannot read
 * leaves the rendition "failed" with the reason.
 */
const processing = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(UPLOAD);
  const uploads = () => getService(strapi, 'uploads');
  const storage = () => getService(strapi, 'storage');
  const assets = () => getService(strapi, 'assets');

  const sha256Of = async (key: string) => {
    const hash = crypto.createHash('sha256');
    for await (const chunk of await storage().read(key)) hash.update(chunk as Buffer);
    return `sha256:${hash.digest('hex')}`;
  };

  /** Where ffprobe and ffmpeg read the file: its path, or a presigned GET of the private bucket. */
  const inputOf = async (row: UploadRow) => {
    if (row.storage === 's3') return storage().presignGet(row.storageKey, undefined, READ_URL_SECONDS);
    const { root, relative } = storage().localFile(row.storageKey);
    return path.join(root, relative);
  };

  const fail = async (row: UploadRow, reason: string) => {
    await assets().updateRendition(row.storageKey, { status: 'failed', statusReason: reason.slice(0, 500) });
    await uploads().transition(row.uploadId, ['processing'], { status: 'failed', reason: reason.slice(0, 500), leaseUntil: null });
    strapi.log.warn(`[video-masters] upload ${row.uploadId} (${row.kind} of asset ${row.asset}) failed: ${reason}`);
  };

  const makePoster = async (row: UploadRow, input: string, facts: MediaFacts) => {
    if (!facts.width || (await assets().hasPoster(row.asset))) return;
    const folder = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'newsreel-poster-'));
    try {
      const target = path.join(folder, `${path.basename(row.storageKey, path.extname(row.storageKey))}-poster.jpg`);
      await getService(strapi, 'probe').poster(input, Math.min(1, (facts.durationSeconds ?? 0) / 3), target);
      const title = await assets().titleOf(row.asset, row.locale ?? undefined);
      const [file] = (await strapi
        .plugin('upload')
        .service('upload')
        .upload({
          data: { fileInfo: { name: path.basename(target), alternativeText: title, caption: title } },
          files: { filepath: target, originalFilename: path.basename(target), mimetype: 'image/jpeg', size: (await fs.promises.stat(target)).size },
        })) as { id: number }[];
      await assets().setPoster(row.asset, file.id);
    } finally {
      await fs.promises.rm(folder, { recursive: true, force: true });
    }
  };

  // Uploads this process is probing now, and whether it is stopping.
  const inHand = new Map<string, Promise<void>>();
  let stopped = false;

  /** Lets another process take these uploads at its next round, rather than when their lease ends. */
  const handBack = async (uploadIds: string[]) => {
    if (uploadIds.length === 0) return;
    await query().updateMany({
      where: { uploadId: { $in: uploadIds }, status: 'processing' },
      data: { leaseUntil: new Date(Date.now() - 1000) },
    });
    strapi.log.info(`[video-masters] handed back ${uploadIds.length} upload(s) to probe to the other processes`);
  };

  /** Probes a completed upload; the caller holds its lease. */
  const run = async (uploadId: string): Promise<void> => {
    const row = await uploads().find(uploadId);
    if (row.status !== 'processing') return;
    const checksum = row.checksum ?? (await sha256Of(row.storageKey));
    if (row.clientChecksum && row.clientChecksum !== checksum) {
      await fail(row, 'The stored file differs from the one sent (its SHA-256 does not match the browser’s). Upload it again.');
      return;
    }
    const input = await inputOf(row);
    let facts: MediaFacts;
    try {
      facts = await getService(strapi, 'probe').facts(input, path.extname(row.storageKey));
    } catch (error) {
      if (!(error instanceof UnreadableMediaError)) throw error;
      await assets().updateRendition(row.storageKey, { checksum });
      await fail(row, error.message);
      return;
    }
    const { rendition, technical } = toComponents(facts, row.kind, String(row.size));
    await assets().updateRendition(row.storageKey, { ...rendition, checksum, status: 'ready', statusReason: null });
    if (row.kind === 'broadcast-master') await assets().setTechnical(row.asset, technical);
    await makePoster(row, input, facts).catch((error: Error) =>
      strapi.log.warn(`[video-masters] no poster for asset ${row.asset}: ${error.message}`)
    );
    await uploads().transition(row.uploadId, ['processing'], { status: 'ready', checksum, leaseUntil: null });
    strapi.log.info(`[video-masters] ${row.kind} of asset ${row.asset} is ready (${facts.container}, ${facts.codecs})`);
  };

  return {
    /** Probes a completed upload; the caller holds its lease. A stopping process hands it back. */
    async process(uploadId: string): Promise<void> {
      if (stopped) return handBack([uploadId]);
      const work = run(uploadId).finally(() => inHand.delete(uploadId));
      inHand.set(uploadId, work);
      return work;
    },

    /**
     * Stops taking uploads to probe, waits up to `handBackAfterMs` for those under way, and hands
     * back the ones still running then.
     */
    async stop(handBackAfterMs = 0): Promise<void> {
      stopped = true;
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, handBackAfterMs);
      });
      await Promise.race([Promise.allSettled(inHand.values()), waited]);
      clearTimeout(timer);
      await handBack([...inHand.keys()]);
    },

    /**
     * Cron: takes over uploads whose processing lease expired (their process died), one at a
     * time; a conditional UPDATE on the old lease lets exactly one process take each.
     */
    async resumeExpired(): Promise<number> {
      if (stopped) return 0;
      const now = new Date(Date.now());
      const rows = (await query().findMany({
        where: { status: 'processing', leaseUntil: { $lt: now } },
        limit: 10,
      })) as UploadRow[];
      let taken = 0;
      for (const row of rows) {
        const { count } = (await query().updateMany({
          where: { uploadId: row.uploadId, status: 'processing', leaseUntil: row.leaseUntil },
          data: { leaseUntil: new Date(now.getTime() + uploads().leaseMs) },
        })) as { count: number };
        if (count !== 1) continue;
        taken += 1;
        await this.process(row.uploadId).catch((error: Error) =>
          strapi.log.error(`[video-masters] processing of upload ${row.uploadId} failed: ${error.message}`)
        );
      }
      return taken;
    },
  };
};

export type ProcessingService = ReturnType<typeof processing>;
export default processing;
