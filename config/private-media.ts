import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { s3ClientOptions } from '../src/media/upload-provider';

const appRoot = path.resolve(__dirname, '..', '..');

/** Where broadcast masters live: a private S3 bucket, or a folder outside `public/`. */
export default ({ env }: Core.Config.Shared.ConfigParams) => ({
  bucket: env('S3_PRIVATE_BUCKET') || undefined,
  dir: path.resolve(appRoot, env('PRIVATE_MEDIA_DIR', '.tmp/private-media')),
  s3: s3ClientOptions(env),
});
