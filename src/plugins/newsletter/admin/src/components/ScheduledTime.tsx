import { Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { browserTimeZone } from '../utils/time-zones';

interface Props {
  /** UTC ISO. */
  at: string;
  /** The zone the time was chosen in: said too when it is not this browser's. */
  zone: string | null;
  variant?: 'omega' | 'pi';
}

const STYLE = { dateStyle: 'medium', timeStyle: 'short' } as const;

/** A campaign's time in the viewer's zone, and in the zone it was chosen in when that one differs. */
export const ScheduledTime = ({ at, zone, variant = 'pi' }: Props) => {
  const { formatDate, formatMessage } = useIntl();
  const elsewhere = zone !== null && zone !== browserTimeZone();
  return (
    <Flex direction="column" alignItems="flex-start">
      <Typography variant={variant} data-testid="campaign-scheduled-at">
        {formatDate(at, STYLE)}
      </Typography>
      {elsewhere && (
        <Typography variant="pi" textColor="neutral600" data-testid="campaign-scheduled-zone">
          {formatMessage(
            { id: 'newsletter.campaigns.schedule.in-zone', defaultMessage: '{time} in {zone}' },
            { time: formatDate(at, { ...STYLE, timeZone: zone }), zone }
          )}
        </Typography>
      )}
    </Flex>
  );
};
