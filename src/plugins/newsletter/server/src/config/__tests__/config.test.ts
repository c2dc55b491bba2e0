import { DEFAULT_CONFIG, validateConfig } from '..';

describe('newsletter config validator', () => {
  it('accepts the defaults', () => {
    expect(() => validateConfig(DEFAULT_CONFIG)).not.toThrow();
  });

  it.each([
    ['a link valid zero hours', { confirmTtlHours: 0 }, /confirmTtlHours/],
    ['a relative confirm path', { confirmPath: 'confirm.html' }, /confirmPath/],
    ['no frontend', { frontendOrigins: [] }, /frontendOrigins/],
    ['a zero IP limit', { ipLimits: { ...DEFAULT_CONFIG.ipLimits, subscribe: { max: 0, windowSeconds: 60 } } }, /ipLimits.subscribe/],
    ['a lease of zero seconds', { sending: { ...DEFAULT_CONFIG.sending, leaseSeconds: 0 } }, /sending.leaseSeconds/],
    ['a sender switch that is not a boolean', { sending: { ...DEFAULT_CONFIG.sending, worker: 'yes' } }, /sending.worker/],
    ['a relative story path', { storyPath: 'articles/{slug}' }, /storyPath/],
    ['a subject without French', { subjects: { ...DEFAULT_CONFIG.subjects, welcome: { en: 'Hi' } } }, /subjects.welcome/],
  ])('throws on %s', (_label, change, message) => {
    expect(() => validateConfig({ ...DEFAULT_CONFIG, ...change })).toThrow(message);
  });
});
