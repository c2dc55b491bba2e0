import type { Core } from '@strapi/strapi';
import type { VideoMastersConfig } from './config';
import { DAILY_LIMIT } from './services/downloads';

interface Limiter {
  declare(name: string, limit: { max: number; windowSeconds: number }): void;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = strapi.config.get('plugin::video-masters') as VideoMastersConfig;
  (strapi.plugin('rate-limit').service('limiter') as Limiter).declare(DAILY_LIMIT, { max: config.perDay, windowSeconds: 24 * 3600 });
};
