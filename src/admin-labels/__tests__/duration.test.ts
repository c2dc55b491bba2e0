import { formatDuration } from '../duration';

describe('formatDuration', () => {
  it('writes minutes and seconds below an hour', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(5)).toBe('0:05');
    expect(formatDuration(125)).toBe('2:05');
    expect(formatDuration(3599)).toBe('59:59');
  });

  it('writes hours, minutes and seconds from an hour', () => {
    expect(formatDuration(3600)).toBe('1:00:00');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(36000)).toBe('10:00:00');
  });

  it('rounds to the nearest second, and reads the text PostgreSQL gives for decimals', () => {
    expect(formatDuration(59.6)).toBe('1:00');
    expect(formatDuration('12.400')).toBe('0:12');
  });

  it('gives nothing when there is no duration', () => {
    expect(formatDuration(null)).toBeNull();
    expect(formatDuration(undefined)).toBeNull();
    expect(formatDuration('')).toBeNull();
    expect(formatDuration('abc')).toBeNull();
    expect(formatDuration(-1)).toBeNull();
  });
});
