import { cronOf, isTimeZone, latestDue, nextOccurrence, parseScheduleTime, recurrenceProblem, wallClock } from '../time';

const at = (input: string, zone = 'Europe/Brussels') => {
  const parsed = parseScheduleTime(input, zone);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.at.toISOString();
};

describe('schedule times in a named zone', () => {
  it('keeps 08:00 at 08:00 in Brussels on both sides of the spring change', () => {
    expect(at('2027-03-27T08:00')).toBe('2027-03-27T07:00:00.000Z');
    expect(at('2027-03-30T08:00')).toBe('2027-03-30T06:00:00.000Z');
    expect(at('2026-03-30T08:00')).toBe('2026-03-30T06:00:00.000Z');
    expect(at('2027-11-01T08:00')).toBe('2027-11-01T07:00:00.000Z');
  });

  it('reads other zones and takes a time with its own offset as it is', () => {
    expect(at('2027-01-15T08:00', 'America/New_York')).toBe('2027-01-15T13:00:00.000Z');
    expect(at('2027-01-15T08:00', 'UTC')).toBe('2027-01-15T08:00:00.000Z');
    expect(at('2027-01-15T08:00:00+01:00', 'Asia/Tokyo')).toBe('2027-01-15T07:00:00.000Z');
    expect(at('2027-01-15T08:00:00Z')).toBe('2027-01-15T08:00:00.000Z');
  });

  it('refuses a local time the clocks skip, and takes the first of one that happens twice', () => {
    expect(parseScheduleTime('2027-03-28T02:30', 'Europe/Brussels')).toEqual({ error: expect.stringContaining('does not exist in Europe/Brussels') });
    // 02:30 on 31 October 2027 is first CEST (00:30 UTC), then CET (01:30 UTC).
    expect(at('2027-10-31T02:30')).toBe('2027-10-31T00:30:00.000Z');
  });

  it('refuses what is not a date', () => {
    for (const bad of ['tomorrow', '2027-02-30T08:00', '2027-13-01T08:00', '2027-01-01', '2027-01-01T25:00', '']) {
      expect(parseScheduleTime(bad, 'Europe/Brussels')).toEqual({ error: expect.any(String) });
    }
  });

  it('knows time zones', () => {
    expect(isTimeZone('Europe/Brussels')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Europe/Atlantis')).toBe(false);
    expect(isTimeZone(42)).toBe(false);
    expect(wallClock(new Date('2027-03-30T06:00:00Z'), 'Europe/Brussels')).toBe('2027-03-30T08:00:00');
  });
});

describe('the digest rule', () => {
  const mondays = { weekly: { days: [1 as const], time: '08:00' } };

  it('writes weekly rules as cron and checks them', () => {
    expect(cronOf({ weekly: { days: [5, 1, 1], time: '07:30' } })).toBe('30 7 * * 1,5');
    expect(recurrenceProblem(mondays, 'Europe/Brussels')).toBeNull();
    expect(recurrenceProblem({ cron: '0 8 * * 1' }, 'Europe/Brussels')).toBeNull();
    expect(recurrenceProblem({ weekly: { days: [1], time: '8h' } }, 'Europe/Brussels')).toMatch(/HH:mm/);
    expect(recurrenceProblem({ weekly: { days: [], time: '08:00' } }, 'Europe/Brussels')).toMatch(/at least one day/);
    expect(recurrenceProblem({ cron: '0 0 8 * * 1' }, 'Europe/Brussels')).toMatch(/five fields/);
    expect(recurrenceProblem({ cron: '99 8 * * 1' }, 'Europe/Brussels')).toMatch(/schedule.cron/);
  });

  it('fires every Monday at 08:00 Brussels time across the change', () => {
    expect(nextOccurrence(mondays, 'Europe/Brussels', new Date('2027-03-20T00:00:00Z'))?.toISOString()).toBe('2027-03-22T07:00:00.000Z');
    expect(nextOccurrence(mondays, 'Europe/Brussels', new Date('2027-03-22T07:00:00Z'))?.toISOString()).toBe('2027-03-29T06:00:00.000Z');
  });

  it('finds the latest occurrence due, or none', () => {
    const zone = 'Europe/Brussels';
    expect(latestDue(mondays, zone, new Date('2027-03-20T00:00:00Z'), new Date('2027-03-22T06:59:59Z'))).toBeNull();
    expect(latestDue(mondays, zone, new Date('2027-03-20T00:00:00Z'), new Date('2027-03-22T07:00:00Z'))?.toISOString()).toBe('2027-03-22T07:00:00.000Z');
    // Three weeks stopped: only the last one is due, the others passed unseen.
    expect(latestDue(mondays, zone, new Date('2027-03-01T00:00:00Z'), new Date('2027-03-23T00:00:00Z'))?.toISOString()).toBe('2027-03-22T07:00:00.000Z');
    // An occurrence at `after` itself is not due again.
    expect(latestDue(mondays, zone, new Date('2027-03-22T07:00:00Z'), new Date('2027-03-23T00:00:00Z'))).toBeNull();
    // A monthly rule after a long stop is still found.
    expect(latestDue({ cron: '0 8 1 * *' }, zone, new Date('2027-01-02T00:00:00Z'), new Date('2027-03-20T00:00:00Z'))?.toISOString()).toBe('2027-03-01T07:00:00.000Z');
  });
});
