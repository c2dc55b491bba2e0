/**
 * Moves `Date.now()` forward for the app booted in this test process, instead of waiting: code
 * expiry, the rate-limit windows (rate-limiter-flexible reads Date.now) and token times all follow.
 */
export const controlClock = () => {
  const real = Date.now.bind(Date);
  let offsetMs = 0;
  let frozenAt: number | undefined;
  const spy = jest.spyOn(Date, 'now').mockImplementation(() => frozenAt ?? real() + offsetMs);
  return {
    /** Stops the clock at the current millisecond: whatever happens next happens "at once". */
    freeze(): void {
      frozenAt = real() + offsetMs;
    },
    /** Lets the clock run again from where it was stopped. */
    thaw(): void {
      if (frozenAt !== undefined) offsetMs = frozenAt - real();
      frozenAt = undefined;
    },
    advance(ms: number): void {
      offsetMs += ms;
    },
    reset(): void {
      offsetMs = 0;
      frozenAt = undefined;
    },
    restore(): void {
      spy.mockRestore();
    },
  };
};

export type Clock = ReturnType<typeof controlClock>;

/**
 * Sets the date of this test process (Date.now and new Date alike: what the app stamps on stories
 * and what its scheduler compares) to `start`, from where it keeps running at the real pace. Timers
 * stay real, so the app's polls, the database and the network behave as usual.
 */
export const controlDate = (start: Date) => {
  jest.useFakeTimers({
    now: start,
    advanceTimers: true,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
  return {
    /** Jumps to `at` (forward, as time goes). */
    set(at: Date | string): void {
      jest.setSystemTime(new Date(at));
    },
    restore(): void {
      jest.useRealTimers();
    },
  };
};
