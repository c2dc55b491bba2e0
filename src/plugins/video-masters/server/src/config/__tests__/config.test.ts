import config from '..';

/** What Strapi gives the validator for an app that configures nothing: the plugin's defaults. */
const defaults = config.default;

describe('video-masters config', () => {
  it('accepts the defaults: an app may leave the plugin unconfigured', () => {
    expect(() => config.validator(defaults)).not.toThrow();
    expect(defaults.storage).toEqual({ dir: '.tmp/private-media' });
  });

  it('accepts a private bucket', () => {
    expect(() => config.validator({ ...defaults, storage: { bucket: 'masters', dir: '.tmp/private-media', s3: { region: 'eu-west-1' } } })).not.toThrow();
  });

  it.each([
    ['urlTtlSeconds', 8 * 24 * 3600, 'urlTtlSeconds (DOWNLOAD_URL_TTL_SECONDS) must be a whole number of seconds, at most 7 days'],
    ['perDay', 0, 'perDay (DOWNLOADS_PER_DAY) must be a whole number above 0'],
    ['staleUploadHours', 1.5, 'staleUploadHours (MASTER_UPLOAD_STALE_HOURS) must be a whole number of hours above 0'],
    ['storage', { dir: '' }, 'storage.dir must name the folder where masters are kept when no bucket is set'],
    ['storage', { dir: '.tmp/private-media', bucket: '' }, 'storage.bucket must be the name of a private bucket, or be left out'],
  ])('refuses %s = %p, naming the option', (key, value, message) => {
    expect(() => config.validator({ ...defaults, [key]: value } as typeof defaults)).toThrow(`video-masters: ${message}`);
  });
});
