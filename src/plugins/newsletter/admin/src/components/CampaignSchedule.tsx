import { type ChangeEvent, useState } from 'react';
import { Alert, Box, Button, Field, Flex, TextInput, Typography } from '@strapi/design-system';
import { Clock, Cross } from '@strapi/icons';
import { useFetchClient } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import type { Campaign, Notice } from '../utils/campaign';
import { useCampaignReasons } from '../utils/campaign-reasons';
import { errorMessage } from '../utils/error-message';
import { serverTimeZone, wallClock } from '../utils/time-zones';
import { MissedCampaignActions } from './MissedCampaignActions';
import { ScheduledTime } from './ScheduledTime';
import { TimeZoneSelect } from './TimeZoneSelect';

interface Props {
  /** A draft, scheduled, missed or skipped campaign. */
  campaign: Campaign;
  canSend: boolean;
  /** An action begins: the page's previous notice no longer holds. */
  onStart(): void;
  onDone(notice: Notice): void;
}

const DAY_MS = 86_400_000;

/** Where the picker starts: the campaign's own time while scheduled, else tomorrow 08:00 in its zone or the server's. */
const initialTime = (campaign: Campaign) => {
  const zone = campaign.timeZone ?? serverTimeZone();
  if (campaign.status === 'scheduled' && campaign.scheduledAt) return { zone, ...wallClock(new Date(campaign.scheduledAt), zone) };
  return { zone, date: wallClock(new Date(Date.now() + DAY_MS), zone).date, time: '08:00' };
};

/**
 * When a campaign goes out by itself: the time it is scheduled for, why it did not go out when its
 * time passed, and the picker to schedule, reschedule or unschedule it. The time is a wall-clock
 * time in a named zone, which the server turns into an instant.
 */
export const CampaignSchedule = ({ campaign, canSend, onStart, onDone }: Props) => {
  const { formatMessage, formatDate } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string>) =>
    formatMessage({ id: `newsletter.campaigns.schedule.${id}`, defaultMessage }, values);
  const { post, del } = useFetchClient();
  const reasons = useCampaignReasons();
  const [form, setForm] = useState(() => initialTime(campaign));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const waiting = campaign.status === 'missed' || campaign.status === 'skipped';

  const schedule = async () => {
    onStart();
    setBusy(true);
    setError(null);
    try {
      const res = await post<{ data: Campaign }>(`/newsletter/campaigns/${campaign.id}/schedule`, { at: `${form.date}T${form.time}`, timeZone: form.zone });
      const at = res.data.data.scheduledAt;
      onDone({ variant: 'success', text: t('done', 'Scheduled: it goes out {at}.', { at: at ? formatDate(at, { dateStyle: 'full', timeStyle: 'short' }) : '' }) });
    } catch (failure) {
      setError(reasons.schedule(errorMessage(failure)));
    } finally {
      setBusy(false);
    }
  };

  const unschedule = async () => {
    onStart();
    setBusy(true);
    setError(null);
    try {
      await del(`/newsletter/campaigns/${campaign.id}/schedule`);
      onDone({ variant: 'success', text: t('undone', 'Unscheduled: the campaign is a draft again.') });
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box background="neutral100" padding={4} hasRadius>
      <Flex direction="column" alignItems="stretch" gap={3}>
        {campaign.status === 'scheduled' && campaign.scheduledAt && (
          <Flex gap={2} alignItems="flex-start">
            <Typography variant="omega" fontWeight="bold">
              {t('goes-out', 'Goes out')}
            </Typography>
            <ScheduledTime at={campaign.scheduledAt} zone={campaign.timeZone} variant="omega" />
          </Flex>
        )}
        {waiting && (
          // Not an Alert: it cannot be closed, it stays until staff act.
          <Box background="warning100" borderColor="warning200" borderStyle="solid" borderWidth="1px" padding={4} hasRadius role="status" data-testid="campaign-missed">
            <Flex direction="column" alignItems="flex-start" gap={2}>
              <Typography fontWeight="bold" textColor="warning700">
                {campaign.status === 'missed' ? t('missed.title', 'Its time passed') : t('skipped.title', 'Nothing to send at its time')}
              </Typography>
              <Typography textColor="neutral800">{reasons.status(campaign.statusReason)}</Typography>
              {canSend && <MissedCampaignActions campaign={campaign} onDone={onDone} size="M" />}
            </Flex>
          </Box>
        )}
        {canSend && (
          <>
            <Typography variant="delta" tag="h3">
              {campaign.status === 'draft' ? t('title', 'Schedule') : t('title.again', 'Schedule again')}
            </Typography>
            <Flex gap={3} alignItems="flex-end" wrap="wrap">
              <Field.Root name="scheduleDate" required>
                <Field.Label>{t('date', 'Date')}</Field.Label>
                <TextInput type="date" value={form.date} onChange={(event: ChangeEvent<HTMLInputElement>) => setForm({ ...form, date: event.target.value })} />
              </Field.Root>
              <Field.Root name="scheduleTime" required>
                <Field.Label>{t('time', 'Time')}</Field.Label>
                <TextInput type="time" value={form.time} onChange={(event: ChangeEvent<HTMLInputElement>) => setForm({ ...form, time: event.target.value })} />
              </Field.Root>
              <Box minWidth="320px">
                <TimeZoneSelect name="scheduleZone" value={form.zone} onChange={(zone) => setForm({ ...form, zone })} />
              </Box>
              <Button startIcon={<Clock />} loading={busy} disabled={!form.date || !form.time} onClick={() => void schedule()}>
                {campaign.status === 'scheduled' ? t('reschedule', 'Reschedule') : t('schedule', 'Schedule')}
              </Button>
              {campaign.status === 'scheduled' && (
                <Button variant="danger-light" startIcon={<Cross />} disabled={busy} onClick={() => void unschedule()}>
                  {t('unschedule', 'Unschedule')}
                </Button>
              )}
            </Flex>
            <Typography variant="pi" textColor="neutral600">
              {campaign.selection === 'since-last'
                ? t('hint.since-last', 'The date and time are read in the chosen time zone. It goes out by itself then, with every story published until then.')
                : t('hint.articles', 'The date and time are read in the chosen time zone. It goes out by itself then, with the stories chosen.')}
            </Typography>
          </>
        )}
        {error && (
          <Alert variant="danger" closeLabel={formatMessage({ id: 'newsletter.campaigns.close', defaultMessage: 'Close' })} onClose={() => setError(null)} title={t('failed', 'Not scheduled')}>
            {error}
          </Alert>
        )}
      </Flex>
    </Box>
  );
};
