import { type MouseEvent, useState } from 'react';
import { Button, Flex } from '@strapi/design-system';
import { Play, Trash } from '@strapi/icons';
import { useFetchClient } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import type { Campaign, Notice } from '../utils/campaign';
import { useCampaignReasons } from '../utils/campaign-reasons';
import { errorMessage } from '../utils/error-message';

interface Props {
  campaign: Pick<Campaign, 'id' | 'subject'>;
  onDone(notice: Notice): void;
  size?: 'S' | 'M';
}

/** "Send now" and "Drop" for a campaign whose time passed unsent (missed or skipped). */
export const MissedCampaignActions = ({ campaign, onDone, size = 'S' }: Props) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string>) =>
    formatMessage({ id: `newsletter.campaigns.missed.${id}`, defaultMessage }, values);
  const { post, del } = useFetchClient();
  const reasons = useCampaignReasons();
  const [busy, setBusy] = useState(false);

  const run = async (event: MouseEvent, action: 'send' | 'drop') => {
    // In the list, the row behind the buttons opens the campaign on a click.
    event.stopPropagation();
    setBusy(true);
    try {
      if (action === 'send') await post(`/newsletter/campaigns/${campaign.id}/send`);
      else await del(`/newsletter/campaigns/${campaign.id}/schedule`);
      onDone({
        variant: 'success',
        text:
          action === 'send'
            ? formatMessage({ id: 'newsletter.campaigns.sent.started', defaultMessage: 'Sending started. Progress shows below.' })
            : t('dropped', 'Dropped: “{subject}” is a draft again, and goes out only if you send or schedule it.', { subject: campaign.subject }),
      });
    } catch (error) {
      onDone({ variant: 'danger', text: reasons.start(errorMessage(error)) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex gap={2} wrap="wrap" style={{ whiteSpace: 'nowrap' }}>
      <Button size={size} startIcon={<Play />} disabled={busy} onClick={(event: MouseEvent) => void run(event, 'send')}>
        {t('send', 'Send now')}
      </Button>
      <Button size={size} variant="danger-light" startIcon={<Trash />} disabled={busy} onClick={(event: MouseEvent) => void run(event, 'drop')}>
        {t('drop', 'Drop')}
      </Button>
    </Flex>
  );
};
