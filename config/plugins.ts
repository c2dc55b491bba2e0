import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { secrets } from '../src/environment/secrets';
import { frontendOrigins } from '../src/environment/urls';
import { campaignTransportOptions, mailTransportOptions } from '../src/mail/transport-options';
import { s3ClientOptions, uploadConfig } from '../src/media/upload-provider';

const appRoot = path.resolve(__dirname, '..', '..');
const DEFAULT_FROM = 'Newsreel <no-reply@localhost>';

export default ({ env }: Core.Config.Shared.ConfigParams) => ({
  'users-permissions': {
    config: {
      jwtSecret: secrets().JWT_SECRET,
      // `refresh`: short-lived access tokens plus refresh tokens kept in the database.
      jwtManagement: env('JWT_MANAGEMENT', 'legacy-support'),
      // Off: its counters live in each process's memory. Per-IP limits on the auth routes are the
      // rate-limit plugin's, kept in the database (src/extensions/users-permissions).
      ratelimit: { enabled: false },
    },
  },
  email: {
    config: {
      provider: 'nodemailer',
      providerOptions: mailTransportOptions(env, appRoot),
      settings: {
        defaultFrom: env('EMAIL_FROM', DEFAULT_FROM),
        defaultReplyTo: env('EMAIL_REPLY_TO', env('EMAIL_FROM', DEFAULT_FROM)),
      },
    },
  },
  upload: {
    config: uploadConfig(env),
  },
  // The one rate limiter: every plugin declares its limits to it; override any of them by name
  // here, e.g. limits: { 'users-permissions.login': { max: 20, windowSeconds: 300 } }.
  'rate-limit': {
    enabled: true,
  },
  newsletter: {
    enabled: true,
    config: {
      frontendOrigins: frontendOrigins(env('FRONTEND_URLS')),
      organisation: env('NEWSLETTER_ORGANISATION'),
      postalAddress: env('NEWSLETTER_POSTAL_ADDRESS'),
      // Where a campaign's story links lead on FRONTEND_URLS' first origin: by default the
      // reference story page this app serves, which opens a link in any reader's language.
      storyPath: env('NEWSLETTER_STORY_PATH', '/stories/story.html?slug={slug}&lang={locale}'),
      sending: {
        transport: campaignTransportOptions(env, appRoot),
        // NEWSLETTER_WORKER=false: this process starts campaigns but leaves the sending to others.
        worker: env.bool('NEWSLETTER_WORKER', true),
        leaseSeconds: env.int('NEWSLETTER_LEASE_SECONDS', 60),
        pollMs: env.int('NEWSLETTER_POLL_MS', 2000),
        perHour: env.int('NEWSLETTER_PER_HOUR', 0),
        pauseAfterFailures: env.int('NEWSLETTER_PAUSE_AFTER_FAILURES', 25),
        retryBaseSeconds: env.int('NEWSLETTER_RETRY_BASE_SECONDS', 30),
        maxAttempts: env.int('NEWSLETTER_MAX_ATTEMPTS', 5),
      },
      // Scheduled campaigns and the digest (README, "Scheduling, digest and delivery report").
      scheduling: {
        timeZone: env('NEWSLETTER_TIME_ZONE', 'Europe/Brussels'),
        missedAfterMinutes: env.int('NEWSLETTER_MISSED_AFTER_MINUTES', 60),
      },
      // Bounces and complaints (README, "Newsletter deliverability"): each source is off until set.
      deliverability: {
        bounceAddress: env('NEWSLETTER_BOUNCE_ADDRESS') || undefined,
        inboundToken: env('NEWSLETTER_INBOUND_TOKEN') || undefined,
        ses: {
          topicArns: env.array('NEWSLETTER_SES_TOPIC_ARNS', []),
          ...(env('NEWSLETTER_SES_CERT_HOST_PATTERN') ? { hostPattern: env('NEWSLETTER_SES_CERT_HOST_PATTERN') } : {}),
        },
        postmark: {
          user: env('NEWSLETTER_POSTMARK_WEBHOOK_USER') || undefined,
          password: env('NEWSLETTER_POSTMARK_WEBHOOK_PASSWORD') || undefined,
        },
        sendgrid: { publicKey: env('NEWSLETTER_SENDGRID_WEBHOOK_PUBLIC_KEY') || undefined },
      },
    },
  },
  'password-policy': {
    enabled: true,
  },
  'signup-verification': {
    enabled: true,
    config: {
      frontendOrigins: frontendOrigins(env('FRONTEND_URLS')),
    },
  },
  // The durable outbox the account and newsletter mails leave through; the rest of its options
  // keep the plugin's defaults (server/src/config).
  'mail-outbox': {
    enabled: true,
    config: {
      // MAIL_WORKER=false: this process queues mail but leaves the sending to other processes.
      worker: env.bool('MAIL_WORKER', true),
      pollMs: env.int('MAIL_WORKER_POLL_MS', 1000),
      leaseSeconds: env.int('MAIL_WORKER_LEASE_SECONDS', 60),
    },
  },
  'video-masters': {
    enabled: true,
    config: {
      urlTtlSeconds: env.int('DOWNLOAD_URL_TTL_SECONDS', 600),
      perDay: env.int('DOWNLOADS_PER_DAY', 20),
      maxBytes: env.int('MASTER_MAX_BYTES', 50 * 1024 ** 3),
      staleUploadHours: env.int('MASTER_UPLOAD_STALE_HOURS', 48),
      // Where masters live: a private S3 bucket, or a folder outside `public/`.
      storage: {
        bucket: env('S3_PRIVATE_BUCKET') || undefined,
        dir: path.resolve(appRoot, env('PRIVATE_MEDIA_DIR', '.tmp/private-media')),
        s3: s3ClientOptions(env),
      },
    },
  },
});
