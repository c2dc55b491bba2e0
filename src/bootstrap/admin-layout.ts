import { isDeepStrictEqual } from 'node:util';
import type { Core } from '@strapi/strapi';
import { ADMIN_LABELS, DURATION_COLUMN, type LabelledModel, type ModelKind, type ModelTexts } from '../admin-labels/labels';

/**
 * The Content Manager's labels, help texts and list columns, written at every boot from
 * src/admin-labels/labels.ts: a fresh clone shows them, and the code stays the source of truth
 * (an edit in "Configure the view" lasts until the next boot).
 */

/** One field's entry in a Content Manager configuration (the shape its own validation accepts). */
export interface FieldMetadata {
  edit: { label?: string; description?: string; placeholder?: string; visible?: boolean; editable?: boolean; mainField?: string };
  list: { label?: string; searchable?: boolean; sortable?: boolean };
}

export interface Configuration {
  settings: Record<string, unknown>;
  metadatas: Record<string, FieldMetadata>;
  layouts: { list: string[]; edit: unknown[] };
}

interface ConfigurationService {
  findConfiguration(model: { uid: string }): Promise<Configuration>;
  updateConfiguration(model: { uid: string }, configuration: Configuration): Promise<unknown>;
}

/**
 * The list view's columns. The Content Manager adds the status column itself (draft & publish),
 * i18n its "Available in" column; `technical` is shown as the duration (src/admin/list-columns.tsx).
 */
export const LIST_COLUMNS: Partial<Record<LabelledModel, string[]>> = {
  'api::article.article': ['title', 'date', 'people'],
  'api::video-asset.video-asset': ['title', 'technical', 'embargoUntil'],
};

/** List labels that are not the field's label: the picker of columns shows these raw. */
const LIST_LABELS: Partial<Record<LabelledModel, Record<string, string>>> = {
  'api::video-asset.video-asset': { technical: DURATION_COLUMN.en },
};

/**
 * `configuration` with our English labels, help texts and columns. The whole `metadatas` object is
 * returned: the store replaces each top-level key it is given, so a partial object would drop the
 * other fields from the edit view until the next boot's sync. Fields the configuration does not
 * hold (a renamed attribute) are left out and named in `unknown`.
 */
export const withAdminTexts = (
  configuration: Configuration,
  texts: ModelTexts,
  columns?: string[],
  listLabels: Record<string, string> = {}
): { configuration: Configuration; unknown: string[] } => {
  const metadatas = { ...configuration.metadatas };
  const unknown: string[] = [];
  for (const [field, text] of Object.entries(texts.fields)) {
    const current = metadatas[field];
    if (!current) {
      unknown.push(field);
      continue;
    }
    metadatas[field] = {
      edit: { ...current.edit, label: text.en, description: text.helpEn ?? '' },
      list: { ...current.list, label: listLabels[field] ?? text.en },
    };
  }
  for (const column of columns ?? []) {
    if (!metadatas[column]) unknown.push(column);
  }
  const list = columns?.filter((column) => metadatas[column]) ?? configuration.layouts.list;
  return {
    configuration: { settings: configuration.settings, metadatas, layouts: { ...configuration.layouts, list } },
    unknown,
  };
};

const serviceOf = (strapi: Core.Strapi, kind: ModelKind) => strapi.plugin('content-manager').service(kind) as ConfigurationService;

/**
 * Writes the labels of every model in ADMIN_LABELS; runs after the Content Manager's own sync. A
 * configuration that already holds them is left alone: a restart, or a second process booting
 * beside the first, writes nothing.
 */
export const applyAdminLayout = async (strapi: Core.Strapi) => {
  for (const [uid, texts] of Object.entries(ADMIN_LABELS) as [LabelledModel, ModelTexts][]) {
    const service = serviceOf(strapi, texts.kind);
    const { settings, metadatas, layouts } = await service.findConfiguration({ uid });
    const current = { settings, metadatas, layouts };
    const { configuration, unknown } = withAdminTexts(current, texts, LIST_COLUMNS[uid], LIST_LABELS[uid]);
    if (unknown.length > 0) strapi.log.warn(`admin labels: ${uid} has no field ${unknown.join(', ')} (src/admin-labels/labels.ts)`);
    if (!isDeepStrictEqual(configuration, current)) await service.updateConfiguration({ uid }, configuration);
  }
};
