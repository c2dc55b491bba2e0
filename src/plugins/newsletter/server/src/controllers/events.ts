import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import getRawBody from 'raw-body';
import type { NewsletterConfig } from '../config';
import { getService } from '../utils/get-service';

/**
 * The body exactly as sent: signatures cover bytes, not parsed JSON, so `strapi::body` leaves
 * these routes alone (see register()).
 */
const rawBodyOf = async (ctx: Context, strapi: Core.Strapi): Promise<Buffer> => {
  const limit = (strapi.config.get('plugin::newsletter') as NewsletterConfig).deliverability.maxBodyBytes;
  try {
    const body = await getRawBody(ctx.req, { limit, length: ctx.get('content-length') || undefined });
    if (body.length === 0) throw new errors.ValidationError('The body is empty.');
    return body;
  } catch (error) {
    if ((error as { type?: string }).type === 'entity.too.large') throw new errors.PayloadTooLargeError(`The body is larger than ${limit} bytes.`);
    if (error instanceof errors.ApplicationError) throw error;
    throw new errors.ValidationError('The body could not be read.');
  }
};

/** Public event routes of bounce and complaint sources: thin, each one service call. */
const events = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** POST /api/newsletter/events/inbound (bearer token, checked by the route's policy). */
  async inbound(ctx: Context) {
    ctx.body = await getService(strapi, 'webhooks').inbound(await rawBodyOf(ctx, strapi));
    ctx.status = 202;
  },

  /** POST /api/newsletter/events/ses (the SNS signature, checked by the service). */
  async ses(ctx: Context) {
    ctx.body = await getService(strapi, 'webhooks').ses(await rawBodyOf(ctx, strapi));
  },

  /** POST /api/newsletter/events/postmark (Basic auth, checked by the route's policy). */
  async postmark(ctx: Context) {
    ctx.body = await getService(strapi, 'webhooks').postmark(await rawBodyOf(ctx, strapi));
  },

  /** POST /api/newsletter/events/sendgrid (the ECDSA signature, checked by the service). */
  async sendgrid(ctx: Context) {
    const raw = await rawBodyOf(ctx, strapi);
    ctx.body = await getService(strapi, 'webhooks').sendgrid(
      raw,
      ctx.get('x-twilio-email-event-webhook-signature') || undefined,
      ctx.get('x-twilio-email-event-webhook-timestamp') || undefined
    );
  },
});

export default events;
