import fs from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Core } from '@strapi/strapi';

/** The app's `config/private-media.ts`: the private bucket (S3_PRIVATE_BUCKET) or a local folder. */
interface PrivateMediaConfig {
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
 * Where broadcast masters live. They are never public: they sit in the private bucket or in a
 * folder outside `public/`, and leave the server only through signed download links.
 */
const storage = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.config.get('private-media') as PrivateMediaConfig;
  let client: S3Client | undefined;
  const s3 = () => {
    client ??= new S3Client(config().s3);
    return client;
  };

  return {
    /** Whether masters are in S3 (else in the local folder). */
    usesS3: () => Boolean(config().bucket),

    /** Stores the file at `key`, replacing what was there. */
    async put(key: string, filePath: string, contentType: string): Promise<void> {
      assertKey(key);
      const { bucket, dir } = config();
      if (bucket) {
        await s3().send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: fs.createReadStream(filePath),
            ContentType: contentType,
            ContentLength: (await fs.promises.stat(filePath)).size,
          })
        );
        return;
      }
      const target = path.join(dir, key);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await fs.promises.copyFile(filePath, target);
    },

    /** S3: a presigned GET of `key`, answered with `contentDisposition`, valid `seconds`. */
    async presignGet(key: string, contentDisposition: string, seconds: number): Promise<string> {
      assertKey(key);
      const command = new GetObjectCommand({ Bucket: config().bucket, Key: key, ResponseContentDisposition: contentDisposition });
      return getSignedUrl(s3(), command, { expiresIn: seconds });
    },

    /** Local storage: the folder and the relative path of `key`, for streaming. */
    localFile(key: string): { root: string; relative: string } {
      assertKey(key);
      return { root: path.resolve(config().dir), relative: key };
    },
  };
};

export type StorageService = ReturnType<typeof storage>;
export default storage;
