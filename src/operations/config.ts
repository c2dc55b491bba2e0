/** What an operator sets for readiness, shutdown and metrics. */
export interface OperationsConfig {
  /** Bearer token of GET /api/metrics; null turns the route off (404). */
  metricsToken: string | null;
  /** How long a process told to stop may take: work in hand and requests in flight, in seconds. */
  shutdownTimeoutSeconds: number;
  /** How long readiness answers 503 before the listener closes, so load balancers notice, in seconds. */
  shutdownGraceSeconds: number;
}

export const DEFAULT_SHUTDOWN_TIMEOUT_SECONDS = 25;
export const DEFAULT_SHUTDOWN_GRACE_SECONDS = 2;
/** Shorter tokens are guessable; `openssl rand -hex 32` gives 64 characters. */
const MIN_TOKEN_LENGTH = 16;

const seconds = (name: string, value: string | undefined, fallback: number, max: number): number => {
  if (value === undefined || value.trim() === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0 || parsed > max) {
    throw new Error(`${name} must be a number of seconds from 0 to ${max}, not "${value}"`);
  }
  return parsed;
};

/** Reads and checks the settings; a bad value stops the start with a message that names it. */
export const operationsConfig = (env: Record<string, string | undefined>): OperationsConfig => {
  const token = env.METRICS_TOKEN?.trim() ?? '';
  if (token !== '' && token.length < MIN_TOKEN_LENGTH) {
    throw new Error(`METRICS_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters long (try \`openssl rand -hex 32\`)`);
  }
  const timeout = seconds('SHUTDOWN_TIMEOUT_SECONDS', env.SHUTDOWN_TIMEOUT_SECONDS, DEFAULT_SHUTDOWN_TIMEOUT_SECONDS, 3600);
  const grace = seconds('SHUTDOWN_GRACE_SECONDS', env.SHUTDOWN_GRACE_SECONDS, DEFAULT_SHUTDOWN_GRACE_SECONDS, 600);
  if (grace > timeout) {
    throw new Error(`SHUTDOWN_GRACE_SECONDS (${grace}) must not exceed SHUTDOWN_TIMEOUT_SECONDS (${timeout})`);
  }
  return { metricsToken: token === '' ? null : token, shutdownTimeoutSeconds: timeout, shutdownGraceSeconds: grace };
};
