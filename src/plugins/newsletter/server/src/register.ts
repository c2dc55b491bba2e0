import type { Core } from '@strapi/strapi';
import type { NewsletterConfig } from './config';
import { getService } from './utils/get-service';

interface Limiter {
  declare(name: string, limit: { max: number; windowSeconds: number }): void;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = strapi.config.get('plugin::newsletter') as NewsletterConfig;
  const limiter = strapi.plugin('rate-limit').service('limiter') as Limiter;
  for (const [name, limit] of Object.entries(config.ipLimits)) limiter.declare(`newsletter.${name}`, limit);
  getService(strapi, 'mailer').registerWithOutbox();
};
