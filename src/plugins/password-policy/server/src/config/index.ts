/** BCrypt hashes at most 72 bytes and silently ignores the rest. */
export const BCRYPT_MAX_BYTES = 72;

export interface PasswordPolicyConfig {
  /** Fewest characters (Unicode code points, after NFKC normalisation). */
  minLength: number;
  /** Most UTF-8 bytes; longer input is refused, never truncated. At most bcrypt's 72. */
  maxBytes: number;
  /** Refuse any whitespace: spaces, tabs, line breaks, non-breaking and other Unicode spaces. */
  noWhitespace: boolean;
  /** Require at least one lowercase letter (any script). */
  requireLowercase: boolean;
  /** Require at least one uppercase letter (any script: É counts). */
  requireUppercase: boolean;
  /** Require at least one decimal digit. */
  requireDigit: boolean;
  /** Require at least one character that is neither a letter, a digit nor whitespace. */
  requireSymbol: boolean;
  /** Refuse passwords found (case-insensitively) in the bundled list of common passwords. */
  blockCommonPasswords: boolean;
  /** Refuse passwords containing the email's local part or the username when it has at least this many characters; 0 turns the rule off. */
  personalInfoMinLength: number;
  /** Requests per IP and window accepted by POST /api/password-policy/check. */
  checkRateLimit: { max: number; windowSeconds: number };
}

export const DEFAULT_CONFIG: PasswordPolicyConfig = {
  minLength: 12,
  maxBytes: BCRYPT_MAX_BYTES,
  noWhitespace: true,
  requireLowercase: true,
  requireUppercase: true,
  requireDigit: true,
  requireSymbol: true,
  blockCommonPasswords: true,
  personalInfoMinLength: 4,
  checkRateLimit: { max: 30, windowSeconds: 60 },
};

const BOOLEANS = [
  'noWhitespace',
  'requireLowercase',
  'requireUppercase',
  'requireDigit',
  'requireSymbol',
  'blockCommonPasswords',
] as const;

const isInteger = (value: unknown, min: number, max: number) =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/** Throws on a configuration that would make the policy meaningless or unusable. */
export const validateConfig = (input: unknown): void => {
  const config = input as Partial<PasswordPolicyConfig>;
  const problems: string[] = [];
  const known = new Set(Object.keys(DEFAULT_CONFIG));
  for (const key of Object.keys(config)) if (!known.has(key)) problems.push(`unknown option "${key}"`);

  if (!isInteger(config.maxBytes, 8, BCRYPT_MAX_BYTES)) {
    problems.push(`maxBytes must be a whole number from 8 to ${BCRYPT_MAX_BYTES} (bcrypt ignores bytes past 72)`);
  }
  if (!isInteger(config.minLength, 8, BCRYPT_MAX_BYTES)) {
    problems.push(`minLength must be a whole number from 8 to ${BCRYPT_MAX_BYTES}`);
  } else if (typeof config.maxBytes === 'number' && config.minLength! > config.maxBytes) {
    problems.push(`minLength (${config.minLength}) cannot exceed maxBytes (${config.maxBytes})`);
  }
  for (const key of BOOLEANS) {
    if (typeof config[key] !== 'boolean') problems.push(`${key} must be true or false`);
  }
  if (!isInteger(config.personalInfoMinLength, 0, 64)) {
    problems.push('personalInfoMinLength must be a whole number from 0 (off) to 64');
  }
  const limit = config.checkRateLimit;
  if (!limit || !isInteger(limit.max, 1, 100000) || !isInteger(limit.windowSeconds, 1, 86400)) {
    problems.push('checkRateLimit must be { max: 1..100000, windowSeconds: 1..86400 }');
  }
  if (problems.length > 0) {
    throw new Error(`Invalid password-policy config: ${problems.join('; ')}`);
  }
};

export default {
  default: DEFAULT_CONFIG,
  validator: validateConfig,
};
