import { useCallback, useEffect, useState } from 'react';
import { Alert, Badge, Box, Button, Flex, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { ArrowClockwise, Download } from '@strapi/icons';
import { BackButton, Layouts, Page, useAuth, useFetchClient } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useParams } from 'react-router-dom';
import { ReportCounts } from '../components/ReportCounts';
import { ReportRecipients } from '../components/ReportRecipients';
import type { Campaign, Notice } from '../utils/campaign';
import { BADGE, STARTED } from '../utils/campaign-status';
import { errorMessage } from '../utils/error-message';
import { PROBLEMS, type Problem, type Report } from '../utils/report';

const SEND_ACTION = 'plugin::newsletter.campaigns.send';
const PAGE_SIZE = 25;
const POLL_MS = 2000;

/** A campaign's delivery report: its counts, the recipients something went wrong for, their export, and "retry failed". */
const CampaignReportPage = () => {
  const { formatMessage, formatNumber } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: `newsletter.report.${id}`, defaultMessage }, values);
  const id = Number(useParams<{ id: string }>().id);
  const { get, post } = useFetchClient();
  const canSend = useAuth('CampaignReportPage', (auth) => auth.permissions.some((permission) => permission.action === SEND_ACTION));

  const [campaign, setCampaign] = useState<Campaign | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [problem, setProblem] = useState<Problem | ''>('');
  const [page, setPage] = useState(1);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const params = { page, pageSize: PAGE_SIZE, ...(problem ? { problem } : {}) };
      const [one, answer] = await Promise.all([
        get<{ data: Campaign }>(`/newsletter/campaigns/${id}`),
        get<Report>(`/newsletter/campaigns/${id}/report`, { params }),
      ]);
      setCampaign(one.data.data);
      setReport(answer.data);
    } catch (error) {
      setNotice({ variant: 'danger', text: t('load.failed', 'The report could not be loaded: {message}', { message: errorMessage(error) }) });
    }
    // `t` only reads translations; listing it would reload on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [get, id, page, problem]);

  useEffect(() => {
    void load();
  }, [load]);

  // While it is sent (again, after a retry), the figures move: follow them.
  const sending = campaign?.status === 'sending';
  useEffect(() => {
    if (!sending) return undefined;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [sending, load]);

  const exportCsv = async () => {
    try {
      const res = await get<Blob>(`/newsletter/campaigns/${id}/report/export`, { params: problem ? { problem } : {}, responseType: 'blob' });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(res.data);
      link.download = `newsletter-campaign-${id}-report${problem ? `-${problem}` : ''}.csv`;
      link.click();
      // The browser reads the blob after this click returns.
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch (error) {
      setNotice({ variant: 'danger', text: t('export.failed', 'The export failed: {message}', { message: errorMessage(error) }) });
    }
  };

  const retry = async () => {
    setBusy(true);
    setNotice(null);
    try {
      const res = await post<{ requeued: number }>(`/newsletter/campaigns/${id}/retry-failed`);
      const count = res.data.requeued;
      setNotice({
        variant: 'success',
        text: t('retry.done', '{count, plural, =0 {Nothing to retry.} one {# delivery queued again.} other {# deliveries queued again.}}', { count }),
      });
      await load();
    } catch (error) {
      setNotice({ variant: 'danger', text: t('retry.failed', 'Nothing was retried: {message}', { message: errorMessage(error) }) });
    } finally {
      setBusy(false);
    }
  };

  const counts = report?.data.counts;
  const pagination = report?.meta.pagination;
  const problemLabel = (name: Problem) => t(`problem.${name}`, name);

  return (
    <Page.Main>
      <Page.Title>{t('title', 'Delivery report')}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton fallback="/plugins/newsletter-campaigns" />}
        title={t('title', 'Delivery report')}
        subtitle={campaign?.subject}
        primaryAction={
          <Flex gap={2}>
            <Button variant="secondary" startIcon={<Download />} onClick={() => void exportCsv()}>
              {t('export', 'Export CSV')}
            </Button>
            {canSend && campaign && STARTED.includes(campaign.status) && (
              <Button startIcon={<ArrowClockwise />} loading={busy} disabled={!counts || counts.failedTemporary === 0} onClick={() => void retry()}>
                {t('retry', 'Retry failed')}
              </Button>
            )}
          </Flex>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          {notice && (
            <Alert variant={notice.variant} closeLabel={t('close', 'Close')} onClose={() => setNotice(null)}>
              {notice.text}
            </Alert>
          )}
          {campaign && (
            <Flex gap={2}>
              <Badge backgroundColor={BADGE[campaign.status].background} textColor={BADGE[campaign.status].text}>
                {formatMessage({ id: `newsletter.campaigns.status.${campaign.status}`, defaultMessage: campaign.status })}
              </Badge>
              <Typography variant="pi" textColor="neutral600">
                {t('recipients', '{count, plural, one {# recipient} other {# recipients}}', { count: campaign.total })}
              </Typography>
            </Flex>
          )}
          {counts && <ReportCounts counts={counts} />}
          {canSend && counts && (
            <Typography variant="pi" textColor="neutral600">
              {t('retry.hint', 'Retry failed sends again what failed for a passing reason (a full mailbox, a busy server) to addresses still subscribed; a refusal for good is never retried.')}
            </Typography>
          )}

          <Flex gap={3} alignItems="center" justifyContent="space-between" wrap="wrap">
            <Typography variant="delta" tag="h2">
              {t('recipients.title', 'Recipients with a problem')}
            </Typography>
            <Box minWidth="320px">
              <SingleSelect
                aria-label={t('filter.label', 'What happened')}
                value={problem}
                onChange={(value: string | number) => {
                  setPage(1);
                  setProblem(value as Problem | '');
                }}
              >
                <SingleSelectOption value="">{t('filter.all', 'Every problem')}</SingleSelectOption>
                {PROBLEMS.map(({ problem: name, count }) => (
                  <SingleSelectOption key={name} value={name}>
                    {counts ? t('filter.option', '{label} ({count})', { label: problemLabel(name), count: formatNumber(counts[count]) }) : problemLabel(name)}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Box>
          </Flex>
          {report && report.data.recipients.length > 0 && <ReportRecipients recipients={report.data.recipients} />}
          {report && report.data.recipients.length === 0 && (
            <Box background="neutral0" padding={6} hasRadius shadow="tableShadow">
              <Typography textColor="neutral600">{problem ? t('empty.filtered', 'No recipient had this problem.') : t('empty', 'Nothing went wrong: no failure, bounce, complaint or unsubscription.')}</Typography>
            </Box>
          )}
          {pagination && pagination.pageCount > 1 && (
            <Flex gap={3} justifyContent="flex-end" alignItems="center">
              <Button variant="tertiary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                {formatMessage({ id: 'newsletter.previous', defaultMessage: 'Previous' })}
              </Button>
              <Typography>{formatMessage({ id: 'newsletter.page.of', defaultMessage: 'Page {page} of {pageCount}' }, { page, pageCount: pagination.pageCount })}</Typography>
              <Button variant="tertiary" disabled={page >= pagination.pageCount} onClick={() => setPage(page + 1)}>
                {formatMessage({ id: 'newsletter.next', defaultMessage: 'Next' })}
              </Button>
            </Flex>
          )}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export default CampaignReportPage;
