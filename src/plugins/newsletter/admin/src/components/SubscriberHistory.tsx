import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { Alert, Box, Button, Flex, Grid, Loader, Modal, Typography } from '@strapi/design-system';
import { useAuth, useFetchClient } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { errorMessage } from '../utils/error-message';
import type { Subscriber, SubscriberDetail } from '../utils/subscriber';
import { LiftSuppressionDialog } from './LiftSuppressionDialog';
import { SubscriberEventsTable } from './SubscriberEventsTable';
import { SubscriberStatus } from './SubscriberStatus';

interface Props {
  subscriber: Pick<Subscriber, 'id' | 'email'>;
  canManage: boolean;
  onClose(): void;
  /** The subscriber changed (a lift): the list shows it too. */
  onChanged(): void;
}

/** One subscriber's status, suppression and deliverability history, with the lift of a suppression. */
export const SubscriberHistory = ({ subscriber: { id, email }, canManage, onClose, onChanged }: Props) => {
  const { formatMessage, formatDate } = useIntl();
  const t = (key: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: `newsletter.history.${key}`, defaultMessage }, values);
  const { get, post } = useFetchClient();
  const viewerId = useAuth('SubscriberHistory', (auth) => auth.user?.id);
  const [detail, setDetail] = useState<SubscriberDetail | null>(null);
  const [subjects, setSubjects] = useState(new Map<number, string>());
  const [notice, setNotice] = useState<{ variant: 'success' | 'danger'; text: string } | null>(null);

  const load = useCallback(async () => {
    try {
      const res = await get<{ data: SubscriberDetail }>(`/newsletter/subscribers/${id}`);
      setDetail(res.data.data);
    } catch (error) {
      setNotice({ variant: 'danger', text: t('failed', 'The history could not be loaded: {message}', { message: errorMessage(error) }) });
    }
    // `t` only reads translations; listing it would reload on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [get, id]);

  useEffect(() => {
    void load();
  }, [load]);

  // Campaign subjects say more than their numbers; staff who may not read campaigns see the numbers.
  const named = detail?.events.some((event) => event.campaignId !== null) ?? false;
  useEffect(() => {
    if (!named) return;
    get<{ data: { id: number; subject: string }[] }>('/newsletter/campaigns').then(
      (res) => setSubjects(new Map(res.data.data.map((campaign) => [campaign.id, campaign.subject]))),
      () => undefined
    );
  }, [get, named]);

  const lift = async () => {
    setNotice(null);
    try {
      const res = await post<{ data: Subscriber }>(`/newsletter/subscribers/${id}/lift`);
      const status = formatMessage({ id: `newsletter.status.${res.data.data.status}`, defaultMessage: res.data.data.status });
      setNotice({ variant: 'success', text: t('lifted', 'Suppression lifted. Status now: {status}.', { status }) });
    } catch (error) {
      // useFetchClient's FetchError carries the answer's status as `status`.
      const conflict = (error as { status?: number }).status === 409;
      setNotice({
        variant: 'danger',
        text: conflict
          ? t('lift.conflict', 'This address is no longer suppressed: someone changed it meanwhile. Its status is shown below.')
          : t('lift.failed', 'The suppression could not be lifted: {message}', { message: errorMessage(error) }),
      });
    }
    // A 409 means someone else changed it meanwhile: show what it is now, either way.
    await load();
    onChanged();
  };

  const date = (value: string | null) => (value ? formatDate(value, { dateStyle: 'medium', timeStyle: 'short' }) : '—');
  const fact = (label: string, value: ReactNode) => (
    <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="flex-start" gap={1}>
      <Typography variant="sigma" textColor="neutral600">
        {label}
      </Typography>
      {typeof value === 'string' ? <Typography>{value}</Typography> : value}
    </Grid.Item>
  );

  return (
    <Modal.Root open onOpenChange={(open: boolean) => !open && onClose()}>
      <Modal.Content style={{ maxWidth: '120rem' }}>
        <Modal.Header closeLabel={t('close', 'Close')}>
          <Modal.Title>{t('title', 'History of {email}', { email })}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={5}>
            {notice && (
              <Alert variant={notice.variant} closeLabel={t('close', 'Close')} onClose={() => setNotice(null)}>
                {notice.text}
              </Alert>
            )}
            {!detail && !notice && <Loader small>{t('loading', 'Loading the history…')}</Loader>}
            {detail && (
              <>
                <Grid.Root gap={4}>
                  {fact(t('status', 'Status'), <SubscriberStatus subscriber={detail} withTime />)}
                  {fact(t('consent', 'Consent'), date(detail.consentedAt))}
                  {fact(t('confirmed', 'Confirmed'), date(detail.confirmedAt))}
                  {fact(t('unsubscribed', 'Unsubscribed'), date(detail.unsubscribedAt))}
                </Grid.Root>
                <Typography variant="delta" tag="h3">
                  {t('events', 'Bounces, complaints and suppressions')}
                </Typography>
                {detail.events.length === 0 ? (
                  <Box background="neutral100" padding={4} hasRadius>
                    <Typography textColor="neutral700">
                      {t('empty', 'Nothing to report: no bounce or complaint has come back for this address.')}
                    </Typography>
                  </Box>
                ) : (
                  <SubscriberEventsTable events={detail.events} subjects={subjects} viewerId={viewerId} />
                )}
              </>
            )}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('close', 'Close')}</Button>
          </Modal.Close>
          {canManage && detail?.status === 'suppressed' && (
            <LiftSuppressionDialog email={detail.email} reason={detail.suppressionReason} onConfirm={lift} />
          )}
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
