import { useEffect, useState } from 'react';
import { Flex, Typography } from '@strapi/design-system';
import { useAuth, useFetchClient } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

const READ_ACTION = 'plugin::video-masters.downloads.read';

interface Counts {
  total: number;
  last30Days: number;
  byRendition: Record<string, number>;
}

const Counts = ({ documentId }: { documentId: string }) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: `video-masters.${id}`, defaultMessage }, values);
  const { get } = useFetchClient();
  const [counts, setCounts] = useState<Counts | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    get<{ data: Counts }>('/video-masters/downloads/counts', { params: { asset: documentId } }).then(
      (res) => setCounts(res.data.data),
      () => setFailed(true)
    );
  }, [get, documentId]);

  if (failed) return <Typography textColor="danger600">{t('panel.failed', 'The download counts could not be loaded.')}</Typography>;
  if (!counts) return <Typography textColor="neutral600">…</Typography>;
  return (
    <Flex direction="column" alignItems="flex-start" gap={1} data-testid="download-counts">
      <Typography>{t('panel.total', '{count, plural, =0 {No download link given yet} one {# download link given} other {# download links given}}', { count: counts.total })}</Typography>
      <Typography textColor="neutral600">{t('panel.recent', '{count} in the last 30 days', { count: counts.last30Days })}</Typography>
      {Object.entries(counts.byRendition).map(([kind, count]) => (
        <Typography key={kind} textColor="neutral600">{`${kind}: ${count}`}</Typography>
      ))}
    </Flex>
  );
};

interface PanelProps {
  model: string;
  documentId?: string;
}

/** The video-asset edit view's side panel: download links given for this asset. */
export const DownloadsPanel = ({ model, documentId }: PanelProps) => {
  const { formatMessage } = useIntl();
  const canRead = useAuth('DownloadsPanel', (auth) => auth.permissions.some((permission) => permission.action === READ_ACTION));
  if (model !== 'api::video-asset.video-asset' || !documentId || !canRead) return null;
  return {
    title: formatMessage({ id: 'video-masters.panel.title', defaultMessage: 'Downloads' }),
    content: <Counts documentId={documentId} />,
  };
};
