import type { Core } from '@strapi/strapi';
import { IP_LIMIT_NAMES, type IpLimitName, type SignupVerificationConfig } from './config';

/** Names of this plugin's limits in the rate-limit plugin (its `limits` config can override them). */
export const LIMITS = {
  /** Wrong codes per email and purpose within an hour. */
  wrongCodes: 'signup-verification.wrong-codes',
  /** One code per email and purpose per cooldown. */
  codeCooldown: 'signup-verification.code-cooldown',
  /** Codes per email and purpose within an hour. */
  codesPerHour: 'signup-verification.codes-per-hour',
} as const;

/** Name of the per-IP limit of one of this plugin's routes. */
export const ipLimitName = (name: IpLimitName) => `signup-verification.${name}`;

/** Route middleware counting the client's IP under the limit named `limit`. */
export const ipLimitMiddleware = (limit: string) => ({ name: 'plugin::rate-limit.ip-limit', config: { limit } });

/** Route middleware counting the client's IP under one of this plugin's limits. */
export const limitedByIp = (name: IpLimitName) => ipLimitMiddleware(ipLimitName(name));

interface Limiter {
  declare(name: string, limit: { max: number; windowSeconds: number }): void;
}

/** Declares every limit this plugin counts, with the values of its config. */
export const declareLimits = (strapi: Core.Strapi): void => {
  const config = strapi.config.get('plugin::signup-verification') as SignupVerificationConfig;
  const limiter = strapi.plugin('rate-limit').service('limiter') as Limiter;
  const hour = 3600;
  limiter.declare(LIMITS.wrongCodes, { max: config.maxWrongTries, windowSeconds: hour });
  limiter.declare(LIMITS.codesPerHour, { max: config.maxCodesPerHour, windowSeconds: hour });
  // A cooldown of 0 turns the limit off (accounts.ts skips it); the declared window must still be valid.
  limiter.declare(LIMITS.codeCooldown, { max: 1, windowSeconds: Math.max(1, config.resendCooldownSeconds) });
  for (const name of IP_LIMIT_NAMES) limiter.declare(ipLimitName(name), config.ipLimits[name]);
};
