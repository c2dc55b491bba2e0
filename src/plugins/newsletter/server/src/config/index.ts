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
  ipLimits: { subscribe: Limit; confirm: Limit; unsubscribe: Limit };
  /** Subjects of the plugin's mails, per language. */
  subjects: Record<'confirm' | 'welcome', Record<'en' | 'fr', string>>;
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
  },
  subjects: {
    confirm: { en: 'Confirm your subscription to the Newsreel newsletter', fr: 'Confirmez votre abonnement à la lettre Newsreel' },
    welcome: { en: 'You are subscribed to the Newsreel newsletter', fr: 'Vous êtes abonné·e à la lettre Newsreel' },
  },
};

const isLimit = (value: unknown): value is Limit => {
  const limit = value as Limit;
  return !!limit && Number.isInteger(limit.max) && limit.max >= 1 && Number.isInteger(limit.windowSeconds) && limit.windowSeconds >= 1;
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
  for (const name of ['subscribe', 'confirm', 'unsubscribe'] as const) {
    if (!isLimit(config.ipLimits?.[name])) problems.push(`ipLimits.${name} must be { max >= 1, windowSeconds >= 1 }`);
  }
  for (const name of ['confirm', 'welcome'] as const) {
    if (typeof config.subjects?.[name]?.en !== 'string' || typeof config.subjects?.[name]?.fr !== 'string') {
      problems.push(`subjects.${name} needs an "en" and a "fr" text`);
    }
  }
  if (problems.length > 0) throw new Error(`Invalid newsletter config: ${problems.join('; ')}`);
};

export default { default: DEFAULT_CONFIG, validator: validateConfig };
