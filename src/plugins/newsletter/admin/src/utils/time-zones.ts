let serverZone = 'Europe/Brussels';

/**
 * The zone the server reads a schedule in when none is named (NEWSLETTER_TIME_ZONE): the campaign
 * list's `meta.timeZone` sets it (`rememberServerTimeZone`); until then, the plugin's default.
 */
export const serverTimeZone = (): string => serverZone;
export const rememberServerTimeZone = (zone: string | undefined): void => {
  if (zone) serverZone = zone;
};

/** The zone of this browser, in which the pages show every time. */
export const browserTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The zones to choose from: this browser's, the server's default and UTC first, then every other the browser knows. */
export const timeZoneChoices = (): string[] => {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([browserTimeZone(), serverTimeZone(), 'UTC', ...known])];
};

/** What a wall clock in `zone` reads at `instant`, as a date input's and a time input's values. */
export const wallClock = (instant: Date, zone: string): { date: string; time: string } => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(instant)
      .map((part) => [part.type, part.value])
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
};
