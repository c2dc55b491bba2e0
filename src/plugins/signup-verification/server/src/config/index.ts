export interface Limit {
  max: number;
  windowSeconds: number;
}

export type Purpose = 'signup' | 'reset';
export type IpLimitName = 'register' | 'verify' | 'resend' | 'forgotPassword' | 'resetPassword';
export const IP_LIMIT_NAMES: IpLimitName[] = ['register', 'verify', 'resend', 'forgotPassword', 'resetPassword'];

export const PURPOSES: Purpose[] = ['signup', 'reset'];

export interface SignupVerificationConfig {
  /** Origins a `returnTo` may point at (FRONTEND_URLS); anything else is dropped. The first one is linked in mails. */
  frontendOrigins: string[];
  /** How long a code works, in minutes (the mail says so). */
  codeTtlMinutes: number;
  /** Wrong codes accepted per email and purpose within an hour; then every code is dead until the hour ends. */
  maxWrongTries: number;
  /** Seconds between two codes for one email and purpose. */
  resendCooldownSeconds: number;
  /** Codes sent per email and purpose within an hour. */
  maxCodesPerHour: number;
  /** Requests per client IP on the routes this plugin answers (declared to the rate-limit plugin). */
  ipLimits: Record<IpLimitName, Limit>;
  /** Subject line of each mail, per language. */
  subjects: Record<'signup' | 'reset' | 'resetNotice' | 'alreadyRegistered', Record<'en' | 'fr', string>>;
}

export const DEFAULT_CONFIG: SignupVerificationConfig = {
  frontendOrigins: ['http://localhost:1337'],
  codeTtlMinutes: 30,
  maxWrongTries: 5,
  resendCooldownSeconds: 60,
  maxCodesPerHour: 5,
  ipLimits: {
    register: { max: 10, windowSeconds: 600 },
    verify: { max: 30, windowSeconds: 600 },
    resend: { max: 10, windowSeconds: 600 },
    forgotPassword: { max: 10, windowSeconds: 600 },
    resetPassword: { max: 30, windowSeconds: 600 },
  },
  subjects: {
    signup: { en: 'Your Newsreel verification code', fr: 'Votre code de vérification Newsreel' },
    reset: { en: 'Your Newsreel password reset code', fr: 'Votre code de réinitialisation Newsreel' },
    resetNotice: { en: 'Your Newsreel password was changed', fr: 'Votre mot de passe Newsreel a été modifié' },
    alreadyRegistered: {
      en: 'Someone tried to create a Newsreel account with your address',
      fr: 'Quelqu’un a tenté de créer un compte Newsreel avec votre adresse',
    },
  },
};

const isLimit = (value: unknown): value is Limit => {
  const limit = value as Limit;
  return (
    !!limit &&
    Number.isInteger(limit.max) &&
    limit.max >= 1 &&
    Number.isInteger(limit.windowSeconds) &&
    limit.windowSeconds >= 1
  );
};

/** Throws on a configuration that would make codes unusable or limits meaningless. */
export const validateConfig = (input: unknown): void => {
  const config = input as SignupVerificationConfig;
  const problems: string[] = [];
  const between = (key: keyof SignupVerificationConfig, min: number, max: number) => {
    const value = config[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      problems.push(`${key} must be a whole number from ${min} to ${max}`);
    }
  };
  if (!Array.isArray(config.frontendOrigins) || config.frontendOrigins.some((o) => typeof o !== 'string')) {
    problems.push('frontendOrigins must be a list of origins');
  }
  between('codeTtlMinutes', 1, 24 * 60);
  between('maxWrongTries', 1, 100);
  between('resendCooldownSeconds', 0, 3600);
  between('maxCodesPerHour', 1, 100);
  for (const name of IP_LIMIT_NAMES) {
    if (!isLimit(config.ipLimits?.[name])) problems.push(`ipLimits.${name} must be { max >= 1, windowSeconds >= 1 }`);
  }
  for (const [name, subject] of Object.entries(config.subjects ?? {})) {
    if (typeof subject?.en !== 'string' || typeof subject?.fr !== 'string') {
      problems.push(`subjects.${name} needs an "en" and a "fr" text`);
    }
  }
  if (problems.length > 0) throw new Error(`Invalid signup-verification config: ${problems.join('; ')}`);
};

export default { default: DEFAULT_CONFIG, validator: validateConfig };
