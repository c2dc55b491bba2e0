import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import type { NewsletterConfig } from '../config';

export interface EventSourceConfig {
  /**
   * `inbound`: a bearer token; `postmark`: HTTP Basic auth. `ses` and `sendgrid` prove themselves
   * by a signature over the body (checked by the webhooks service): here only whether they are on.
   */
  source: 'inbound' | 'postmark' | 'ses' | 'sendgrid';
}

/** Compares secrets in constant time, whatever their lengths. */
const same = (given: string, expected: string) =>
  crypto.timingSafeEqual(crypto.createHash('sha256').update(given).digest(), crypto.createHash('sha256').update(expected).digest());

/**
 * Route policy of every event route: 404 while its source is not configured; for the sources that
 * authenticate their caller rather than their body, 401 (with the scheme to use) for missing or
 * wrong credentials.
 */
const eventSource = (ctx: Context, config: EventSourceConfig, { strapi }: { strapi: Core.Strapi }) => {
  const settings = (strapi.config.get('plugin::newsletter') as NewsletterConfig).deliverability;
  // A policy gets a copy of the context's own fields: request and response, not ctx.get/ctx.set.
  const header = String(ctx.request.get('authorization') ?? '');
  if (config.source === 'ses') {
    if (settings.ses.topicArns.length === 0) throw new errors.NotFoundError('Amazon SES events are not configured (NEWSLETTER_SES_TOPIC_ARNS).');
    return true;
  }
  if (config.source === 'sendgrid') {
    if (!settings.sendgrid.publicKey) throw new errors.NotFoundError('SendGrid events are not configured (NEWSLETTER_SENDGRID_WEBHOOK_PUBLIC_KEY).');
    return true;
  }
  if (config.source === 'inbound') {
    if (!settings.inboundToken) throw new errors.NotFoundError('Inbound bounce mail is not configured (NEWSLETTER_INBOUND_TOKEN).');
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() ?? '';
    if (token && same(token, settings.inboundToken)) return true;
    ctx.response.set('WWW-Authenticate', 'Bearer realm="newsletter-events"');
    throw new errors.UnauthorizedError('A valid bearer token is required.');
  }
  const { user, password } = settings.postmark;
  if (!user || !password) throw new errors.NotFoundError('Postmark events are not configured (NEWSLETTER_POSTMARK_WEBHOOK_USER).');
  const encoded = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header)?.[1];
  const decoded = encoded ? Buffer.from(encoded, 'base64').toString('utf8') : '';
  if (decoded && same(decoded, `${user}:${password}`)) return true;
  ctx.response.set('WWW-Authenticate', 'Basic realm="newsletter-events", charset="UTF-8"');
  throw new errors.UnauthorizedError('Valid credentials are required.');
};

export default eventSource;
