import { readSendgridPublicKey } from '../events/sendgrid';
import { isTimeZone } from '../schedule/time';
import type { Limit } from './limit';

export interface NewsletterConfig {
  /** Frontend origins (FRONTEND_URLS); the first one hosts the confirm and unsubscribe pages. */
  frontendOrigins: string[];
  /** Path of the confirmation page on the first frontend; the token follows in the fragment. */
  confirmPath: string;
  /** Path of the unsubscribe page on the first frontend; the token follows in the fragment. */
  unsubscribePath: string;
  /** How long a confirmation link works, in hours. */
  confirmTtlHours: number;
  /** Minutes during which a second request for one address sends no second mail. */
  resendQuietMinutes: number;
  /** Requests per client IP. */
  ipLimits: { subscribe: Limit; confirm: Limit; unsubscribe: Limit; events: Limit };
  /** Subjects of the plugin's mails, per language. */
  subjects: Record<'confirm' | 'welcome', Record<'en' | 'fr', string>>;
  /** The sender named in every campaign footer (NEWSLETTER_ORGANISATION); unset: campaigns refuse to start (development: a marked placeholder). */
  organisation?: string;
  /** The sender's postal address in every campaign footer (NEWSLETTER_POSTAL_ADDRESS); unset: campaigns refuse to start (development: a marked placeholder). */
  postalAddress?: string;
  /** Path of a story on the first frontend; `{locale}` and `{slug}` are filled in. */
  storyPath: string;
  /** Most stories one campaign carries. */
  maxStories: number;
  /** How campaigns are sent. */
  sending: SendingConfig;
  /** Bounces and complaints: where they come in, and what they do. */
  deliverability: DeliverabilityConfig;
  /** Scheduled campaigns and the digest. */
  scheduling: SchedulingConfig;
}

export interface SchedulingConfig {
  /** The time zone a schedule is read in when staff name none (NEWSLETTER_TIME_ZONE). */
  timeZone: string;
  /**
   * How late a scheduled campaign may still start, in minutes (NEWSLETTER_MISSED_AFTER_MINUTES).
   * Later than that (every process was down at the time), it becomes `missed` and waits for staff.
   */
  missedAfterMinutes: number;
  /** How long a process holds the start of a due campaign before another may take it over, in seconds. */
  startLeaseSeconds: number;
}

export interface DeliverabilityConfig {
  /**
   * The bounce mailbox (NEWSLETTER_BOUNCE_ADDRESS, e.g. bounces@news.example.org): each campaign
   * mail's envelope sender becomes `bounces+<signed row token>@news.example.org` (VERP). Unset:
   * the envelope sender is the From address.
   */
  bounceAddress?: string;
  /** Bearer token of POST /api/newsletter/events/inbound (NEWSLETTER_INBOUND_TOKEN); unset: the route answers 404. */
  inboundToken?: string;
  /**
   * Amazon SES through SNS. Anyone can sign a message with their own SNS topic, so only the topics
   * listed here are heard (NEWSLETTER_SES_TOPIC_ARNS; empty: the route answers 404). SigningCertURL
   * and SubscribeURL hosts (host[:port]) must match `hostPattern`.
   */
  ses: { topicArns: string[]; hostPattern: string };
  /** Postmark's webhook, behind HTTP Basic auth; off while either is unset. */
  postmark: { user?: string; password?: string };
  /** SendGrid's Event Webhook verification key (PEM or SendGrid's base64 DER); off while unset. */
  sendgrid: { publicKey?: string; maxAgeSeconds: number };
  /** Soft bounces within `softBounceWindowDays` that suppress an address (listmonk's default: 3 in 30 days). */
  softBounceLimit: number;
  softBounceWindowDays: number;
  /** Hard bounces that suppress an address (1: at once). */
  hardBounceLimit: number;
  /** Complaint rate of a campaign above which staff are warned (Gmail and Yahoo ask for less than 0.3 %). */
  complaintRateWarning: number;
  /** Largest event body read, in bytes (a DSN may carry the whole returned message). */
  maxBodyBytes: number;
}

export interface SendingConfig {
  /** Run this process's campaign sender (NEWSLETTER_WORKER); off: the process only queues. */
  worker: boolean;
  /** How often the sender looks for campaigns to send, in ms. */
  pollMs: number;
  /** How long a claim on ledger rows lasts unless renewed, in seconds (NEWSLETTER_LEASE_SECONDS). */
  leaseSeconds: number;
  /** Ledger rows claimed at once. */
  batchSize: number;
  /** Ledger rows written per SQL statement when a send starts. */
  ledgerBatchSize: number;
  /** Messages per hour over all processes (NEWSLETTER_PER_HOUR); 0 = no cap. */
  perHour: number;
  /** Tries of one address on temporary (4xx or network) errors before its row fails. */
  maxAttempts: number;
  /** First wait after a temporary error, in seconds; doubles on each try. */
  retryBaseSeconds: number;
  /** Consecutive failed deliveries that pause the campaign. */
  pauseAfterFailures: number;
  /**
   * What `nodemailer.createTransport` gets: SMTP options (pooled: `maxConnections`, `maxMessages`,
   * `rateDelta`/`rateLimit` for messages per second) or a transport object (the outbox folder).
   */
  transport?: Record<string, unknown>;
}

export const DEFAULT_CONFIG: NewsletterConfig = {
  frontendOrigins: ['http://localhost:1337'],
  confirmPath: '/newsletter/confirm.html',
  unsubscribePath: '/newsletter/unsubscribe.html',
  confirmTtlHours: 48,
  resendQuietMinutes: 10,
  ipLimits: {
    subscribe: { max: 20, windowSeconds: 600 },
    confirm: { max: 30, windowSeconds: 600 },
    unsubscribe: { max: 60, windowSeconds: 600 },
    events: { max: 600, windowSeconds: 60 },
  },
  subjects: {
    confirm: { en: 'Confirm your subscription to the Newsreel newsletter', fr: 'Confirmez votre abonnement à la lettre Newsreel' },
    welcome: { en: 'You are subscribed to the Newsreel newsletter', fr: 'Vous êtes abonné·e à la lettre Newsreel' },
  },
  storyPath: '/{locale}/articles/{slug}',
  maxStories: 20,
  sending: {
    worker: true,
    pollMs: 2000,
    leaseSeconds: 60,
    batchSize: 100,
    ledgerBatchSize: 1000,
    perHour: 0,
    maxAttempts: 5,
    retryBaseSeconds: 30,
    pauseAfterFailures: 25,
  },
  deliverability: {
    ses: { topicArns: [], hostPattern: '^sns\\.[a-zA-Z0-9-]{3,}\\.amazonaws\\.com(\\.cn)?$' },
    postmark: {},
    sendgrid: { maxAgeSeconds: 600 },
    softBounceLimit: 3,
    softBounceWindowDays: 30,
    hardBounceLimit: 1,
    complaintRateWarning: 0.003,
    maxBodyBytes: 5 * 1024 * 1024,
  },
  scheduling: { timeZone: 'Europe/Brussels', missedAfterMinutes: 60, startLeaseSeconds: 30 },
};

const whole = (value: unknown, min: number, max: number) => Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

const isLimit = (value: unknown): value is Limit => {
  const limit = value as Limit;
  return !!limit && Number.isInteger(limit.max) && limit.max >= 1 && Number.isInteger(limit.windowSeconds) && limit.windowSeconds >= 1;
};

const ADDRESS = /^[^\s@+"(),:;<>[\\\]]+@[^\s@"(),:;<>[\\\]]+\.[^\s@"(),:;<>[\\\]]+$/;

/** What is wrong with the bounce and complaint settings. */
const deliverabilityProblems = (input: unknown): string[] => {
  const config = (input ?? {}) as Partial<DeliverabilityConfig>;
  const problems: string[] = [];
  if (config.bounceAddress !== undefined && (typeof config.bounceAddress !== 'string' || !ADDRESS.test(config.bounceAddress))) {
    problems.push('deliverability.bounceAddress must be a plain address without "+", e.g. bounces@news.example.org');
  }
  if (config.inboundToken !== undefined && (typeof config.inboundToken !== 'string' || config.inboundToken.length < 24)) {
    problems.push('deliverability.inboundToken must be at least 24 characters');
  }
  try {
    new RegExp(String(config.ses?.hostPattern));
  } catch {
    problems.push('deliverability.ses.hostPattern must be a regular expression');
  }
  const arns = config.ses?.topicArns;
  if (!Array.isArray(arns) || arns.some((arn) => typeof arn !== 'string' || !arn.startsWith('arn:'))) {
    problems.push('deliverability.ses.topicArns must list SNS topic ARNs (arn:aws:sns:…)');
  }
  const { user, password } = config.postmark ?? {};
  if ((user === undefined) !== (password === undefined) || (password !== undefined && String(password).length < 12)) {
    problems.push('deliverability.postmark needs both user and password, the password at least 12 characters');
  }
  const ranges: [keyof DeliverabilityConfig, number, number][] = [
    ['softBounceLimit', 1, 100],
    ['softBounceWindowDays', 1, 365],
    ['hardBounceLimit', 1, 100],
    ['maxBodyBytes', 1024, 50 * 1024 * 1024],
  ];
  for (const [key, min, max] of ranges) {
    if (!whole(config[key], min, max)) problems.push(`deliverability.${key} must be a whole number from ${min} to ${max}`);
  }
  if (config.sendgrid?.publicKey !== undefined) {
    try {
      readSendgridPublicKey(String(config.sendgrid.publicKey));
    } catch (error) {
      problems.push(`deliverability.sendgrid.publicKey: ${(error as Error).message}`);
    }
  }
  if (!whole(config.sendgrid?.maxAgeSeconds, 10, 3600)) problems.push('deliverability.sendgrid.maxAgeSeconds must be a whole number from 10 to 3600');
  const rate = config.complaintRateWarning;
  if (typeof rate !== 'number' || !(rate > 0 && rate < 1)) problems.push('deliverability.complaintRateWarning must be a fraction between 0 and 1');
  return problems;
};

/** Throws on a configuration that would make links or limits meaningless. */
export const validateConfig = (input: unknown): void => {
  const config = input as NewsletterConfig;
  const problems: string[] = [];
  if (!Array.isArray(config.frontendOrigins) || config.frontendOrigins.length === 0) {
    problems.push('frontendOrigins must list at least one origin');
  }
  for (const key of ['confirmPath', 'unsubscribePath'] as const) {
    if (typeof config[key] !== 'string' || !config[key].startsWith('/')) problems.push(`${key} must be a path starting with /`);
  }
  if (!Number.isInteger(config.confirmTtlHours) || config.confirmTtlHours < 1 || config.confirmTtlHours > 24 * 30) {
    problems.push('confirmTtlHours must be a whole number from 1 to 720');
  }
  if (!Number.isInteger(config.resendQuietMinutes) || config.resendQuietMinutes < 0 || config.resendQuietMinutes > 24 * 60) {
    problems.push('resendQuietMinutes must be a whole number from 0 to 1440');
  }
  for (const name of ['subscribe', 'confirm', 'unsubscribe', 'events'] as const) {
    if (!isLimit(config.ipLimits?.[name])) problems.push(`ipLimits.${name} must be { max >= 1, windowSeconds >= 1 }`);
  }
  for (const name of ['confirm', 'welcome'] as const) {
    if (typeof config.subjects?.[name]?.en !== 'string' || typeof config.subjects?.[name]?.fr !== 'string') {
      problems.push(`subjects.${name} needs an "en" and a "fr" text`);
    }
  }
  if (typeof config.storyPath !== 'string' || !config.storyPath.startsWith('/')) problems.push('storyPath must be a path starting with /');
  if (!whole(config.maxStories, 1, 100)) problems.push('maxStories must be a whole number from 1 to 100');
  const sending = (config.sending ?? {}) as Partial<SendingConfig>;
  const ranges: [keyof SendingConfig, number, number][] = [
    ['pollMs', 50, 600_000],
    ['leaseSeconds', 1, 3600],
    ['batchSize', 1, 1000],
    ['ledgerBatchSize', 1, 50_000],
    ['perHour', 0, 10_000_000],
    ['maxAttempts', 1, 50],
    ['retryBaseSeconds', 0, 3600],
    ['pauseAfterFailures', 1, 100_000],
  ];
  for (const [key, min, max] of ranges) {
    if (!whole(sending[key], min, max)) problems.push(`sending.${key} must be a whole number from ${min} to ${max}`);
  }
  if (typeof sending.worker !== 'boolean') problems.push('sending.worker must be true or false');
  if (sending.transport !== undefined && (sending.transport === null || typeof sending.transport !== 'object')) {
    problems.push('sending.transport must be nodemailer transport options');
  }
  problems.push(...deliverabilityProblems(config.deliverability));
  const scheduling = (config.scheduling ?? {}) as Partial<SchedulingConfig>;
  if (!isTimeZone(scheduling.timeZone)) problems.push('scheduling.timeZone must be an IANA time zone such as Europe/Brussels');
  if (!whole(scheduling.missedAfterMinutes, 1, 7 * 24 * 60)) problems.push('scheduling.missedAfterMinutes must be a whole number from 1 to 10080');
  if (!whole(scheduling.startLeaseSeconds, 5, 3600)) problems.push('scheduling.startLeaseSeconds must be a whole number from 5 to 3600');
  if (problems.length > 0) throw new Error(`Invalid newsletter config: ${problems.join('; ')}`);
};

export default { default: DEFAULT_CONFIG, validator: validateConfig };
