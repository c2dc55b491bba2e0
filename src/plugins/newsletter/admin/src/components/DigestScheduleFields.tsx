import type { ChangeEvent } from 'react';
import { Box, Checkbox, Field, Flex, Radio, TextInput, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { type DigestForm, WEEK, type Weekday } from '../utils/digest';
import { TimeZoneSelect } from './TimeZoneSelect';

interface Props {
  form: DigestForm;
  onChange(form: DigestForm): void;
  disabled: boolean;
}

/** When the digest goes out: days of the week and a time, or a cron expression, in a time zone. */
export const DigestScheduleFields = ({ form, onChange, disabled }: Props) => {
  const { formatMessage, formatDate } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string>) =>
    formatMessage({ id: `newsletter.digest.${id}`, defaultMessage }, values);
  // 7 January 2024 was a Sunday: day 0.
  const dayName = (day: Weekday) => formatDate(new Date(Date.UTC(2024, 0, 7 + day)), { weekday: 'long', timeZone: 'UTC' });
  const toggleDay = (day: Weekday, on: boolean) =>
    onChange({ ...form, days: on ? [...new Set([...form.days, day])] : form.days.filter((chosen) => chosen !== day) });

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Field.Root name="digestMode">
        <Field.Label>{t('when', 'When')}</Field.Label>
        <Radio.Group value={form.mode} onValueChange={(mode: string) => onChange({ ...form, mode: mode as DigestForm['mode'] })} disabled={disabled}>
          <Radio.Item value="weekly">{t('mode.weekly', 'Every week, on the days and at the time below')}</Radio.Item>
          <Radio.Item value="cron">{t('mode.cron', 'A cron expression')}</Radio.Item>
        </Radio.Group>
      </Field.Root>
      {form.mode === 'weekly' ? (
        <Flex gap={6} alignItems="flex-end" wrap="wrap">
          <Box>
            <Typography variant="pi" fontWeight="bold" tag="p" id="digest-days">
              {t('days', 'Days')}
            </Typography>
            <Flex gap={4} wrap="wrap" paddingTop={2} role="group" aria-labelledby="digest-days">
              {WEEK.map((day) => (
                <Checkbox key={day} checked={form.days.includes(day)} disabled={disabled} onCheckedChange={(on: boolean | 'indeterminate') => toggleDay(day, on === true)}>
                  {dayName(day)}
                </Checkbox>
              ))}
            </Flex>
          </Box>
          <Field.Root name="digestTime" required>
            <Field.Label>{t('time', 'Time')}</Field.Label>
            <TextInput type="time" value={form.time} disabled={disabled} onChange={(event: ChangeEvent<HTMLInputElement>) => onChange({ ...form, time: event.target.value })} />
          </Field.Root>
        </Flex>
      ) : (
        <Field.Root
          name="digestCron"
          required
          hint={t('cron.hint', 'Five fields: minute, hour, day of the month, month, day of the week (0 is Sunday). {example} is every Monday at 08:00.', { example: '0 8 * * 1' })}
        >
          <Field.Label>{t('cron', 'Cron expression')}</Field.Label>
          <TextInput value={form.cron} disabled={disabled} onChange={(event: ChangeEvent<HTMLInputElement>) => onChange({ ...form, cron: event.target.value })} />
          <Field.Hint />
        </Field.Root>
      )}
      <Box maxWidth="420px">
        <TimeZoneSelect name="digestZone" value={form.timeZone} disabled={disabled} onChange={(timeZone) => onChange({ ...form, timeZone })} />
      </Box>
    </Flex>
  );
};
