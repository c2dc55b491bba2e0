import { Badge, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { Campaign } from '../utils/campaign';
import { useCampaignReasons } from '../utils/campaign-reasons';
import { BADGE, WAITING_FOR_STAFF } from '../utils/campaign-status';
import { ScheduledTime } from './ScheduledTime';

/** A campaign's status in the list: its badge, its time when scheduled, and why when its time passed unsent. */
export const CampaignStatusCell = ({ campaign }: { campaign: Pick<Campaign, 'status' | 'scheduledAt' | 'timeZone' | 'statusReason'> }) => {
  const { formatMessage } = useIntl();
  const reasons = useCampaignReasons();
  return (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      <Badge backgroundColor={BADGE[campaign.status].background} textColor={BADGE[campaign.status].text}>
        {formatMessage({ id: `newsletter.campaigns.status.${campaign.status}`, defaultMessage: campaign.status })}
      </Badge>
      {campaign.status === 'scheduled' && campaign.scheduledAt && <ScheduledTime at={campaign.scheduledAt} zone={campaign.timeZone} />}
      {WAITING_FOR_STAFF.includes(campaign.status) && campaign.statusReason && (
        <Typography variant="pi" textColor="warning700" data-testid="campaign-status-reason" style={{ maxWidth: '28rem', whiteSpace: 'normal' }}>
          {reasons.status(campaign.statusReason)}
        </Typography>
      )}
    </Flex>
  );
};
