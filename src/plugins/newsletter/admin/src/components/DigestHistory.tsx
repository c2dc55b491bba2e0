import { Badge, Flex, LinkButton, Table, Tbody, Td, TextButton, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { Link } from 'react-router-dom';
import { useCampaignReasons } from '../utils/campaign-reasons';
import { BADGE, STARTED } from '../utils/campaign-status';
import type { DigestRun } from '../utils/digest';

interface Props {
  history: DigestRun[];
  /** Shows the campaign of an occurrence in the list. */
  onOpen(campaignId: number): void;
}

/** The latest occurrences of the digest: when, which campaign, and what became of it (why, when skipped). */
export const DigestHistory = ({ history, onOpen }: Props) => {
  const { formatMessage, formatDate, formatNumber } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: `newsletter.digest.history.${id}`, defaultMessage }, values);
  const reasons = useCampaignReasons();

  if (history.length === 0) return <Typography textColor="neutral600">{t('empty', 'No digest has gone out yet.')}</Typography>;
  return (
    <Table colCount={5} rowCount={history.length + 1}>
      <Thead>
        <Tr>
          <Th><Typography variant="sigma">{t('column.occurrence', 'Occurrence')}</Typography></Th>
          <Th><Typography variant="sigma">{t('column.subject', 'Subject')}</Typography></Th>
          <Th><Typography variant="sigma">{t('column.status', 'Status')}</Typography></Th>
          <Th><Typography variant="sigma">{t('column.sent', 'Sent')}</Typography></Th>
          <Th><Typography variant="sigma">{t('column.campaign', 'Campaign')}</Typography></Th>
        </Tr>
      </Thead>
      <Tbody>
        {history.map((run) => (
          <Tr key={run.campaignId} data-testid="digest-run">
            <Td><Typography>{formatDate(run.occurrence, { dateStyle: 'medium', timeStyle: 'short' })}</Typography></Td>
            <Td><Typography>{run.subject}</Typography></Td>
            <Td style={{ whiteSpace: 'normal' }}>
              <Flex direction="column" alignItems="flex-start" gap={1}>
                <Badge backgroundColor={BADGE[run.status].background} textColor={BADGE[run.status].text}>
                  {formatMessage({ id: `newsletter.campaigns.status.${run.status}`, defaultMessage: run.status })}
                </Badge>
                {run.reason && (
                  <Typography variant="pi" textColor="neutral600">
                    {reasons.status(run.reason)}
                  </Typography>
                )}
              </Flex>
            </Td>
            <Td><Typography>{formatNumber(run.sent)}</Typography></Td>
            <Td>
              <Flex gap={3}>
                <TextButton onClick={() => onOpen(run.campaignId)}>{t('open', 'Open #{id}', { id: run.campaignId })}</TextButton>
                {STARTED.includes(run.status) && (
                  <LinkButton tag={Link} to={`/plugins/newsletter-campaigns/${run.campaignId}/report`} variant="tertiary" size="S">
                    {t('report', 'Report')}
                  </LinkButton>
                )}
              </Flex>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
