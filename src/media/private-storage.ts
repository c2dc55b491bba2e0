import fs from 'node:fs';
import path from 'node:path';
import { PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { Core } from '@strapi/strapi';

export interface PrivateMediaConfig {
  bucket?: string;
  dir: string;
  s3: S3ClientConfig;
}

/** Storage keys are relative paths of plain segments; anything else could escape the folder. */
const assertKey = (key: string) => {
  if (!/^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/i.test(key)) {
    throw new Error(`Invalid private storage key: ${key}`);
  }
};

/**
 * Broadcast masters are never public: they live in the private bucket (S3_PRIVATE_BUCKET) or in a
 * folder outside `public/`, and leave the server only through signed download links.
 */
export const createPrivateStorage = (config: PrivateMediaConfig) => {
  const client = config.bucket ? new S3Client(config.s3) : undefined;

  return {
    /** Stores the file at `key`, replacing what was there. */
    async put(key: string, filePath: string, contentType: string): Promise<void> {
      assertKey(key);
      if (client) {
        await client.send(
          new PutObjectCommand({
            Bucket: config.bucket,
            Key: key,
            Body: fs.createReadStream(filePath),
            ContentType: contentType,
            ContentLength: (await fs.promises.stat(filePath)).size,
          })
        );
        return;
      }
      const target = path.join(config.dir, key);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await fs.promises.copyFile(filePath, target);
    },
  };
};

export type PrivateStorage = ReturnType<typeof createPrivateStorage>;

export const privateStorageOf = (strapi: Core.Strapi): PrivateStorage =>
  createPrivateStorage(strapi.config.get('private-media') as PrivateMediaConfig);
