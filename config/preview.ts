import type { Core } from '@strapi/strapi';

/** The preview of story drafts behind the admin's Preview button (src/api/article/services/preview.ts). */
export default ({ env }: Core.Config.Shared.ConfigParams) => ({
  /** How long a preview link works, in seconds; the admin makes a new one each time the preview opens. */
  tokenTtlSeconds: env.int('PREVIEW_TOKEN_TTL_SECONDS', 15 * 60),
});
