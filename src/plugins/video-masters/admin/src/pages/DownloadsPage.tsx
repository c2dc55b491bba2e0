import { type ChangeEvent, useCallback, useEffect, useState } from 'react';
import { Box, Button, Field, Flex, Table, Tbody, Td, TextInput, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

interface Row {
  id: number;
  user: { id: number; email: string | null };
  asset: { documentId: string; title: string | null };
  rendition: string;
  at: string;
  ip: string | null;
}
interface ListAnswer {
  data: Row[];
  meta: { pagination: { page: number; pageCount: number; total: number } };
}
interface Filters {
  asset: string;
  user: string;
  from: string;
  to: string;
}

/** The filter fields, in order: English labels here, translations under `video-masters.filter.<name>`. */
const FILTERS: { name: keyof Filters; label: string; type?: 'date' }[] = [
  { name: 'user', label: 'Account (email or id)' },
  { name: 'asset', label: 'Video (document id)' },
  { name: 'from', label: 'From', type: 'date' },
  { name: 'to', label: 'To', type: 'date' },
];

/** The message of an admin API error (Strapi's error shape), or of any other failure. */
const errorMessage = (error: unknown) =>
  (error as { response?: { data?: { error?: { message?: string } } } }).response?.data?.error?.message ?? (error as Error).message ?? String(error);

/** The filters as query parameters: empty ones left out; dates as whole days (to = the end of that day). */
const paramsOf = (filters: Filters) => {
  const params: Record<string, string> = {};
  if (filters.asset.trim()) params.asset = filters.asset.trim();
  if (filters.user.trim()) params.user = filters.user.trim();
  if (filters.from) params.from = new Date(`${filters.from}T00:00:00`).toISOString();
  if (filters.to) params.to = new Date(new Date(`${filters.to}T00:00:00`).getTime() + 24 * 3600_000).toISOString();
  return params;
};

/** Download records: who got a link to which file, when and from where; filters and CSV export. */
const DownloadsPage = () => {
  const { formatMessage, formatDate } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: `video-masters.${id}`, defaultMessage }, values);
  const { get } = useFetchClient();
  const [filters, setFilters] = useState<Filters>({ asset: '', user: '', from: '', to: '' });
  const [page, setPage] = useState(1);
  const [list, setList] = useState<ListAnswer | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const res = await get<ListAnswer>('/video-masters/downloads', { params: { ...paramsOf(filters), page } });
      setList(res.data);
      setFailure(null);
    } catch (error) {
      setFailure(t('load.failed', 'The download records could not be loaded: {message}', { message: errorMessage(error) }));
    }
    // `t` only reads translations; listing it would reload on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [get, filters, page]);

  useEffect(() => {
    void load();
  }, [load]);

  const filter = (name: keyof Filters) => (event: ChangeEvent<HTMLInputElement>) => {
    setPage(1);
    setFilters((current) => ({ ...current, [name]: event.target.value }));
  };

  const exportCsv = async () => {
    try {
      const res = await get<Blob>('/video-masters/downloads/export', { params: paramsOf(filters), responseType: 'blob' });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(res.data);
      link.download = `video-downloads-${new Date().toISOString().slice(0, 10)}.csv`;
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (error) {
      setFailure(t('export.failed', 'The export failed: {message}', { message: errorMessage(error) }));
    }
  };

  const pagination = list?.meta.pagination;
  return (
    <Page.Main>
      <Page.Title>{t('page.title', 'Video downloads')}</Page.Title>
      <Layouts.Header
        title={t('page.title', 'Video downloads')}
        subtitle={pagination ? t('page.subtitle', '{total, plural, one {# download link given} other {# download links given}}', { total: pagination.total }) : undefined}
        primaryAction={
          <Button variant="secondary" startIcon={<Download />} onClick={() => void exportCsv()}>
            {t('export', 'Export CSV')}
          </Button>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Flex gap={3} alignItems="flex-end" wrap="wrap">
            {FILTERS.map((field) => (
              <Box key={field.name} minWidth={field.type ? undefined : '260px'}>
                <Field.Root name={field.name}>
                  <Field.Label>{t(`filter.${field.name}`, field.label)}</Field.Label>
                  <TextInput type={field.type} name={field.name} value={filters[field.name]} onChange={filter(field.name)} />
                </Field.Root>
              </Box>
            ))}
          </Flex>
          {failure && (
            <Box background="danger100" padding={3} hasRadius role="alert">
              <Typography textColor="danger700">{failure}</Typography>
            </Box>
          )}
          <Table colCount={5} rowCount={(list?.data.length ?? 0) + 1}>
            <Thead>
              <Tr>
                <Th><Typography variant="sigma">{t('column.at', 'When')}</Typography></Th>
                <Th><Typography variant="sigma">{t('column.user', 'Account')}</Typography></Th>
                <Th><Typography variant="sigma">{t('column.asset', 'Video')}</Typography></Th>
                <Th><Typography variant="sigma">{t('column.rendition', 'File')}</Typography></Th>
                <Th><Typography variant="sigma">{t('column.ip', 'IP address')}</Typography></Th>
              </Tr>
            </Thead>
            <Tbody>
              {list?.data.map((row) => (
                <Tr key={row.id}>
                  <Td><Typography>{formatDate(row.at, { dateStyle: 'medium', timeStyle: 'short' })}</Typography></Td>
                  <Td><Typography>{row.user.email ?? `#${row.user.id}`}</Typography></Td>
                  <Td><Typography>{row.asset.title ?? row.asset.documentId}</Typography></Td>
                  <Td><Typography>{row.rendition}</Typography></Td>
                  <Td><Typography>{row.ip ?? ''}</Typography></Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
          {list && list.data.length === 0 && <Typography textColor="neutral600">{t('empty', 'No download matches these filters.')}</Typography>}
          {pagination && pagination.pageCount > 1 && (
            <Flex gap={2} justifyContent="flex-end">
              <Button variant="tertiary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                {t('previous', 'Previous')}
              </Button>
              <Typography>{t('page.of', 'Page {page} of {count}', { page, count: pagination.pageCount })}</Typography>
              <Button variant="tertiary" disabled={page >= pagination.pageCount} onClick={() => setPage(page + 1)}>
                {t('next', 'Next')}
              </Button>
            </Flex>
          )}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export default DownloadsPage;
