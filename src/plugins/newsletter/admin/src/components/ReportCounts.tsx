import { Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { ReportCounts as Counts } from '../utils/report';

/** A campaign's deliveries at a glance: sent, waiting, failed, skipped, and what came back. */
export const ReportCounts = ({ counts }: { counts: Counts }) => {
  const { formatMessage, formatNumber } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, number>) =>
    formatMessage({ id: `newsletter.report.counts.${id}`, defaultMessage }, values);
  const figures = [
    { key: 'sent', label: t('sent', 'Sent'), value: counts.sent },
    ...(counts.queued > 0 ? [{ key: 'queued', label: t('queued', 'Waiting to go'), value: counts.queued }] : []),
    {
      key: 'failed',
      label: t('failed', 'Failed'),
      value: counts.failed,
      detail: t('failed.detail', '{permanent, number} refused for good, {temporary, number} after every try', {
        permanent: counts.failedPermanent,
        temporary: counts.failedTemporary,
      }),
    },
    { key: 'skipped', label: t('skipped', 'Skipped'), value: counts.skipped, detail: t('skipped.detail', 'no longer subscribed when their turn came') },
    {
      key: 'bounced',
      label: t('bounced', 'Bounced'),
      value: counts.bounced,
      detail: t('bounced.detail', '{hard, number} hard, {soft, number} soft', { hard: counts.bouncedHard, soft: counts.bouncedSoft }),
    },
    { key: 'complained', label: t('complained', 'Marked as spam'), value: counts.complained },
    { key: 'unsubscribed', label: t('unsubscribed', 'Unsubscribed'), value: counts.unsubscribed },
  ];

  return (
    <Flex gap={3} wrap="wrap" alignItems="stretch">
      {figures.map((figure) => (
        <Box key={figure.key} background="neutral0" padding={4} hasRadius shadow="tableShadow" minWidth="160px">
          <Typography variant="sigma" textColor="neutral600">
            {figure.label}
          </Typography>
          <Typography tag="p" variant="beta" textColor={figure.key === 'failed' && figure.value > 0 ? 'danger600' : undefined} data-testid={`report-${figure.key}`}>
            {formatNumber(figure.value)}
          </Typography>
          {figure.detail && (
            <Typography tag="p" variant="pi" textColor="neutral600">
              {figure.detail}
            </Typography>
          )}
        </Box>
      ))}
    </Flex>
  );
};
