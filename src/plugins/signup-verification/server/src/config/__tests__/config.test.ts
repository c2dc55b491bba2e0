import { DEFAULT_CONFIG, validateConfig } from '..';

describe('signup-verification config validator', () => {
  it('accepts the defaults', () => {
    expect(() => validateConfig(DEFAULT_CONFIG)).not.toThrow();
  });

  it.each([
    ['a code valid zero minutes', { codeTtlMinutes: 0 }, /codeTtlMinutes/],
    ['a fractional number of tries', { maxWrongTries: 2.5 }, /maxWrongTries/],
    ['an IP limit of zero', { ipLimits: { ...DEFAULT_CONFIG.ipLimits, verify: { max: 0, windowSeconds: 60 } } }, /ipLimits.verify/],
    ['a subject without French', { subjects: { ...DEFAULT_CONFIG.subjects, reset: { en: 'Reset' } } }, /subjects.reset/],
    ['origins that are not a list', { frontendOrigins: 'https://news.example.org' }, /frontendOrigins/],
  ])('throws on %s', (_label, change, message) => {
    expect(() => validateConfig({ ...DEFAULT_CONFIG, ...change })).toThrow(message);
  });
});
