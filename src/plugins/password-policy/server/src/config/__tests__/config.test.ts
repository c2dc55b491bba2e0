import { DEFAULT_CONFIG, validateConfig } from '..';

describe('password-policy config validator', () => {
  it('accepts the defaults and sensible changes', () => {
    expect(() => validateConfig(DEFAULT_CONFIG)).not.toThrow();
    expect(() => validateConfig({ ...DEFAULT_CONFIG, minLength: 16, requireSymbol: false })).not.toThrow();
  });

  it.each([
    ['a minimum of 3', { minLength: 3 }, /minLength must be a whole number from 8/],
    ['a minimum above the byte limit', { minLength: 40, maxBytes: 32 }, /minLength \(40\) cannot exceed maxBytes \(32\)/],
    ['a byte limit above bcrypt', { maxBytes: 100 }, /maxBytes must be a whole number from 8 to 72/],
    ['a fractional minimum', { minLength: 12.5 }, /minLength/],
    ['a rule switch that is not a boolean', { requireDigit: 'yes' }, /requireDigit must be true or false/],
    ['a negative identity length', { personalInfoMinLength: -1 }, /personalInfoMinLength/],
    ['a rate limit of zero', { checkRateLimit: { max: 0, windowSeconds: 60 } }, /checkRateLimit/],
    ['an unknown option', { minLenght: 12 }, /unknown option "minLenght"/],
  ])('throws on %s', (_label, change, message) => {
    expect(() => validateConfig({ ...DEFAULT_CONFIG, ...change })).toThrow(message);
  });
});
