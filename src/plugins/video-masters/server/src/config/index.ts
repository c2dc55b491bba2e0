export interface VideoMastersConfig {
  /** How long a download link works, in seconds (DOWNLOAD_URL_TTL_SECONDS). */
  urlTtlSeconds: number;
  /** Download links one account may be given per 24 hours (DOWNLOADS_PER_DAY). */
  perDay: number;
  /** The largest file staff may upload, in bytes (MASTER_MAX_BYTES). */
  maxBytes: number;
  /** Unfinished uploads older than this are aborted and their parts removed (MASTER_UPLOAD_STALE_HOURS). */
  staleUploadHours: number;
}

const GIB = 1024 ** 3;
const isPositiveInteger = (value: unknown) => Number.isSafeInteger(value) && (value as number) > 0;

export default {
  default: { urlTtlSeconds: 600, perDay: 20, maxBytes: 50 * GIB, staleUploadHours: 48 } satisfies VideoMastersConfig,
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
  },
};
