import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { DEFAULT_CONFIG, type PasswordPolicyConfig } from '../../config';
import type { RuleId } from '../../rules';
import policyFactory, { type Identity } from '../policy';

/* Table-driven: every rule alone, the boundaries, Unicode, and the identity rule. */

const policyWith = (overrides: Partial<PasswordPolicyConfig> = {}) => {
  const config = { ...DEFAULT_CONFIG, ...overrides };
  // A unit test may stub Strapi: the service only reads its config.
  const strapi = { config: { get: () => config } } as unknown as Core.Strapi;
  return policyFactory({ strapi });
};

const policy = policyWith();
const GOOD = 'Brussels-Desk-2024!';
const ascii = (length: number) => `Aa1!${'x'.repeat(length - 4)}`;

type Case = [label: string, password: string, expected: RuleId[], identity?: Identity];

const CASES: Case[] = [
  ['a good password', GOOD, []],
  ['the empty string', '', ['min-length', 'lowercase', 'uppercase', 'digit', 'symbol']],
  // Length: 11/12 characters, counted as code points after NFKC.
  ['11 characters', ascii(11), ['min-length']],
  ['12 characters', ascii(12), []],
  ['11 characters, one of them an emoji', 'Aa1!xxxxxx😀', ['min-length']],
  ['12 characters with an emoji (4 bytes)', 'Aa1!xxxxxxx😀', []],
  ['12 characters made of accented letters', 'Éééééééééé1!', []],
  ['a ligature that NFKC expands to reach 12', 'Aa1!xxxxxﬃ', []],
  // Bytes: 72/73, multi-byte characters counting 2 to 4.
  ['72 ASCII bytes', ascii(72), []],
  ['73 ASCII bytes', ascii(73), ['max-bytes']],
  ['72 bytes with two-byte letters', `Aa1!${'é'.repeat(34)}`, []],
  ['73 bytes with two-byte letters', `Aa1!x${'é'.repeat(34)}`, ['max-bytes']],
  ['72 bytes of emoji and ASCII', `Aa1!${'😀'.repeat(17)}`, []],
  ['76 bytes of emoji and ASCII', `Aa1!${'😀'.repeat(18)}`, ['max-bytes']],
  ['a 10 000-character password', ascii(10000), ['max-bytes']],
  // Whitespace of every kind.
  ['a plain space', 'Brussels Desk 2024!', ['no-whitespace']],
  ['a tab', 'Brussels\tDesk-2024!', ['no-whitespace']],
  ['a line break', 'Brussels\nDesk-2024!', ['no-whitespace']],
  ['a carriage return', 'Brussels\rDesk-2024!', ['no-whitespace']],
  ['a non-breaking space', 'Brussels\u00a0Desk-2024!', ['no-whitespace']],
  ['a narrow non-breaking space', 'Brussels\u202fDesk-2024!', ['no-whitespace']],
  ['an ideographic space', 'Brussels\u3000Desk-2024!', ['no-whitespace']],
  ['an em space', 'Brussels\u2003Desk-2024!', ['no-whitespace']],
  ['a leading space', ' Brussels-Desk-2024!', ['no-whitespace']],
  // Character classes, Unicode-aware.
  ['no lowercase letter', 'BRUSSELS-DESK-2024!', ['lowercase']],
  ['no uppercase letter', 'brussels-desk-2024!', ['uppercase']],
  ['an accented capital as the only uppercase', 'éditeur-Élysée-2024!', []],
  ['accented lowercase only', 'éditeur-élysée-2024!', ['uppercase']],
  ['a Greek password with capitals', 'Αθήνα-γραφείο-2024!', []],
  ['a Cyrillic password without capitals', 'пароль-редакции-2024!', ['uppercase']],
  ['no digit', 'Brussels-Desk-News!', ['digit']],
  ['Arabic-Indic digits', 'Brussels-Desk-٢٠٢٤!', []],
  ['full-width digits (NFKC makes them ASCII)', 'Brussels-Desk-２０２４!', []],
  ['no symbol', 'BrusselsDesk2024', ['symbol']],
  ['an emoji as the only symbol', 'BrusselsDesk2024😀', []],
  ['a currency sign as the only symbol', 'BrusselsDesk2024€', []],
  // Common passwords, compared case-insensitively.
  ['a common password, otherwise acceptable', 'P030710p$e4o', ['not-common']],
  ['a common password in other cases', 'NICK1234-rem936', ['not-common']],
  ['a common password in lower case', 'qwertyuiop123', ['uppercase', 'symbol', 'not-common']],
  ['a common password with its case changed', 'QwertyUIOP123', ['symbol', 'not-common']],
  // The email's local part and the username.
  ['the email local part inside', 'Jens.Stoltenberg-2024!', ['not-personal'], { email: 'jens.stoltenberg@nato.int' }],
  ['the local part in another case', 'xJENS.STOLTENBERGx-24!', ['not-personal'], { email: 'Jens.Stoltenberg@nato.int' }],
  ['a four-character local part', 'Anna-in-Brussels-24!', ['not-personal'], { email: 'anna@example.org' }],
  ['a three-character local part is ignored', 'Bob-the-Builder-24!', [], { email: 'bob@example.org' }],
  ['the username inside', 'My-jharman-Desk-24!', ['not-personal'], { username: 'JHarman' }],
  ['full-width letters spelling the local part', 'ＪＥＮＳ-Desk-2024!x', ['not-personal'], { email: 'jens@example.org' }],
  ['an unrelated identity', GOOD, [], { email: 'wang.yi@example.org', username: 'wangyi' }],
];

describe('policy.check with the default rules', () => {
  // A rest parameter: with a fourth named parameter, jest would wait for a `done` callback on
  // rows that have no identity.
  it.each(CASES)('%s', (...[, password, expected, identity]: Case) => {
    expect(policy.check(password, identity)).toEqual(expected);
  });

  it('has at least forty cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });
});

describe('policy.check with rules tuned in config', () => {
  it('applies a longer minimum', () => {
    expect(policyWith({ minLength: 16 }).check(GOOD)).toEqual([]);
    expect(policyWith({ minLength: 20 }).check(GOOD)).toEqual(['min-length']);
  });

  it('skips the rules that are switched off', () => {
    const relaxed = policyWith({ requireSymbol: false, noWhitespace: false, blockCommonPasswords: false });
    expect(relaxed.check('Brussels Desk 2024')).toEqual([]);
    expect(relaxed.check('qwertyuiop123')).toEqual(['uppercase']);
  });

  it('turns the identity rule off with personalInfoMinLength 0', () => {
    expect(policyWith({ personalInfoMinLength: 0 }).check('Anna-in-Brussels-24!', { email: 'anna@x.org' })).toEqual([]);
  });
});

describe('policy.describe', () => {
  it('lists the active rules with their parameters, in English and French', () => {
    const english = policy.describe('en');
    expect(english.minLength).toBe(12);
    expect(english.maxBytes).toBe(72);
    expect(english.rules.find((r) => r.id === 'min-length')).toEqual({
      id: 'min-length',
      message: 'At least 12 characters',
      min: 12,
    });
    expect(policy.describe('fr').rules.map((r) => r.message)).toContain('Au moins un chiffre');
    expect(policyWith({ requireDigit: false }).describe().rules.map((r) => r.id)).not.toContain('digit');
  });
});

describe('policy.assert', () => {
  const thrown = (run: () => void) => {
    try {
      run();
    } catch (error) {
      return error as errors.ValidationError;
    }
    throw new Error('expected a ValidationError');
  };

  it('accepts a good password', () => {
    expect(() => policy.assert(GOOD, { email: 'editor@newsreel.test' })).not.toThrow();
  });

  it('throws one details entry per failed rule, never echoing the password', () => {
    const error = thrown(() => policy.assert('brussels desk', {}, 'en'));
    expect(error).toBeInstanceOf(errors.ValidationError);
    expect(error.details).toEqual({
      errors: [
        { path: ['password'], rule: 'no-whitespace', message: 'No spaces, tabs or line breaks' },
        { path: ['password'], rule: 'uppercase', message: 'At least one uppercase letter' },
        { path: ['password'], rule: 'digit', message: 'At least one digit' },
        { path: ['password'], rule: 'symbol', message: 'At least one symbol, such as ! ? # % or *' },
      ],
    });
    expect(JSON.stringify(error.details) + error.message).not.toContain('brussels');
  });

  it('words the failures in French', () => {
    const error = thrown(() => policy.assert('Court-1!', {}, 'fr'));
    expect(error.message).toMatch(/^Le mot de passe ne respecte pas la politique/);
    expect((error.details as { errors: { message: string }[] }).errors[0].message).toBe('Au moins 12 caractères');
  });

  it.each([
    ['a number', 123456789012],
    ['null', null],
    ['an object', { value: GOOD }],
  ])('refuses %s instead of a string', (_label, value) => {
    const error = thrown(() => policy.assert(value));
    expect(error.message).toBe('password must be a string');
  });

  it('refuses text that was not valid UTF-8', () => {
    expect(thrown(() => policy.assert('Brussels-Desk-2024!\ud800')).message).toBe('password is not valid UTF-8 text');
    expect(thrown(() => policy.assert('Brussels-\ufffd-2024!A')).message).toBe('password is not valid UTF-8 text');
  });
});
