import { type ChangeEvent, useCallback, useEffect, useRef, useState } from 'react';
import {
  Box,
  Button,
  Flex,
  Searchbar,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
  VisuallyHidden,
} from '@strapi/design-system';
import { ClockCounterClockwise, Download, Upload } from '@strapi/icons';
import { Layouts, Page, useAuth, useFetchClient } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { SubscriberHistory } from '../components/SubscriberHistory';
import { SubscriberStatus } from '../components/SubscriberStatus';
import { errorMessage } from '../utils/error-message';
import { MANAGE_ACTION, STATUSES, type Status, type Subscriber } from '../utils/subscriber';

const PAGE_SIZE = 25;

interface ListAnswer {
  data: Subscriber[];
  meta: { pagination: { page: number; pageCount: number; total: number }; counts: Record<Status, number> };
}
interface ImportReport {
  created: number;
  updated: number;
  skipped: number;
  /** Addresses refused because they are suppressed or were erased. */
  suppressed: number;
  errors: { line: number; message: string }[];
}

/** The list of newsletter subscribers: search, status filter and counts, CSV export and import, each one's history. */
const SubscribersPage = () => {
  const { formatMessage, formatDate } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: `newsletter.${id}`, defaultMessage }, values);
  const { get, post } = useFetchClient();
  // Read from the signed-in user's permissions as they load: useRBAC checks once, and a page opened
  // directly (a reload, a bookmark) could check before the permissions arrived and never again.
  const canManage = useAuth('SubscribersPage', (auth) =>
    auth.permissions.some((permission) => permission.action === MANAGE_ACTION)
  );

  const [q, setQ] = useState('');
  const [status, setStatus] = useState<Status | ''>('');
  const [page, setPage] = useState(1);
  const [list, setList] = useState<ListAnswer | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [importAs, setImportAs] = useState<'subscribed' | 'pending'>('subscribed');
  const [importing, setImporting] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [shown, setShown] = useState<Subscriber | null>(null);
  const file = useRef<HTMLInputElement>(null);

  const load = useCallback(async () => {
    try {
      const params = { page, pageSize: PAGE_SIZE, ...(q ? { q } : {}), ...(status ? { status } : {}) };
      const res = await get<ListAnswer>('/newsletter/subscribers', { params });
      setList(res.data);
      setFailure(null);
    } catch (error) {
      setFailure(t('load.failed', 'The subscribers could not be loaded: {message}', { message: errorMessage(error) }));
    }
    // `t` only reads translations; listing it would reload on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [get, page, q, status]);

  useEffect(() => {
    void load();
  }, [load]);

  const exportCsv = async () => {
    const res = await get<Blob>('/newsletter/subscribers/export', { responseType: 'blob' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(res.data);
    link.download = `newsletter-subscribers-${new Date().toISOString().slice(0, 10)}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  const importCsv = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    event.target.value = '';
    if (!chosen) return;
    const form = new FormData();
    form.append('file', chosen);
    setImporting(true);
    setReport(null);
    try {
      const res = await post<ImportReport>(`/newsletter/subscribers/import?status=${importAs}`, form);
      setReport(res.data);
      await load();
    } catch (error) {
      setFailure(t('import.failed', 'The import failed: {message}', { message: errorMessage(error) }));
    } finally {
      setImporting(false);
    }
  };

  const date = (value: string | null) => (value ? formatDate(value, { dateStyle: 'medium', timeStyle: 'short' }) : '—');
  const pagination = list?.meta.pagination;

  return (
    <Page.Main>
      <Page.Title>{t('page.title', 'Newsletter subscribers')}</Page.Title>
      <Layouts.Header
        title={t('page.title', 'Newsletter subscribers')}
        subtitle={pagination ? t('page.subtitle', '{total} subscribers match', { total: pagination.total }) : undefined}
        primaryAction={
          <Flex gap={2}>
            <Button variant="secondary" startIcon={<Download />} onClick={() => void exportCsv()}>
              {t('export', 'Export CSV')}
            </Button>
            {canManage && (
              <Button startIcon={<Upload />} loading={importing} onClick={() => file.current?.click()}>
                {importing ? t('import.working', 'Importing…') : t('import', 'Import CSV')}
              </Button>
            )}
          </Flex>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Flex gap={3} wrap="wrap">
            {STATUSES.map((name) => (
              <Box key={name} background="neutral0" padding={3} hasRadius shadow="tableShadow">
                <Typography variant="sigma" textColor="neutral600">
                  {t(`counts.${name}`, name)}
                </Typography>
                <Typography tag="p" variant="beta" data-testid={`count-${name}`}>
                  {list?.meta.counts[name] ?? '…'}
                </Typography>
              </Box>
            ))}
          </Flex>
          <Flex gap={3} alignItems="flex-end" wrap="wrap">
            <Box minWidth="320px">
              <Searchbar
                name="q"
                value={q}
                onChange={(event: ChangeEvent<HTMLInputElement>) => {
                  setPage(1);
                  setQ(event.target.value);
                }}
                onClear={() => setQ('')}
                clearLabel={t('search.clear', 'Clear the search')}
                placeholder={t('search', 'Search by email or name')}
              >
                {t('search', 'Search by email or name')}
              </Searchbar>
            </Box>
            <Box minWidth="220px">
              <SingleSelect
                aria-label={t('filter.label', 'Status')}
                value={status}
                onChange={(value: string | number) => {
                  setPage(1);
                  setStatus(value as Status | '');
                }}
              >
                <SingleSelectOption value="">{t('filter.all', 'Every status')}</SingleSelectOption>
                {STATUSES.map((name) => (
                  <SingleSelectOption key={name} value={name}>
                    {t(`counts.${name}`, name)}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Box>
            {canManage && (
              <Box minWidth="320px">
                <SingleSelect
                  aria-label={t('import.as', 'Import as')}
                  value={importAs}
                  onChange={(value: string | number) => setImportAs(value as 'subscribed' | 'pending')}
                >
                  <SingleSelectOption value="subscribed">
                    {`${t('import.as', 'Import as')} ${t('import.subscribed', 'subscribed')}`}
                  </SingleSelectOption>
                  <SingleSelectOption value="pending">{`${t('import.as', 'Import as')} ${t('import.pending', 'pending')}`}</SingleSelectOption>
                </SingleSelect>
              </Box>
            )}
            <input ref={file} type="file" accept=".csv,text/csv" hidden onChange={(event) => void importCsv(event)} />
          </Flex>

          {failure && (
            <Box background="danger100" padding={3} hasRadius role="alert">
              <Typography textColor="danger700">{failure}</Typography>
            </Box>
          )}
          {report && (
            <Box background="success100" padding={3} hasRadius role="status">
              <Typography textColor="success700" fontWeight="bold">
                {t('import.report', 'Import done', {
                  created: report.created,
                  updated: report.updated,
                  skipped: report.skipped,
                  suppressed: report.suppressed,
                  errors: report.errors.length,
                })}
              </Typography>
              {report.errors.slice(0, 20).map((error) => (
                <Typography key={`${error.line}-${error.message}`} tag="p" textColor="neutral800">
                  {t('import.line', 'Line {line}: {message}', { line: error.line, message: error.message })}
                </Typography>
              ))}
            </Box>
          )}

          <Table colCount={8} rowCount={(list?.data.length ?? 0) + 1}>
            <Thead>
              <Tr>
                {['email', 'name', 'status', 'locale', 'source', 'consentedAt', 'confirmedAt'].map((column) => (
                  <Th key={column}>
                    <Typography variant="sigma">{t(`column.${column}`, column)}</Typography>
                  </Th>
                ))}
                <Th>
                  <VisuallyHidden>{t('column.actions', 'Actions')}</VisuallyHidden>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {list?.data.map((row) => (
                <Tr key={row.id} onClick={() => setShown(row)} style={{ cursor: 'pointer' }}>
                  <Td>
                    <Typography>{row.email}</Typography>
                  </Td>
                  <Td>
                    <Typography>{row.name ?? ''}</Typography>
                  </Td>
                  <Td>
                    <SubscriberStatus subscriber={row} />
                  </Td>
                  <Td>
                    <Typography>{row.locale}</Typography>
                  </Td>
                  <Td>
                    <Typography>{row.source}</Typography>
                  </Td>
                  <Td>
                    <Typography>{date(row.consentedAt)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{date(row.confirmedAt)}</Typography>
                  </Td>
                  <Td>
                    <Button
                      variant="tertiary"
                      size="S"
                      startIcon={<ClockCounterClockwise />}
                      aria-label={t('history.open.label', 'History of {email}', { email: row.email })}
                      onClick={() => setShown(row)}
                    >
                      {t('history.open', 'History')}
                    </Button>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
          {list && list.data.length === 0 && <Typography textColor="neutral600">{t('empty', 'No subscriber matches.')}</Typography>}
          {pagination && pagination.pageCount > 1 && (
            <Flex gap={3} justifyContent="flex-end" alignItems="center">
              <Button variant="tertiary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                {t('previous', 'Previous')}
              </Button>
              <Typography>{t('page.of', 'Page {page} of {pageCount}', { page, pageCount: pagination.pageCount })}</Typography>
              <Button variant="tertiary" disabled={page >= pagination.pageCount} onClick={() => setPage(page + 1)}>
                {t('next', 'Next')}
              </Button>
            </Flex>
          )}
        </Flex>
        {shown && <SubscriberHistory subscriber={shown} canManage={canManage} onClose={() => setShown(null)} onChanged={() => void load()} />}
      </Layouts.Content>
    </Page.Main>
  );
};

export default SubscribersPage;
