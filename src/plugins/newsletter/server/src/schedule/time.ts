import { Cron } from 'croner';

/**
 * Wall-clock times in named time zones, and the recurring rule of the digest. croner (what Strapi
 * itself schedules with) does the time-zone arithmetic, DST included: 08:00 in Brussels is 07:00
 * UTC in winter and 06:00 UTC in summer.
 */

/** True for an IANA time zone this Node knows (Europe/Brussels, UTC…). */
export const isTimeZone = (zone: unknown): boolean => {
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone as string });
    return true;
  } catch {
    return false;
  }
};

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** The wall-clock reading of `instant` in `zone`, as `YYYY-MM-DDTHH:mm:ss`. */
export const wallClock = (instant: Date, zone: string): string => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value])
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
};

export type ParsedTime = { at: Date } | { error: string };

/**
 * The instant meant by `input` in `zone`: either a local date and time (`2027-03-30T08:00`), read
 * in the zone, or an ISO time with its own offset (`…Z`, `…+02:00`). A local time that does not
 * exist there (the hour skipped when clocks go forward) is refused; one that happens twice (when
 * they go back) is the first.
 */
export const parseScheduleTime = (input: string, zone: string): ParsedTime => {
  if (WITH_OFFSET.test(input)) {
    const at = new Date(input);
    return Number.isNaN(at.getTime()) ? { error: 'at is not a valid date and time' } : { at };
  }
  const match = LOCAL.exec(input);
  if (!match) return { error: 'at must be a date and time such as 2027-03-30T08:00 (local to timeZone) or an ISO time with an offset' };
  const [, year, month, day, hour, minute, second = '00'] = match;
  const local = `${year}-${month}-${day}T${hour}:${minute}:${second}`;
  const probe = new Date(`${local}Z`);
  if (Number.isNaN(probe.getTime()) || probe.toISOString().slice(0, 19) !== local) return { error: 'at is not a valid date and time' };
  // Midnight UTC a day before: croner's first run of a one-off time after it is that time itself.
  const at = new Cron(local, { timezone: zone, paused: true }).nextRun(new Date(probe.getTime() - 2 * 86_400_000));
  if (!at || wallClock(at, zone) !== local) {
    return { error: `${local.slice(0, 16).replace('T', ' ')} does not exist in ${zone}: the clocks go forward that night` };
  }
  return { at };
};

/** Days of the week as cron numbers: 0 = Sunday … 6 = Saturday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** A digest's rule: weekly on some days at a time, or a five-field cron expression. */
export type Recurrence = { weekly: { days: Weekday[]; time: string } } | { cron: string };

/** The cron expression of a rule. */
export const cronOf = (rule: Recurrence): string => {
  if ('cron' in rule) return rule.cron.trim();
  const [hour, minute] = rule.weekly.time.split(':').map(Number);
  const days = [...new Set(rule.weekly.days)].sort((a, b) => a - b).join(',');
  return `${minute} ${hour} * * ${days}`;
};

/** Why a rule cannot be used, or null. Cron expressions have five fields (no seconds). */
export const recurrenceProblem = (rule: Recurrence, zone: string): string | null => {
  if ('weekly' in rule) {
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(rule.weekly.time)) return 'schedule.weekly.time must be HH:mm (24-hour)';
    if (rule.weekly.days.length === 0) return 'schedule.weekly.days must name at least one day';
  } else if (rule.cron.trim().split(/\s+/).length !== 5) {
    return 'schedule.cron must have five fields: minute hour day-of-month month day-of-week';
  }
  try {
    const next = new Cron(cronOf(rule), { timezone: zone, paused: true }).nextRun();
    return next ? null : 'schedule never fires';
  } catch (error) {
    return `schedule.cron: ${(error as Error).message}`;
  }
};

/** The first occurrence of `rule` strictly after `after`, or null. */
export const nextOccurrence = (rule: Recurrence, zone: string, after: Date): Date | null =>
  new Cron(cronOf(rule), { timezone: zone, paused: true }).nextRun(after);

/**
 * The latest occurrence of `rule` in (`after`, `now`], or null when none fell in it: the one a
 * scheduler coming back from a stop should consider. Older ones passed unseen.
 */
export const latestDue = (rule: Recurrence, zone: string, after: Date, now: Date): Date | null => {
  const cron = new Cron(cronOf(rule), { timezone: zone, paused: true });
  const scan = (from: Date, steps: number) => {
    let due: Date | null = null;
    let next = cron.nextRun(from);
    for (let step = 0; next && next.getTime() <= now.getTime() && step < steps; step += 1) {
      due = next;
      next = cron.nextRun(next);
    }
    return due;
  };
  // A rule firing every minute, after a long stop, would take many steps from `after`: the last
  // eight days hold the latest occurrence of any rule that fires at least weekly.
  const recent = new Date(Math.max(after.getTime(), now.getTime() - 8 * 86_400_000));
  return scan(recent, 20_000) ?? (recent.getTime() > after.getTime() ? scan(after, 20_000) : null);
};
