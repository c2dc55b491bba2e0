/**
 * Moves `Date.now()` forward for the app booted in this test process, instead of waiting: code
 * expiry, the rate-limit windows (rate-limiter-flexible reads Date.now) and token times all follow.
 */
export const controlClock = () => {
  const real = Date.now.bind(Date);
  let offsetMs = 0;
  const spy = jest.spyOn(Date, 'now').mockImplementation(() => real() + offsetMs);
  return {
    advance(ms: number): void {
      offsetMs += ms;
    },
    reset(): void {
      offsetMs = 0;
    },
    restore(): void {
      spy.mockRestore();
    },
  };
};

export type Clock = ReturnType<typeof controlClock>;
