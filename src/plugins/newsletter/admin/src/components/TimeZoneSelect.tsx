import { useMemo } from 'react';
import { Field, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { browserTimeZone, serverTimeZone, timeZoneChoices } from '../utils/time-zones';

interface Props {
  name: string;
  value: string;
  onChange(zone: string): void;
  disabled?: boolean;
}

/** A time zone field: this browser's, the server's default and UTC first, then every zone the browser knows. */
export const TimeZoneSelect = ({ name, value, onChange, disabled }: Props) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string>) =>
    formatMessage({ id: `newsletter.zone.${id}`, defaultMessage }, values);
  const zones = useMemo(() => {
    const choices = timeZoneChoices();
    // A zone saved earlier that this browser does not list stays choosable.
    return choices.includes(value) ? choices : [value, ...choices];
  }, [value]);
  const mine = browserTimeZone();

  const label = (zone: string) => {
    if (zone === mine && zone === serverTimeZone()) return t('browser-server', '{zone} (this browser, server default)', { zone });
    if (zone === mine) return t('browser', '{zone} (this browser)', { zone });
    if (zone === serverTimeZone()) return t('server', '{zone} (server default)', { zone });
    return zone;
  };

  return (
    <Field.Root name={name}>
      <Field.Label>{t('label', 'Time zone')}</Field.Label>
      <SingleSelect value={value} onChange={(zone: string | number) => onChange(String(zone))} disabled={disabled}>
        {zones.map((zone) => (
          <SingleSelectOption key={zone} value={zone}>
            {label(zone)}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </Field.Root>
  );
};
