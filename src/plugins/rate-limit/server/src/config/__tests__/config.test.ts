import { DEFAULT_CONFIG, validateConfig } from '..';

describe('rate-limit config validator', () => {
  it('accepts the defaults and a sound override', () => {
    expect(() => validateConfig(DEFAULT_CONFIG)).not.toThrow();
    expect(() =>
      validateConfig({ ...DEFAULT_CONFIG, limits: { 'users-permissions.login': { max: 20, windowSeconds: 60 } } })
    ).not.toThrow();
  });

  it.each([
    ['a zero limit', { limits: { x: { max: 0, windowSeconds: 60 } } }, /limits\.x/],
    ['a fractional window', { limits: { x: { max: 5, windowSeconds: 1.5 } } }, /limits\.x/],
    ['a table name with SQL in it', { tableName: 'limits; drop table users' }, /tableName/],
    ['a cron rule that is not one', { pruneRule: 'often' }, /pruneRule/],
    ['an unknown option', { windowSeconds: 60 }, /unknown option "windowSeconds"/],
  ])('refuses %s', (_label, change, message) => {
    expect(() => validateConfig({ ...DEFAULT_CONFIG, ...change })).toThrow(message);
  });
});
