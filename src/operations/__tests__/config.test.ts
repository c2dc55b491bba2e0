import { DEFAULT_SHUTDOWN_GRACE_SECONDS, DEFAULT_SHUTDOWN_TIMEOUT_SECONDS, operationsConfig } from '../config';

describe('operationsConfig', () => {
  it('turns metrics off and takes the default bounds when nothing is set', () => {
    expect(operationsConfig({})).toEqual({
      metricsToken: null,
      shutdownTimeoutSeconds: DEFAULT_SHUTDOWN_TIMEOUT_SECONDS,
      shutdownGraceSeconds: DEFAULT_SHUTDOWN_GRACE_SECONDS,
    });
    expect(operationsConfig({ METRICS_TOKEN: '  ', SHUTDOWN_TIMEOUT_SECONDS: '' }).metricsToken).toBeNull();
  });

  it('reads the token and the bounds', () => {
    expect(operationsConfig({ METRICS_TOKEN: 'a'.repeat(32), SHUTDOWN_TIMEOUT_SECONDS: '40', SHUTDOWN_GRACE_SECONDS: '0.5' })).toEqual({
      metricsToken: 'a'.repeat(32),
      shutdownTimeoutSeconds: 40,
      shutdownGraceSeconds: 0.5,
    });
  });

  it('refuses a short token, bad numbers and a grace longer than the timeout, naming the setting', () => {
    expect(() => operationsConfig({ METRICS_TOKEN: 'secret' })).toThrow(/METRICS_TOKEN must be at least 16 characters/);
    expect(() => operationsConfig({ SHUTDOWN_TIMEOUT_SECONDS: 'soon' })).toThrow(/SHUTDOWN_TIMEOUT_SECONDS must be a number of seconds/);
    expect(() => operationsConfig({ SHUTDOWN_GRACE_SECONDS: '-1' })).toThrow(/SHUTDOWN_GRACE_SECONDS must be a number of seconds/);
    expect(() => operationsConfig({ SHUTDOWN_TIMEOUT_SECONDS: '5', SHUTDOWN_GRACE_SECONDS: '10' })).toThrow(/must not exceed SHUTDOWN_TIMEOUT_SECONDS/);
  });

  it('never repeats the token in its messages', () => {
    expect(() => operationsConfig({ METRICS_TOKEN: 'hunter2' })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('hunter2') }));
  });
});
