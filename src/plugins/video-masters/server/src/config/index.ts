export interface VideoMastersConfig {
  /** How long a download link works, in seconds (DOWNLOAD_URL_TTL_SECONDS). */
  urlTtlSeconds: number;
  /** Download links one account may be given per 24 hours (DOWNLOADS_PER_DAY). */
  perDay: number;
}

const isPositiveInteger = (value: unknown) => Number.isInteger(value) && (value as number) > 0;

export default {
  default: { urlTtlSeconds: 600, perDay: 20 } satisfies VideoMastersConfig,
  validator(config: VideoMastersConfig) {
    if (!isPositiveInteger(config.urlTtlSeconds) || config.urlTtlSeconds > 7 * 24 * 3600) {
      throw new Error('video-masters: urlTtlSeconds (DOWNLOAD_URL_TTL_SECONDS) must be a whole number of seconds, at most 7 days');
    }
    if (!isPositiveInteger(config.perDay)) {
      throw new Error('video-masters: perDay (DOWNLOADS_PER_DAY) must be a whole number above 0');
    }
  },
};
