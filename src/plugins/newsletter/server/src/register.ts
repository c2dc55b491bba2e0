import type { Core } from '@strapi/strapi';
import type { NewsletterConfig } from './config';
import { HOURLY_LIMIT } from './services/sender';
import { getService } from './utils/get-service';

interface Limiter {
  declare(name: string, limit: { max: number; windowSeconds: number }): void;
}

/**
 * Bounce and complaint sources sign their bodies byte for byte, so `strapi::body` must not read
 * them: the event routes read the raw stream themselves (with a size limit). Every other route is
 * parsed as before. The app's own body settings are kept.
 */
const leaveEventBodiesUnread = (strapi: Core.Strapi) => {
  const prefix = `${String(strapi.config.get('api.rest.prefix', '/api')).replace(/\/$/, '')}/newsletter/events/`;
  strapi.get('middlewares').extend('strapi::body', (factory: Core.MiddlewareFactory): Core.MiddlewareFactory => (config, context) => {
    const body = factory(config, context) as Core.MiddlewareHandler;
    return (ctx, next) => (ctx.method === 'POST' && ctx.path.startsWith(prefix) ? next() : body(ctx, next));
  });
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = strapi.config.get('plugin::newsletter') as NewsletterConfig;
  const limiter = strapi.plugin('rate-limit').service('limiter') as Limiter;
  for (const [name, limit] of Object.entries(config.ipLimits)) limiter.declare(`newsletter.${name}`, limit);
  // Campaign messages per hour, over every process (NEWSLETTER_PER_HOUR; 0 = no cap).
  if (config.sending.perHour > 0) limiter.declare(HOURLY_LIMIT, { max: config.sending.perHour, windowSeconds: 3600 });
  getService(strapi, 'mailer').registerWithOutbox();
  leaveEventBodiesUnread(strapi);
};
