export interface Limit {
  /** Requests (or events) accepted per window. */
  max: number;
  /** Length of the window, in seconds; it starts with the first counted request. */
  windowSeconds: number;
}

export interface RateLimitConfig {
  /** Table holding the counters (created by the plugin; Strapi's schema sync leaves it alone). */
  tableName: string;
  /** Overrides of declared limits, by name (e.g. `users-permissions.login`). */
  limits: Record<string, Limit>;
  /** Cron rule of the job that deletes expired counters. */
  pruneRule: string;
}

export const DEFAULT_CONFIG: RateLimitConfig = {
  tableName: 'rate_limits',
  limits: {},
  pruneRule: '*/10 * * * *',
};

export const isLimit = (value: unknown): value is Limit => {
  const limit = value as Limit;
  return (
    !!limit &&
    Number.isInteger(limit.max) &&
    limit.max >= 1 &&
    limit.max <= 1_000_000 &&
    Number.isInteger(limit.windowSeconds) &&
    limit.windowSeconds >= 1 &&
    limit.windowSeconds <= 7 * 86400
  );
};

/** Throws on a configuration that would make limits meaningless. */
export const validateConfig = (input: unknown): void => {
  const config = input as Partial<RateLimitConfig>;
  const problems: string[] = [];
  const known = new Set(Object.keys(DEFAULT_CONFIG));
  for (const key of Object.keys(config)) if (!known.has(key)) problems.push(`unknown option "${key}"`);
  // The library interpolates the table name into SQL: only a plain identifier is accepted.
  if (typeof config.tableName !== 'string' || !/^[a-z_][a-z0-9_]{0,62}$/.test(config.tableName)) {
    problems.push('tableName must be a lower-case SQL identifier');
  }
  if (!config.limits || typeof config.limits !== 'object' || Array.isArray(config.limits)) {
    problems.push('limits must be an object of { max, windowSeconds } by name');
  } else {
    for (const [name, limit] of Object.entries(config.limits)) {
      if (!isLimit(limit)) problems.push(`limits.${name} must be { max: 1..1000000, windowSeconds: 1..604800 }`);
    }
  }
  if (typeof config.pruneRule !== 'string' || config.pruneRule.trim().split(/\s+/).length < 5) {
    problems.push('pruneRule must be a cron rule such as "*/10 * * * *"');
  }
  if (problems.length > 0) throw new Error(`Invalid rate-limit config: ${problems.join('; ')}`);
};

export default { default: DEFAULT_CONFIG, validator: validateConfig };
