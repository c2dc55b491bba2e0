/**
 * The plugin's notion of "now". Code expiry and per-hour limits read it, so an operator (or a
 * test) can move it forward instead of waiting thirty minutes.
 */
const clock = () => {
  let offsetMs = 0;
  return {
    now: (): number => Date.now() + offsetMs,
    /** Moves the clock forward by `ms`. */
    advance(ms: number): void {
      offsetMs += ms;
    },
    reset(): void {
      offsetMs = 0;
    },
  };
};

export type ClockService = ReturnType<typeof clock>;
export default clock;
