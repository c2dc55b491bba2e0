import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

export const MEDIA_BUCKET = 'newsreel-media';
export const PRIVATE_BUCKET = 'newsreel-private';

export interface S3Sink {
  readonly endpoint: string;
  /** S3_* variables that point Strapi's public and private media here. */
  env(): Record<string, string>;
  keys(bucket: string): Promise<string[]>;
  /** Multipart uploads s3rver still holds parts of in `bucket` (read from its own store). */
  pendingUploads(bucket: string): string[];
  /** Makes a multipart upload look started at `date` (ListMultipartUploads' Initiated). */
  backdateUpload(bucket: string, uploadId: string, date: Date): void;
  get(bucket: string, key: string): Promise<Buffer>;
  close(): Promise<void>;
}

/** s3rver keeps the parts of unfinished multipart uploads here (`<dir>/<bucket>/._S3rver_uploads/<id>/`). */
const uploadsDir = (directory: string, bucket: string) => path.join(directory, bucket, '._S3rver_uploads');

interface KoaLike {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  status: number;
  body: unknown;
}

/**
 * s3rver 3.7 (and its fork @20minutes/s3rver 5) implements multipart uploads except three calls:
 * ListParts, AbortMultipartUpload and ListMultipartUploads. These answer them from s3rver's own
 * store, in S3's XML (s3rver encodes the object bodies), so the app talks to it as to S3.
 */
const multipartListing = (directory: string) => async (ctx: KoaLike, next: () => Promise<void>) => {
  const [, bucket, ...rest] = ctx.path.split('/');
  const key = decodeURIComponent(rest.join('/'));
  const uploadId = typeof ctx.query.uploadId === 'string' ? ctx.query.uploadId : undefined;
  const noSuchUpload = () => {
    ctx.status = 404;
    ctx.body = { Error: { Code: 'NoSuchUpload', Message: 'The specified upload does not exist.', UploadId: uploadId } };
  };
  if (bucket && key && uploadId && (ctx.method === 'GET' || ctx.method === 'DELETE')) {
    const folder = path.join(uploadsDir(directory, bucket), path.basename(uploadId));
    if (!fs.existsSync(folder)) return noSuchUpload();
    if (ctx.method === 'DELETE') {
      fs.rmSync(folder, { recursive: true, force: true });
      ctx.status = 204;
      ctx.body = null;
      return;
    }
    const parts = fs
      .readdirSync(folder)
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .sort((a, b) => a - b)
      .map((number) => {
        const file = path.join(folder, String(number));
        return {
          PartNumber: number,
          ETag: `"${fs.readFileSync(`${file}.md5`, 'utf8')}"`,
          Size: fs.statSync(file).size,
          LastModified: fs.statSync(file).mtime.toISOString(),
        };
      });
    ctx.status = 200;
    ctx.body = { ListPartsResult: { Bucket: bucket, Key: key, UploadId: uploadId, IsTruncated: false, Part: parts } };
    return;
  }
  if (bucket && !key && ctx.method === 'GET' && 'uploads' in ctx.query) {
    const root = uploadsDir(directory, bucket);
    const prefix = typeof ctx.query.prefix === 'string' ? ctx.query.prefix : '';
    const uploads = (fs.existsSync(root) ? fs.readdirSync(root) : [])
      .map((id) => ({ id, key: fs.readFileSync(path.join(root, id, 'key'), 'utf8'), at: fs.statSync(path.join(root, id, 'key')).mtime }))
      .filter((upload) => upload.key.startsWith(prefix))
      .map((upload) => ({ Key: upload.key, UploadId: upload.id, Initiated: upload.at.toISOString() }));
    ctx.status = 200;
    ctx.body = { ListMultipartUploadsResult: { Bucket: bucket, Prefix: prefix, IsTruncated: false, Upload: uploads } };
    return;
  }
  await next();
};

/** An S3-compatible server (s3rver) on loopback, with the media and the private bucket. */
export const startS3Sink = async (): Promise<S3Sink> => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'newsreel-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [
      { name: MEDIA_BUCKET, configs: [] },
      { name: PRIVATE_BUCKET, configs: [] },
    ],
  });
  // Before s3rver's router, which is its last middleware.
  const stack = (server as unknown as { middleware: unknown[] }).middleware;
  stack.splice(stack.length - 1, 0, multipartListing(directory));
  const { port } = (await server.run()) as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });

  return {
    endpoint,
    env: () => ({
      S3_BUCKET: MEDIA_BUCKET,
      S3_PRIVATE_BUCKET: PRIVATE_BUCKET,
      S3_ENDPOINT: endpoint,
      S3_REGION: 'us-east-1',
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    }),
    async keys(bucket) {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
      return (listed.Contents ?? []).map((object) => object.Key as string);
    },
    pendingUploads(bucket) {
      const root = uploadsDir(directory, bucket);
      return fs.existsSync(root) ? fs.readdirSync(root) : [];
    },
    backdateUpload(bucket, uploadId, date) {
      fs.utimesSync(path.join(uploadsDir(directory, bucket), uploadId, 'key'), date, date);
    },
    async get(bucket, key) {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return Buffer.from(await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
    },
    async close() {
      client.destroy();
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
};
