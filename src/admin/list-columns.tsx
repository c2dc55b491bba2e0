import { Typography } from '@strapi/design-system';
import { formatDuration } from '../admin-labels/duration';
import { DURATION_COLUMN } from '../admin-labels/labels';
import { DURATION_MESSAGE_ID } from '../admin-labels/messages';

/**
 * The video assets' duration column. The Content Manager lists a component by one of its fields,
 * raw (`125.4`); the list answer carries the whole `technical` component, so this hook shows its
 * `durationSeconds` as h:mm:ss under its own header (the field's label stays "Technical metadata"
 * in the edit view). The column is chosen on the server (src/bootstrap/admin-layout.ts).
 */

export const INJECT_COLUMN_IN_TABLE = 'Admin/CM/pages/ListView/inject-column-in-table';

const TECHNICAL_METADATA = 'media.technical-metadata';

interface Header {
  name: string;
  label: unknown;
  attribute: { type: string; component?: string };
  [key: string]: unknown;
}

const durationColumn = (header: Header): Header => ({
  ...header,
  label: { id: DURATION_MESSAGE_ID, defaultMessage: typeof header.label === 'string' ? header.label : DURATION_COLUMN.en },
  // Sorting by a component's field is not offered by the list; a search would look for the number.
  sortable: false,
  searchable: false,
  cellFormatter: (row: Record<string, { durationSeconds?: number | string | null } | null | undefined>) => (
    <Typography textColor="neutral800">{formatDuration(row[header.name]?.durationSeconds) ?? '-'}</Typography>
  ),
});

export const showDurations = <T extends { displayedHeaders: Header[] }>(args: T): T => ({
  ...args,
  displayedHeaders: args.displayedHeaders.map((header) =>
    header.attribute?.type === 'component' && header.attribute.component === TECHNICAL_METADATA ? durationColumn(header) : header
  ),
});
