import { useEffect, useState } from 'react';
import { Badge, Box, Flex, Typography } from '@strapi/design-system';
import { useFetchClient, Widget } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { BADGE, STARTED, type Status } from '../utils/campaign-status';

/** The fields of GET /newsletter/campaigns this widget shows. */
interface Campaign {
  id: number;
  subject: string;
  status: Status;
  total: number;
  sent: number;
  failed: number;
  finishedAt: string | null;
  scheduledAt: string | null;
}

/** The earliest campaign waiting for its time, or null. */
const nextScheduled = (campaigns: Campaign[]) =>
  campaigns
    .filter((campaign) => campaign.status === 'scheduled' && campaign.scheduledAt)
    .sort((a, b) => Date.parse(a.scheduledAt!) - Date.parse(b.scheduledAt!))[0] ?? null;

/**
 * The home page's "Last campaign": the newest campaign that went out (the list comes newest first;
 * the newest of all when none did yet), how far it went, and the next scheduled send.
 */
export const LastCampaignWidget = () => {
  const { formatMessage, formatDate, formatNumber } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: `newsletter.widget.${id}`, defaultMessage }, values);
  const { get } = useFetchClient();
  const [campaigns, setCampaigns] = useState<Campaign[] | undefined>(undefined);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    get<{ data: Campaign[] }>('/newsletter/campaigns').then(
      (res) => setCampaigns(res.data.data),
      () => setFailed(true)
    );
  }, [get]);

  if (failed) return <Widget.Error />;
  if (campaigns === undefined) return <Widget.Loading />;
  if (campaigns.length === 0) return <Widget.NoData>{t('empty', 'No campaign yet.')}</Widget.NoData>;

  const campaign = campaigns.find((one) => STARTED.includes(one.status)) ?? campaigns[0];
  const next = nextScheduled(campaigns);
  const percent = campaign.total > 0 ? Math.min(100, Math.round((campaign.sent / campaign.total) * 100)) : 0;
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="last-campaign-widget">
      <Flex justifyContent="space-between" alignItems="flex-start" gap={2}>
        <Typography variant="omega" fontWeight="bold" ellipsis>
          {campaign.subject}
        </Typography>
        <Badge backgroundColor={BADGE[campaign.status].background} textColor={BADGE[campaign.status].text}>
          {formatMessage({ id: `newsletter.campaigns.status.${campaign.status}`, defaultMessage: campaign.status })}
        </Badge>
      </Flex>
      {/* The design system's ProgressBar is white on grey, for dark overlays: on a white card a full bar looks empty. */}
      <Box
        background="neutral150"
        hasRadius
        height="0.8rem"
        width="100%"
        role="progressbar"
        aria-label={t('progress.label', 'Sent')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <Box background={campaign.status === 'failed' ? 'danger600' : 'success500'} hasRadius height="100%" style={{ width: `${percent}%` }} />
      </Box>
      <Typography variant="omega" data-testid="last-campaign-sent">
        {t('sent', '{sent} of {total} sent ({percent}%)', { sent: formatNumber(campaign.sent), total: formatNumber(campaign.total), percent })}
      </Typography>
      {campaign.failed > 0 && (
        <Typography variant="pi" textColor="danger600">
          {t('failed', '{failed} failed', { failed: formatNumber(campaign.failed) })}
        </Typography>
      )}
      <Typography variant="pi" textColor="neutral600">
        {campaign.finishedAt
          ? t('finished', 'Finished {at}', { at: formatDate(campaign.finishedAt, { dateStyle: 'medium', timeStyle: 'short' }) })
          : t('unfinished', 'Not finished')}
      </Typography>
      {next && (
        <Box background="alternative100" padding={3} hasRadius data-testid="next-scheduled-send">
          <Typography variant="pi" fontWeight="bold" textColor="alternative700" tag="p">
            {t('next', 'Next scheduled send: {at}', { at: formatDate(next.scheduledAt!, { dateStyle: 'medium', timeStyle: 'short' }) })}
          </Typography>
          <Typography variant="pi" textColor="neutral700" ellipsis tag="p">
            {next.subject}
          </Typography>
        </Box>
      )}
    </Flex>
  );
};
