import { Badge, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { BADGE, type Subscriber } from '../utils/subscriber';

interface Props {
  subscriber: Pick<Subscriber, 'status' | 'suppressionReason' | 'suppressedAt'>;
  /** Show the time of the suppression too, not only its day. */
  withTime?: boolean;
}

/** A subscriber's status badge and, when suppressed, why and since when (in the viewer's time zone). */
export const SubscriberStatus = ({ subscriber: { status, suppressionReason, suppressedAt }, withTime = false }: Props) => {
  const { formatMessage, formatDate } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: `newsletter.${id}`, defaultMessage }, values);
  const reason = suppressionReason ? t(`reason.${suppressionReason}`, suppressionReason) : t('reason.unknown', 'reason not recorded');
  return (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      <Badge backgroundColor={BADGE[status].background} textColor={BADGE[status].text}>
        {t(`status.${status}`, status)}
      </Badge>
      {status === 'suppressed' && (
        <Typography variant="pi" textColor="neutral600" data-testid="suppression">
          {suppressedAt
            ? t('suppression.note', '{reason} · {date}', {
                reason,
                date: formatDate(suppressedAt, withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' }),
              })
            : reason}
        </Typography>
      )}
    </Flex>
  );
};
