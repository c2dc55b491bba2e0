import { addSample, formatBytes, formatDuration, rateOf, secondsLeft, type Sample } from '../progress';

describe('upload progress figures', () => {
  it('measures the rate over the last five seconds only', () => {
    let samples: Sample[] = [];
    samples = addSample(samples, { at: 0, bytes: 0 });
    expect(rateOf(samples)).toBeNull();
    samples = addSample(samples, { at: 1000, bytes: 1_000_000 }); // 1 MB/s at first
    samples = addSample(samples, { at: 7000, bytes: 61_000_000 }); // then 10 MB/s
    samples = addSample(samples, { at: 8000, bytes: 71_000_000 });
    expect(samples.map((sample) => sample.at)).toEqual([7000, 8000]);
    expect(rateOf(samples)).toBe(10_000_000);
  });

  it('tells the time left, or nothing before the rate is known', () => {
    expect(secondsLeft(100, 1100, 10)).toBe(100);
    expect(secondsLeft(100, 1100, null)).toBeNull();
    expect(secondsLeft(1100, 1100, 10)).toBe(0);
  });

  it('writes sizes and durations as people read them, in the admin language', () => {
    expect(formatBytes(850_000_000, 'en')).toBe('850 MB');
    // French puts a narrow no-break space before the unit.
    expect(formatBytes(1_234_000_000, 'fr')).toBe('1,2\u202fGo');
    expect(formatBytes(199_000_000, 'fr')).toBe('199\u202fMo');
    expect(formatBytes(512, 'en')).toBe('512 bytes');
    expect(formatBytes(512, 'fr')).toBe('512\u00a0octets');
    expect(formatDuration(3900)).toBe('1 h 05 min');
    expect(formatDuration(250)).toBe('4 min 10 s');
    expect(formatDuration(35)).toBe('35 s');
  });
});
