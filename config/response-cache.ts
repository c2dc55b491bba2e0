import type { Core } from '@strapi/strapi';

/** The app's cache of public content-API answers (src/content/response-cache.ts). */
export default ({ env }: Core.Config.Shared.ConfigParams) => ({
  /** Memory it may use, in MiB; 0 turns it off (and its PostgreSQL listener). */
  maxMiB: env.int('RESPONSE_CACHE_MB', 64),
});
