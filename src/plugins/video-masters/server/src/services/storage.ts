import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Core } from '@strapi/strapi';

import type { VideoMastersConfig } from '../config';

/** One stored part of a multipart upload. */
export interface StoredPart {
  partNumber: number;
  etag: string;
  size: number;
}

/** An unfinished multipart upload storage still holds parts of, for the cleanup of stale ones. */
export interface PendingMultipart {
  /** S3: the object key and S3's upload id. */
  key: string;
  multipartId: string | null;
  /** Local: our upload id, the name of its staging folder. */
  uploadId: string;
  /** S3: when it was started; local: when a part last arrived. */
  startedAt: Date;
}

/** Raised when a part's body is longer or shorter than the part it claims to be. */
export class PartSizeError extends Error {}

/** Storage keys are relative paths of plain segments; anything else could escape the folder. */
const assertKey = (key: string) => {
  if (!/^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/i.test(key)) {
    throw new Error(`Invalid private storage key: ${key}`);
  }
};

/** Local parts wait in this folder of the private folder until the upload completes. */
const STAGING = 'uploads-in-progress';
const MIB = 1024 * 1024;
const PART_FILE = /^(\d{1,5})-([0-9a-f]{32})\.part$/;

/** Fails the stream as soon as more than `limit` bytes went through; counts and MD5-hashes them. */
const meter = (limit: number) => {
  const md5 = crypto.createHash('md5');
  let bytes = 0;
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > limit) return callback(new PartSizeError(`The part is larger than the ${limit} bytes expected.`));
      md5.update(chunk);
      callback(null, chunk);
    },
  });
  return { transform, bytes: () => bytes, etag: () => md5.digest('hex') };
};

/**
 * Where broadcast masters live. They are never public: they sit in the private bucket or in a
 * folder outside `public/`, and leave the server only through signed download links.
 */
const storage = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => (strapi.config.get('plugin::video-masters') as VideoMastersConfig).storage;
  let client: S3Client | undefined;
  const s3 = () => {
    client ??= new S3Client(config().s3 ?? {});
    return client;
  };
  const bucket = () => config().bucket as string;
  /** The local folder, relative paths taken from the app's root. */
  const root = () => path.resolve(strapi.dirs.app.root, config().dir);
  const localPath = (key: string) => {
    assertKey(key);
    return path.join(root(), key);
  };
  const stagingDir = (uploadId: string) => {
    if (!/^[0-9a-f-]{36}$/.test(uploadId)) throw new Error('Invalid upload id');
    return path.join(root(), STAGING, uploadId);
  };

  return {
    /** Whether masters are in S3 (else in the local folder). */
    usesS3: () => Boolean(config().bucket),

    /** Stores the file at `key`, replacing what was there. */
    async put(key: string, filePath: string, contentType: string): Promise<void> {
      assertKey(key);
      if (config().bucket) {
        await s3().send(
          new PutObjectCommand({
            Bucket: bucket(),
            Key: key,
            Body: fs.createReadStream(filePath),
            ContentType: contentType,
            ContentLength: (await fs.promises.stat(filePath)).size,
          })
        );
        return;
      }
      const target = localPath(key);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await fs.promises.copyFile(filePath, target);
    },

    /** S3: a presigned GET of `key`, answered with `contentDisposition` when given, valid `seconds`. */
    async presignGet(key: string, contentDisposition: string | undefined, seconds: number): Promise<string> {
      assertKey(key);
      const command = new GetObjectCommand({ Bucket: bucket(), Key: key, ResponseContentDisposition: contentDisposition });
      return getSignedUrl(s3(), command, { expiresIn: seconds });
    },

    /** Local storage: the folder and the relative path of `key`, for streaming. */
    localFile(key: string): { root: string; relative: string } {
      assertKey(key);
      return { root: root(), relative: key };
    },

    /** The stored bytes of `key`, as a stream. */
    async read(key: string): Promise<Readable> {
      if (!config().bucket) return fs.createReadStream(localPath(key));
      const answer = await s3().send(new GetObjectCommand({ Bucket: bucket(), Key: key }));
      return answer.Body as Readable;
    },

    /** The size of the object at `key`, or null when there is none. */
    async sizeOf(key: string): Promise<number | null> {
      try {
        if (!config().bucket) return (await fs.promises.stat(localPath(key))).size;
        return Number((await s3().send(new HeadObjectCommand({ Bucket: bucket(), Key: key }))).ContentLength);
      } catch (error) {
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' || status === 404) return null;
        throw error;
      }
    },

    /** Removes the object at `key` (nothing happens when it is already gone). */
    async remove(key: string): Promise<void> {
      if (config().bucket) {
        await s3().send(new DeleteObjectCommand({ Bucket: bucket(), Key: key }));
        return;
      }
      await fs.promises.rm(localPath(key), { force: true });
    },

    /* ---- multipart uploads: S3's own, or parts in a staging folder ---- */

    /** Starts a multipart upload of `key`; answers S3's upload id (local: none needed). */
    async startMultipart(key: string, contentType: string): Promise<string | null> {
      assertKey(key);
      if (!config().bucket) return null;
      const answer = await s3().send(new CreateMultipartUploadCommand({ Bucket: bucket(), Key: key, ContentType: contentType }));
      return answer.UploadId as string;
    },

    /** S3: a presigned UploadPart URL, valid `seconds`. */
    async presignPart(key: string, multipartId: string, partNumber: number, seconds: number): Promise<string> {
      assertKey(key);
      const command = new UploadPartCommand({ Bucket: bucket(), Key: key, UploadId: multipartId, PartNumber: partNumber });
      return getSignedUrl(s3(), command, { expiresIn: seconds });
    },

    /**
     * Local: streams one part from `body` into the staging folder of `uploadId`, never holding it
     * in memory. The part is written under a temporary name and renamed once complete, so a part
     * cut short is never listed. Fails (and keeps nothing) unless exactly `size` bytes arrive.
     */
    async writePart(uploadId: string, partNumber: number, size: number, body: Readable): Promise<StoredPart> {
      const dir = stagingDir(uploadId);
      await fs.promises.mkdir(dir, { recursive: true });
      const temporary = path.join(dir, `${partNumber}.${crypto.randomUUID()}.tmp`);
      const counter = meter(size);
      try {
        await pipeline(body, counter.transform, fs.createWriteStream(temporary));
        if (counter.bytes() !== size) throw new PartSizeError(`Part ${partNumber} should be ${size} bytes; ${counter.bytes()} arrived.`);
      } catch (error) {
        await fs.promises.rm(temporary, { force: true });
        throw error;
      }
      const etag = counter.etag();
      for (const name of await fs.promises.readdir(dir)) {
        if (name.startsWith(`${partNumber}-`)) await fs.promises.rm(path.join(dir, name), { force: true });
      }
      await fs.promises.rename(temporary, path.join(dir, `${partNumber}-${etag}.part`));
      return { partNumber, etag: `"${etag}"`, size };
    },

    /** The parts stored so far, by part number. */
    async listParts(uploadId: string, key: string, multipartId: string | null): Promise<StoredPart[]> {
      if (config().bucket) {
        const parts: StoredPart[] = [];
        let marker: string | undefined;
        do {
          const answer = await s3().send(
            new ListPartsCommand({ Bucket: bucket(), Key: key, UploadId: multipartId as string, PartNumberMarker: marker })
          );
          for (const part of answer.Parts ?? []) {
            parts.push({ partNumber: Number(part.PartNumber), etag: String(part.ETag), size: Number(part.Size) });
          }
          marker = answer.IsTruncated ? String(answer.NextPartNumberMarker) : undefined;
        } while (marker);
        return parts.sort((a, b) => a.partNumber - b.partNumber);
      }
      const dir = stagingDir(uploadId);
      const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
      const parts: StoredPart[] = [];
      for (const name of names) {
        const match = PART_FILE.exec(name);
        if (!match) continue;
        const { size } = await fs.promises.stat(path.join(dir, name));
        parts.push({ partNumber: Number(match[1]), etag: `"${match[2]}"`, size });
      }
      return parts.sort((a, b) => a.partNumber - b.partNumber);
    },

    /**
     * Joins the parts into the object at `key` (S3: CompleteMultipartUpload; local: one file).
     * Local storage reads every byte to join them, so it answers their SHA-256 as well; S3: null.
     */
    async completeMultipart(uploadId: string, key: string, multipartId: string | null, parts: StoredPart[]): Promise<string | null> {
      if (config().bucket) {
        await s3().send(
          new CompleteMultipartUploadCommand({
            Bucket: bucket(),
            Key: key,
            UploadId: multipartId as string,
            MultipartUpload: { Parts: parts.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag })) },
          })
        );
        return null;
      }
      const dir = stagingDir(uploadId);
      const target = localPath(key);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      const temporary = `${target}.${crypto.randomUUID()}.tmp`;
      const output = await fs.promises.open(temporary, 'w');
      const sha256 = crypto.createHash('sha256');
      try {
        // One part after the other, a megabyte at a time: the file is never held in memory.
        for (const part of parts) {
          const file = path.join(dir, `${part.partNumber}-${part.etag.replace(/"/g, '')}.part`);
          for await (const chunk of fs.createReadStream(file, { highWaterMark: MIB })) {
            sha256.update(chunk as Buffer);
            await output.write(chunk as Buffer);
          }
        }
        await output.close();
        await fs.promises.rename(temporary, target);
      } catch (error) {
        await output.close().catch(() => undefined);
        await fs.promises.rm(temporary, { force: true });
        throw error;
      }
      await fs.promises.rm(dir, { recursive: true, force: true });
      return `sha256:${sha256.digest('hex')}`;
    },

    /** Drops an unfinished upload and every part it stored. */
    async abortMultipart(uploadId: string, key: string, multipartId: string | null): Promise<void> {
      if (config().bucket) {
        if (!multipartId) return;
        try {
          await s3().send(new AbortMultipartUploadCommand({ Bucket: bucket(), Key: key, UploadId: multipartId }));
        } catch (error) {
          // Already completed or aborted: nothing is left to remove.
          if ((error as { name?: string }).name !== 'NoSuchUpload') throw error;
        }
        return;
      }
      await fs.promises.rm(stagingDir(uploadId), { recursive: true, force: true });
    },

    /** Unfinished uploads storage holds parts of: S3's under `prefix`, or the local staging folders. */
    async pendingMultiparts(prefix: string): Promise<PendingMultipart[]> {
      const found: PendingMultipart[] = [];
      if (!config().bucket) {
        const staging = path.join(root(), STAGING);
        for (const uploadId of await fs.promises.readdir(staging).catch(() => [] as string[])) {
          if (!/^[0-9a-f-]{36}$/.test(uploadId)) continue;
          const stat = await fs.promises.stat(path.join(staging, uploadId)).catch(() => null);
          if (stat) found.push({ key: '', multipartId: null, uploadId, startedAt: stat.mtime });
        }
        return found;
      }
      let keyMarker: string | undefined;
      let idMarker: string | undefined;
      do {
        const answer = await s3().send(
          new ListMultipartUploadsCommand({ Bucket: bucket(), Prefix: prefix, KeyMarker: keyMarker, UploadIdMarker: idMarker })
        );
        for (const upload of answer.Uploads ?? []) {
          found.push({ key: String(upload.Key), multipartId: String(upload.UploadId), uploadId: '', startedAt: new Date(upload.Initiated ?? 0) });
        }
        keyMarker = answer.IsTruncated ? answer.NextKeyMarker : undefined;
        idMarker = answer.IsTruncated ? answer.NextUploadIdMarker : undefined;
      } while (keyMarker);
      return found;
    },
  };
};

export type StorageService = ReturnType<typeof storage>;
export default storage;
