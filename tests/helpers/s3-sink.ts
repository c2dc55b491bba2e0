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
  get(bucket: string, key: string): Promise<Buffer>;
  close(): Promise<void>;
}

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
