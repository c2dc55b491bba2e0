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
    ['a bounce address with a tag', { deliverability: { ...DEFAULT_CONFIG.deliverability, bounceAddress: 'bounces+x@news.example.org' } }, /bounceAddress/],
    ['a short inbound token', { deliverability: { ...DEFAULT_CONFIG.deliverability, inboundToken: 'short' } }, /inboundToken/],
    ['a host pattern that is no regular expression', { deliverability: { ...DEFAULT_CONFIG.deliverability, ses: { topicArns: [], hostPattern: '([' } } }, /hostPattern/],
    ['a topic that is no ARN', { deliverability: { ...DEFAULT_CONFIG.deliverability, ses: { ...DEFAULT_CONFIG.deliverability.ses, topicArns: ['bounces'] } } }, /topicArns/],
    ['a Postmark user without password', { deliverability: { ...DEFAULT_CONFIG.deliverability, postmark: { user: 'hook' } } }, /postmark/],
    ['a SendGrid key that is not one', { deliverability: { ...DEFAULT_CONFIG.deliverability, sendgrid: { maxAgeSeconds: 600, publicKey: 'not a key' } } }, /sendgrid.publicKey: The SendGrid verification key/],
    ['an unknown time zone', { scheduling: { ...DEFAULT_CONFIG.scheduling, timeZone: 'Europe/Atlantis' } }, /scheduling.timeZone/],
    ['a missed-after of zero minutes', { scheduling: { ...DEFAULT_CONFIG.scheduling, missedAfterMinutes: 0 } }, /scheduling.missedAfterMinutes/],
    ['a complaint rate of 30 %', { deliverability: { ...DEFAULT_CONFIG.deliverability, complaintRateWarning: 30 } }, /complaintRateWarning/],
  ])('throws on %s', (_label, change, message) => {
    expect(() => validateConfig({ ...DEFAULT_CONFIG, ...change })).toThrow(message);
  });
});
