export interface MailOutboxConfig {
  /** Whether this process sends queued mail (MAIL_WORKER); a web-only process may leave it to others. */
  worker: boolean;
  /** How often the worker looks for due mail, in ms (a new message also wakes it at once). */
  pollMs: number;
  /** Messages one worker claims at a time. */
  batchSize: number;
  /** How long a claim lasts, in seconds: a process that dies mid-send gives its mail back after it. */
  leaseSeconds: number;
  /** Longest wait between two tries of one message, in seconds (the wait doubles from 1 s). */
  maxBackoffSeconds: number;
  /** How long a mail queued without its own expiry keeps being retried, in hours. */
  noticeTtlHours: number;
  /** Days sent or expired messages are kept (without their content) before the prune job deletes them. */
  keepDays: number;
}

export const DEFAULT_CONFIG: MailOutboxConfig = {
  worker: true,
  pollMs: 1000,
  batchSize: 10,
  leaseSeconds: 60,
  maxBackoffSeconds: 300,
  noticeTtlHours: 24,
  keepDays: 7,
};

/** Whole-number bounds of each numeric option. */
const BOUNDS: Record<Exclude<keyof MailOutboxConfig, 'worker'>, [number, number]> = {
  pollMs: [50, 600_000],
  batchSize: [1, 1000],
  leaseSeconds: [1, 3600],
  maxBackoffSeconds: [1, 86400],
  noticeTtlHours: [1, 24 * 30],
  keepDays: [0, 365],
};

/** Throws on a configuration the worker could not run with. */
export const validateConfig = (input: unknown): void => {
  const config = (input ?? {}) as Partial<MailOutboxConfig>;
  const problems: string[] = [];
  if (typeof config.worker !== 'boolean') problems.push('worker must be true or false');
  for (const [key, [min, max]] of Object.entries(BOUNDS)) {
    const value = config[key as keyof typeof BOUNDS];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      problems.push(`${key} must be a whole number from ${min} to ${max}`);
    }
  }
  if (problems.length > 0) throw new Error(`Invalid mail-outbox config: ${problems.join('; ')}`);
};

export default { default: DEFAULT_CONFIG, validator: validateConfig };
