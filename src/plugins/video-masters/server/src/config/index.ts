import type { S3ClientConfig } from '@aws-sdk/client-s3';

/** Where broadcast masters live: a private S3 bucket, or a folder outside `public/`. */
export interface StorageConfig {
  /** The private bucket; unset: the local folder. */
  bucket?: string;
  /** The local folder (absolute, or relative to the app's root). */
  dir: string;
  /** Options of the S3 client (region, endpoint, credentials) when `bucket` is set. */
  s3?: S3ClientConfig;
}

export interface VideoMastersConfig {
  /** How long a download link works, in seconds (DOWNLOAD_URL_TTL_SECONDS). */
  urlTtlSeconds: number;
  /** Download links one account may be given per 24 hours (DOWNLOADS_PER_DAY). */
  perDay: number;
  /** The largest file staff may upload, in bytes (MASTER_MAX_BYTES). */
  maxBytes: number;
  /** Unfinished uploads older than this are aborted and their parts removed (MASTER_UPLOAD_STALE_HOURS). */
  staleUploadHours: number;
  /** Where masters are stored; default a local folder `.tmp/private-media` of the app. */
  storage: StorageConfig;
}

const GIB = 1024 ** 3;
const isPositiveInteger = (value: unknown) => Number.isSafeInteger(value) && (value as number) > 0;

export default {
  default: { urlTtlSeconds: 600, perDay: 20, maxBytes: 50 * GIB, staleUploadHours: 48, storage: { dir: '.tmp/private-media' } } satisfies VideoMastersConfig,
  validator(config: VideoMastersConfig) {
    if (!isPositiveInteger(config.urlTtlSeconds) || config.urlTtlSeconds > 7 * 24 * 3600) {
      throw new Error('video-masters: urlTtlSeconds (DOWNLOAD_URL_TTL_SECONDS) must be a whole number of seconds, at most 7 days');
    }
    if (!isPositiveInteger(config.perDay)) {
      throw new Error('video-masters: perDay (DOWNLOADS_PER_DAY) must be a whole number above 0');
    }
    // S3 takes at most 10,000 parts of at most 5 GiB each.
    if (!isPositiveInteger(config.maxBytes) || config.maxBytes > 10_000 * 5 * GIB) {
      throw new Error('video-masters: maxBytes (MASTER_MAX_BYTES) must be a whole number of bytes above 0, at most 48.8 TiB');
    }
    if (!isPositiveInteger(config.staleUploadHours)) {
      throw new Error('video-masters: staleUploadHours (MASTER_UPLOAD_STALE_HOURS) must be a whole number of hours above 0');
    }
    const storage = config.storage as Partial<StorageConfig> | undefined;
    if (!storage || typeof storage.dir !== 'string' || storage.dir === '') {
      throw new Error('video-masters: storage.dir must name the folder where masters are kept when no bucket is set');
    }
    if (storage.bucket !== undefined && (typeof storage.bucket !== 'string' || storage.bucket === '')) {
      throw new Error('video-masters: storage.bucket must be the name of a private bucket, or be left out');
    }
  },
};
