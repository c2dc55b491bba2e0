import type { PasswordPolicyConfig } from '../config';
import { commonPasswords } from './common-passwords';

export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

export const RULE_IDS = [
  'min-length',
  'max-bytes',
  'no-whitespace',
  'lowercase',
  'uppercase',
  'digit',
  'symbol',
  'not-common',
  'not-personal',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** What a password is checked with: the password and who it belongs to, all NFKC-normalised. */
export interface Candidate {
  password: string;
  email?: string;
  username?: string;
}

interface Rule {
  id: RuleId;
  enabled(config: PasswordPolicyConfig): boolean;
  /** Numbers a form needs to draw the rule (e.g. the minimum length). */
  params(config: PasswordPolicyConfig): Record<string, number>;
  passes(candidate: Candidate, config: PasswordPolicyConfig): boolean;
  /** Names the rule; never echoes the password. */
  message: Record<Locale, (params: Record<string, number>) => string>;
}

const codePoints = (text: string) => [...text].length;
const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** Email local part and username, lower-cased, when long enough to mean something. */
const personalWords = ({ email, username }: Candidate, minLength: number) =>
  [email?.split('@')[0], username]
    .filter((word): word is string => typeof word === 'string')
    .map((word) => word.toLowerCase())
    .filter((word) => codePoints(word) >= minLength);

const RULES: Rule[] = [
  {
    id: 'min-length',
    enabled: () => true,
    params: (config) => ({ min: config.minLength }),
    passes: ({ password }, config) => codePoints(password) >= config.minLength,
    message: {
      en: ({ min }) => `At least ${min} characters`,
      fr: ({ min }) => `Au moins ${min} caractères`,
    },
  },
  {
    id: 'max-bytes',
    enabled: () => true,
    params: (config) => ({ maxBytes: config.maxBytes }),
    passes: ({ password }, config) => utf8Bytes(password) <= config.maxBytes,
    message: {
      en: ({ maxBytes }) => `At most ${maxBytes} bytes (accented and non-Latin characters count for 2 to 4)`,
      fr: ({ maxBytes }) => `Au plus ${maxBytes} octets (un caractère accentué ou non latin en compte de 2 à 4)`,
    },
  },
  {
    id: 'no-whitespace',
    enabled: (config) => config.noWhitespace,
    params: () => ({}),
    // \s covers tabs, line breaks and Unicode spaces (U+00A0, U+2007, U+3000…); \p{Z} adds the separators it misses.
    passes: ({ password }) => !/[\s\p{Z}]/u.test(password),
    message: {
      en: () => 'No spaces, tabs or line breaks',
      fr: () => "Pas d'espace, de tabulation ni de retour à la ligne",
    },
  },
  {
    id: 'lowercase',
    enabled: (config) => config.requireLowercase,
    params: () => ({}),
    passes: ({ password }) => /\p{Ll}/u.test(password),
    message: { en: () => 'At least one lowercase letter', fr: () => 'Au moins une lettre minuscule' },
  },
  {
    id: 'uppercase',
    enabled: (config) => config.requireUppercase,
    params: () => ({}),
    passes: ({ password }) => /[\p{Lu}\p{Lt}]/u.test(password),
    message: { en: () => 'At least one uppercase letter', fr: () => 'Au moins une lettre majuscule' },
  },
  {
    id: 'digit',
    enabled: (config) => config.requireDigit,
    params: () => ({}),
    passes: ({ password }) => /\p{Nd}/u.test(password),
    message: { en: () => 'At least one digit', fr: () => 'Au moins un chiffre' },
  },
  {
    id: 'symbol',
    enabled: (config) => config.requireSymbol,
    params: () => ({}),
    passes: ({ password }) => /[^\p{L}\p{N}\s\p{Z}]/u.test(password),
    message: {
      en: () => 'At least one symbol, such as ! ? # % or *',
      fr: () => 'Au moins un symbole, par exemple ! ? # % ou *',
    },
  },
  {
    id: 'not-common',
    enabled: (config) => config.blockCommonPasswords,
    params: () => ({}),
    passes: ({ password }) => !commonPasswords().has(password.toLowerCase()),
    message: {
      en: () => 'Not one of the most common passwords',
      fr: () => 'Pas un des mots de passe les plus courants',
    },
  },
  {
    id: 'not-personal',
    enabled: (config) => config.personalInfoMinLength > 0,
    params: (config) => ({ minLength: config.personalInfoMinLength }),
    passes: (candidate, config) => {
      const password = candidate.password.toLowerCase();
      return !personalWords(candidate, config.personalInfoMinLength).some((word) => password.includes(word));
    },
    message: {
      en: () => 'Must not contain your username or the part of your email before the @',
      fr: () => "Ne doit contenir ni votre nom d'utilisateur ni la partie de votre e-mail avant le @",
    },
  },
];

/** The rules the configuration turns on, in the order a checklist shows them. */
export const activeRules = (config: PasswordPolicyConfig): Rule[] => RULES.filter((rule) => rule.enabled(config));

/** Passwords and identities are compared in NFKC form, so look-alike encodings count as one. */
export const normalise = (text: string): string => text.normalize('NFKC');

/** False for text that was not valid UTF-8: lone surrogates, or U+FFFD left by the body parser. */
export const isWellFormedText = (text: string): boolean => text.isWellFormed() && !text.includes('\uFFFD');

/** Whether a request means to set a password: an absent, null or empty one leaves it as it is. */
export const isPasswordGiven = (value: unknown): boolean => value !== undefined && value !== null && value !== '';
