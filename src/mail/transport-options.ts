import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { dkimOptions } from './dkim';
import { createOutboxTransport } from './outbox-transport';

type Env = Core.Config.Shared.ConfigParams['env'];

const log = (message: string) => {
  // Config is read before Strapi's logger exists; by the time a mail is sent it does.
  const current = (globalThis as { strapi?: Core.Strapi }).strapi;
  if (current) current.log.info(message);
  else console.info(message);
};

/**
 * Options for `@strapi/provider-email-nodemailer`, which hands them to `nodemailer.createTransport`:
 * an SMTP relay when SMTP_HOST is set, otherwise the `.eml` outbox folder.
 */
export const mailTransportOptions = (env: Env, appRoot: string) => {
  const host = env('SMTP_HOST');
  const dkim = dkimOptions(env, appRoot);
  if (!host) {
    return createOutboxTransport({ dir: path.resolve(appRoot, env('MAIL_OUTBOX_DIR', '.tmp/mail')), log });
  }
  const user = env('SMTP_USERNAME');
  return {
    // DKIM-signs every message of the relay: account mails and campaigns alike.
    ...(dkim ? { dkim } : {}),
    host,
    port: env.int('SMTP_PORT', 587),
    secure: env.bool('SMTP_SECURE', false),
    auth: user ? { user, pass: env('SMTP_PASSWORD') } : undefined,
    connectionTimeout: env.int('SMTP_CONNECTION_TIMEOUT', 10000),
  };
};

/**
 * Transport of newsletter campaigns: the same relay, pooled (a few long-lived connections carry
 * many messages), at most NEWSLETTER_PER_SECOND messages a second per process when set. Without
 * SMTP_HOST, the outbox folder.
 */
export const campaignTransportOptions = (env: Env, appRoot: string) => {
  const relay = mailTransportOptions(env, appRoot);
  if (!env('SMTP_HOST')) return relay;
  const perSecond = env.int('NEWSLETTER_PER_SECOND', 0);
  return {
    ...relay,
    pool: true,
    maxConnections: env.int('NEWSLETTER_SMTP_CONNECTIONS', 5),
    maxMessages: env.int('NEWSLETTER_SMTP_MESSAGES_PER_CONNECTION', 500),
    ...(perSecond > 0 ? { rateDelta: 1000, rateLimit: perSecond } : {}),
  };
};
