import { useEffect, useState } from 'react';
import { Flex, Typography } from '@strapi/design-system';
import { useFetchClient, Widget } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** The home page's "Downloads this week": download links given in the last seven days. */
export const DownloadsWeekWidget = () => {
  const { formatMessage, formatNumber } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: `video-masters.widget.${id}`, defaultMessage }, values);
  const { get } = useFetchClient();
  const [total, setTotal] = useState<number | undefined>(undefined);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    // The records page's own route: its first page's pagination counts every record from `from` on.
    const from = new Date(Date.now() - WEEK_MS).toISOString();
    get<{ meta: { pagination: { total: number } } }>('/video-masters/downloads', { params: { from, page: 1 } }).then(
      (res) => setTotal(res.data.meta.pagination.total),
      () => setFailed(true)
    );
  }, [get]);

  if (failed) return <Widget.Error />;
  if (total === undefined) return <Widget.Loading />;
  return (
    <Flex direction="column" justifyContent="center" alignItems="center" gap={2} height="100%" data-testid="downloads-week-widget">
      <Typography variant="alpha" tag="p" data-testid="downloads-week-count">
        {formatNumber(total)}
      </Typography>
      <Typography textColor="neutral600">
        {t('count', '{count, plural, one {download link given in the last 7 days} other {download links given in the last 7 days}}', { count: total })}
      </Typography>
    </Flex>
  );
};
