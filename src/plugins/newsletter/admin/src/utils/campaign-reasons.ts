import { useIntl } from 'react-intl';

/**
 * The server writes why a campaign paused, was missed or skipped, and why a schedule or the
 * digest's settings were refused, in English: the ones it writes itself are put in the reader's language here, anything else shows
 * as received.
 */
export const useCampaignReasons = () => {
  const { formatMessage, formatDate } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string>) =>
    formatMessage({ id: `newsletter.campaigns.reason.${id}`, defaultMessage }, values);

  /** The reasons a campaign could not start: the stories it would carry. */
  const nothing = (text: string) => {
    if (text === 'No story was published since the last campaign: there is nothing to send.') {
      return t('nothing.since-last', 'No story was published since the last campaign: there is nothing to send.');
    }
    if (text === 'None of the chosen stories is published: there is nothing to send.') {
      return t('nothing.chosen', 'None of the chosen stories is published: there is nothing to send.');
    }
    return text;
  };

  /** A zone the server's Node does not know (the browser offered it). */
  const zone = (text: string) => {
    const unknown = /^timeZone: (.+) is not a time zone this server knows/.exec(text);
    return unknown ? t('zone.unknown', 'The server does not know the time zone {zone}.', { zone: unknown[1] }) : text;
  };

  return {
    paused(text: string | null): string {
      if (!text) return '';
      if (text === 'Paused by staff.') return t('staff', 'Paused by staff.');
      const failures = /^Paused after (\d+) failed deliveries in a row; last error: (.*)$/s.exec(text);
      return failures ? t('failures', 'Paused after {count} failed deliveries in a row; last error: {error}', { count: failures[1], error: failures[2] }) : text;
    },

    /** Why a campaign is missed or skipped. */
    status(text: string | null): string {
      if (!text) return '';
      const missed = /^Not sent: its time passed more than (\d+) minutes ago while no server process was running\. Send it now, reschedule it or drop it\.$/.exec(text);
      if (missed) {
        return t('missed', 'Not sent: its time passed more than {minutes} minutes ago while no server process was running. Send it now or drop it.', { minutes: missed[1] });
      }
      const skipped = /^Not sent at its time: (.*)$/s.exec(text);
      if (skipped) return t('skipped', 'Not sent at its time: {reason}', { reason: nothing(skipped[1]) });
      const refused = /^Could not start at its time: (.*)$/s.exec(text);
      if (refused) return t('refused', 'Could not start at its time: {reason}', { reason: refused[1] });
      return text;
    },

    /** Why the server refused to start a campaign by hand (a 400 of POST …/send). */
    start(text: string): string {
      return nothing(text);
    },

    /** Why the server refused a time (a 400 of POST …/schedule). */
    schedule(text: string): string {
      if (text === 'at is in the past: choose a later time.') return t('past', 'This time has passed: choose a later one.');
      const gap = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}) does not exist in (.+): the clocks go forward that night$/.exec(text);
      if (gap) {
        // A calendar day, not an instant: written out as is, whatever the viewer's zone.
        const date = formatDate(`${gap[1]}T00:00:00Z`, { dateStyle: 'long', timeZone: 'UTC' });
        return t('gap', '{time} does not exist on {date} in {zone}: the clocks go forward that night.', { date, time: gap[2], zone: gap[3] });
      }
      return zone(text);
    },

    /** Why the server refused the digest's settings (a 400 of PUT /newsletter/digest). */
    digest(text: string): string {
      if (text === 'schedule.cron must have five fields: minute hour day-of-month month day-of-week') {
        return t('cron.fields', 'A cron expression has five fields: minute, hour, day of the month, month, day of the week.');
      }
      if (text === 'schedule never fires') return t('cron.never', 'This schedule never comes round.');
      return zone(text);
    },
  };
};
