import { useState } from 'react';
import { Alert, Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';

/** The bounce and complaint fields of a campaign, as the admin routes answer them. */
export interface CampaignEvents {
  hardBounces: number;
  softBounces: number;
  complaints: number;
  /** Complaints per message sent (a fraction). */
  complaintRate: number;
  /** The configured threshold (0.003 by default: Gmail's and Yahoo's 0.3 %). */
  complaintThreshold: number;
  /** The rate is above the threshold. */
  complaintWarning: boolean;
}

/** A complaint rate as a percent with two decimals, in the viewer's language. */
export const useComplaintRate = () => {
  const { formatNumber } = useIntl();
  return (rate: number) => formatNumber(rate, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 });
};

/**
 * A campaign's bounces and complaints, with a warning when complaints pass what mailbox providers
 * accept (dismissed for this campaign until the page reloads; the rate stays red).
 */
export const CampaignDeliverability = ({ campaign }: { campaign: CampaignEvents }) => {
  const { formatMessage, formatNumber } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string>) =>
    formatMessage({ id: `newsletter.campaigns.deliverability.${id}`, defaultMessage }, values);
  const percent = useComplaintRate();
  const [dismissed, setDismissed] = useState(false);
  const figures = [
    { key: 'hard', label: t('hard', 'Hard bounces'), value: formatNumber(campaign.hardBounces) },
    { key: 'soft', label: t('soft', 'Soft bounces'), value: formatNumber(campaign.softBounces) },
    { key: 'complaints', label: t('complaints', 'Complaints'), value: formatNumber(campaign.complaints) },
    { key: 'rate', label: t('rate', 'Complaint rate'), value: percent(campaign.complaintRate) },
  ];

  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Flex gap={3} wrap="wrap">
        {figures.map((figure) => (
          <Box key={figure.key} background="neutral100" padding={3} hasRadius minWidth="160px">
            <Typography variant="sigma" textColor="neutral600">
              {figure.label}
            </Typography>
            <Typography
              tag="p"
              variant="beta"
              textColor={figure.key === 'rate' && campaign.complaintWarning ? 'danger600' : undefined}
              data-testid={`campaign-${figure.key}`}
            >
              {figure.value}
            </Typography>
          </Box>
        ))}
      </Flex>
      {campaign.complaintWarning && !dismissed && (
        <Alert variant="danger" closeLabel={formatMessage({ id: 'newsletter.campaigns.close', defaultMessage: 'Close' })} onClose={() => setDismissed(true)} title={t('warning.title', 'Complaint rate above {threshold}', { threshold: percent(campaign.complaintThreshold) })}>
          {t(
            'warning',
            'Gmail and Yahoo ask bulk senders to keep spam complaints below 0.3% of the mail they deliver. Check how these readers subscribed and that unsubscribing is easy before the next campaign.'
          )}
        </Alert>
      )}
    </Flex>
  );
};
