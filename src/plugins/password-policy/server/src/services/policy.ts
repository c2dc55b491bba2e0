import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { PasswordPolicyConfig } from '../config';
import { activeRules, type Candidate, isWellFormedText, type Locale, normalise, type RuleId } from '../rules';

export interface Identity {
  email?: unknown;
  username?: unknown;
}

export interface RuleDescription {
  id: RuleId;
  message: string;
  [param: string]: string | number;
}

export interface PolicyDescription {
  rules: RuleDescription[];
  minLength: number;
  maxBytes: number;
}

export interface RuleFailure {
  path: ['password'];
  rule: RuleId;
  message: string;
}

const text = (value: unknown) => (typeof value === 'string' ? normalise(value) : undefined);

const policy = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.config.get('plugin::password-policy') as PasswordPolicyConfig;

  const candidate = (password: string, identity: Identity): Candidate => ({
    password: normalise(password),
    email: text(identity.email),
    username: text(identity.username),
  });

  /** The active rules `password` fails, in checklist order. */
  const failedRules = (password: string, identity: Identity, current: PasswordPolicyConfig) => {
    const input = candidate(password, identity);
    return activeRules(current).filter((rule) => !rule.passes(input, current));
  };

  /** One entry per failed rule, worded for `locale`. */
  const failures = (password: string, identity: Identity, locale: Locale): RuleFailure[] => {
    const current = config();
    return failedRules(password, identity, current).map((rule) => ({
      path: ['password'],
      rule: rule.id,
      message: rule.message[locale](rule.params(current)),
    }));
  };

  return {
    /** The form every password is checked, hashed and compared in (NFKC). */
    normalise,

    /** Ids of the rules `password` fails, in checklist order; empty when it is acceptable. */
    check(password: string, identity: Identity = {}): RuleId[] {
      return failedRules(password, identity, config()).map((rule) => rule.id);
    },

    /** The active rules, worded for `locale`, for a form's live checklist. */
    describe(locale: Locale = 'en'): PolicyDescription {
      const current = config();
      return {
        rules: activeRules(current).map((rule) => {
          const params = rule.params(current);
          return { id: rule.id, message: rule.message[locale](params), ...params };
        }),
        minLength: current.minLength,
        maxBytes: current.maxBytes,
      };
    },

    /**
     * Throws a 400 ValidationError, one `details.errors[]` entry per failed rule, unless `password`
     * is an acceptable password for `identity`. Every path that sets a password calls this.
     */
    assert(password: unknown, identity: Identity = {}, locale: Locale = 'en'): void {
      if (typeof password !== 'string') {
        throw new errors.ValidationError('password must be a string', {
          errors: [{ path: ['password'], rule: 'type', message: 'password must be a string' }],
        });
      }
      if (!isWellFormedText(password)) {
        throw new errors.ValidationError('password is not valid UTF-8 text', {
          errors: [{ path: ['password'], rule: 'encoding', message: 'password is not valid UTF-8 text' }],
        });
      }
      const failed = failures(password, identity, locale);
      if (failed.length > 0) {
        const summary = locale === 'fr' ? 'Le mot de passe ne respecte pas la politique' : 'Password does not meet the policy';
        throw new errors.ValidationError(`${summary}: ${failed.map((f) => f.message).join('; ')}`, {
          errors: failed,
        });
      }
    },
  };
};

export type PolicyService = ReturnType<typeof policy>;
export default policy;
