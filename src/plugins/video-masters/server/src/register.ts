import type { Core } from '@strapi/strapi';
import type { VideoMastersConfig } from './config';
import { DAILY_LIMIT } from './services/downloads';

interface Limiter {
  declare(name: string, limit: { max: number; windowSeconds: number }): void;
}

/** Set by staff on a user: the account keeps working but gets no more download links. */
const DOWNLOADS_BLOCKED = { type: 'boolean', default: false, private: true } as const;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = strapi.config.get('plugin::video-masters') as VideoMastersConfig;
  (strapi.plugin('rate-limit').service('limiter') as Limiter).declare(DAILY_LIMIT, { max: config.perDay, windowSeconds: 24 * 3600 });
  // In register(), before the database schema is synced: an app's src/extensions cannot come from a package.
  strapi.get('content-types').extend('plugin::users-permissions.user', (contentType: { attributes: Record<string, unknown> }) => {
    contentType.attributes.downloadsBlocked ??= { ...DOWNLOADS_BLOCKED };
  });
};
