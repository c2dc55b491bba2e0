import { Badge, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { Problem, ProblemRecipient } from '../utils/report';

/** Failures in red, what readers did in grey, bounces in between. */
const TONE: Record<Problem, { background: string; text: string }> = {
  'failed-permanent': { background: 'danger100', text: 'danger700' },
  'failed-temporary': { background: 'danger100', text: 'danger700' },
  'bounced-hard': { background: 'warning100', text: 'warning700' },
  'bounced-soft': { background: 'warning100', text: 'warning700' },
  complained: { background: 'danger100', text: 'danger700' },
  unsubscribed: { background: 'neutral150', text: 'neutral700' },
};

/** The recipients of a campaign something went wrong for: who, what, when (in the viewer's zone) and the server's reply. */
export const ReportRecipients = ({ recipients }: { recipients: ProblemRecipient[] }) => {
  const { formatMessage, formatDate } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: `newsletter.report.${id}`, defaultMessage });

  return (
    <Table colCount={4} rowCount={recipients.length + 1}>
      <Thead>
        <Tr>
          <Th><Typography variant="sigma">{t('column.email', 'Email')}</Typography></Th>
          <Th><Typography variant="sigma">{t('column.problem', 'What happened')}</Typography></Th>
          <Th><Typography variant="sigma">{t('column.at', 'When')}</Typography></Th>
          <Th><Typography variant="sigma">{t('column.reply', 'Server reply')}</Typography></Th>
        </Tr>
      </Thead>
      <Tbody>
        {recipients.map((recipient, index) => (
          <Tr key={`${recipient.email}-${recipient.problem}-${index}`} data-testid="report-recipient">
            <Td><Typography>{recipient.email}</Typography></Td>
            <Td>
              <Badge backgroundColor={TONE[recipient.problem].background} textColor={TONE[recipient.problem].text}>
                {t(`problem.${recipient.problem}`, recipient.problem)}
              </Badge>
            </Td>
            <Td><Typography>{recipient.at ? formatDate(recipient.at, { dateStyle: 'medium', timeStyle: 'short' }) : '—'}</Typography></Td>
            <Td style={{ whiteSpace: 'normal' }}>
              <Typography variant="pi" style={{ fontFamily: 'monospace', wordBreak: 'break-word' }}>
                {recipient.reply ?? '—'}
              </Typography>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
