import { DEFAULT_CONFIG, validateConfig } from '..';

describe('mail-outbox config', () => {
  it('accepts the defaults', () => {
    expect(() => validateConfig(DEFAULT_CONFIG)).not.toThrow();
  });

  it.each([
    ['worker', 'yes', 'worker must be true or false'],
    ['pollMs', 10, 'pollMs must be a whole number from 50 to 600000'],
    ['batchSize', 0, 'batchSize must be a whole number from 1 to 1000'],
    ['leaseSeconds', 1.5, 'leaseSeconds must be a whole number from 1 to 3600'],
    ['keepDays', -1, 'keepDays must be a whole number from 0 to 365'],
  ])('refuses %s = %p, naming the option', (key, value, message) => {
    expect(() => validateConfig({ ...DEFAULT_CONFIG, [key]: value })).toThrow(`Invalid mail-outbox config: ${message}`);
  });
});
