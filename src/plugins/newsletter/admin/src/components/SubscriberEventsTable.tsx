import { Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { SubscriberEvent } from '../utils/subscriber';

interface Props {
  events: SubscriberEvent[];
  /** Subjects of the campaigns the events name, when the viewer may read campaigns. */
  subjects: Map<number, string>;
  /** The signed-in admin, to say "you" for their own decisions. */
  viewerId: number | string | undefined;
}

const COLUMNS = ['when', 'event', 'source', 'campaign', 'code', 'reply', 'outcome', 'actor'] as const;
const DEFAULT_HEADERS: Record<(typeof COLUMNS)[number], string> = {
  when: 'When',
  event: 'Event',
  source: 'Source',
  campaign: 'Campaign',
  code: 'Code',
  reply: 'Server reply',
  outcome: 'Outcome',
  actor: 'By',
};

/** A subscriber's bounces, complaints and staff decisions, newest first. */
export const SubscriberEventsTable = ({ events, subjects, viewerId }: Props) => {
  const { formatMessage, formatDate } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: `newsletter.history.${id}`, defaultMessage }, values);
  const reason = (value: string) => formatMessage({ id: `newsletter.reason.${value}`, defaultMessage: value });

  /** Staff events keep the reason where bounces keep their code; a lift says the status it went back to. */
  const isDecision = (event: SubscriberEvent) => event.type === 'suppressed' || event.type === 'lifted';
  const outcome = (event: SubscriberEvent) => {
    const back = event.type === 'lifted' ? event.restoredTo : null;
    if (back) return t('outcome.back', 'Back to {status}', { status: formatMessage({ id: `newsletter.status.${back}`, defaultMessage: back }) });
    return event.outcome ? t(`outcome.${event.outcome}`, event.outcome) : '—';
  };
  const actor = (value: string | null) => {
    const admin = /^admin:(\d+)$/.exec(value ?? '');
    if (!admin) return value ?? '—';
    return admin[1] === String(viewerId) ? t('actor.you', 'You') : t('actor.admin', 'Admin #{id}', { id: admin[1] });
  };
  const campaign = (id: number | null) => (id === null ? '—' : (subjects.get(id) ?? t('campaign.number', '#{id}', { id })));

  return (
    <Table colCount={COLUMNS.length} rowCount={events.length + 1}>
      <Thead>
        <Tr>
          {COLUMNS.map((column) => (
            <Th key={column}>
              <Typography variant="sigma">{t(`column.${column}`, DEFAULT_HEADERS[column])}</Typography>
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {events.map((event) => (
          <Tr key={event.id} data-testid="history-event">
            <Td>
              <Typography>{formatDate(event.occurredAt, { dateStyle: 'medium', timeStyle: 'short' })}</Typography>
            </Td>
            <Td>
              <Typography fontWeight="semiBold">{t(`type.${event.type}`, event.type)}</Typography>
              {isDecision(event) && event.status && (
                <Typography tag="p" variant="pi" textColor="neutral600">
                  {reason(event.status)}
                </Typography>
              )}
            </Td>
            <Td>
              <Typography>{t(`source.${event.source}`, event.source)}</Typography>
            </Td>
            <Td style={{ whiteSpace: 'normal', minWidth: '12rem', maxWidth: '20rem' }}>
              <Typography>{campaign(event.campaignId)}</Typography>
            </Td>
            <Td>
              <Typography>{isDecision(event) ? '—' : (event.status ?? '—')}</Typography>
            </Td>
            {/* Server replies run long: they wrap instead of widening the table. */}
            <Td style={{ whiteSpace: 'normal', minWidth: '24rem' }}>
              <Typography variant="pi" style={{ wordBreak: 'break-word' }}>
                {event.type === 'lifted' ? '—' : (event.detail ?? '—')}
              </Typography>
            </Td>
            <Td>
              <Typography>{outcome(event)}</Typography>
            </Td>
            <Td>
              <Typography>{actor(event.actor)}</Typography>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
