import type { Core, UID } from '@strapi/strapi';
import { contentTypes, errors, pagination as paging } from '@strapi/utils';
import { type PopulateReader, populateReader } from './populate-reader';

/*
 * The public read of a published list or entry, for a query the content API has already
 * validated and sanitized with the default populate (public-read.ts marks it).
 *
 * Strapi's core service hands such a query to the document service, which validates the whole
 * query again (the populate tree walked once more, in `findMany` and again in `count`), opens a
 * transaction for each of the two reads, and runs them one after the other. Here the same query is
 * built with Strapi's own `query-params` transform, the default populate's database form is
 * made once per sanitized populate, and the page and its count are read at the same time.
 *
 * Only what this path reproduces exactly takes it: the published status, a single locale (or
 * the default one) and no `fields`, `_q` or publication filter. Anything else, and any query not
 * marked, goes to Strapi's own service. Tests compare both paths' results for the same queries.
 */

type Params = Record<string, unknown> & {
  status?: unknown;
  locale?: unknown;
  filters?: unknown;
  sort?: unknown;
  populate?: Record<string, unknown>;
  pagination?: Record<string, unknown>;
};
interface DbQuery {
  where?: Record<string, unknown>;
  filters?: unknown;
  populate?: unknown;
  orderBy?: unknown;
  offset?: number;
  limit?: number;
}
interface QueryParams {
  transform(uid: string, params: Record<string, unknown>): DbQuery;
}
interface PagedFind {
  results: unknown[];
  pagination: Record<string, number>;
}

// A registered symbol, so that a test loading this file from the sources marks queries as the
// compiled app does; not enumerable, so no copy or walk of the query carries it on.
const VALIDATED = Symbol.for('newsreel.public-read.validated');

/** Marks a query the content API validated and sanitized with the default populate. */
export const markValidatedQuery = <T extends object>(query: T): T => Object.defineProperty(query, VALIDATED, { value: true });

/** Keys that only Strapi's own service handles. */
const NOT_HERE = ['fields', '_q', 'publicationFilter', 'hasPublishedVersion', 'page', 'pageSize', 'start', 'limit'];

/** Whether `params` (after the core service's defaults) can take the public read. */
export const takesPublicRead = (params: Params): boolean =>
  (params as { [VALIDATED]?: boolean })[VALIDATED] === true &&
  (params.status === undefined || params.status === 'published') &&
  (params.locale === undefined || (typeof params.locale === 'string' && params.locale !== '*' && params.locale !== '')) &&
  typeof params.populate === 'object' &&
  params.populate !== null &&
  NOT_HERE.every((key) => params[key] === undefined);

/** The model a populated attribute leads to: a relation's target, a component, or the upload file of a media field. */
export const targetOf = (attribute: { type: string; target?: string; component?: string }): string | undefined =>
  attribute.type === 'media' ? 'plugin::upload.file' : attribute.type === 'component' ? attribute.component : attribute.target;

/** Adds `documentId` to every relation's `fields`, as the document service does before a query. */
const withDocumentIds = (strapi: Core.Strapi, uid: string, populate: Record<string, unknown>): Record<string, unknown> => {
  const model = strapi.getModel(uid as UID.Schema) as unknown as { attributes: Record<string, { type: string; target?: string; component?: string }> };
  return Object.fromEntries(
    Object.entries(populate).map(([name, branch]) => {
      const attribute = model.attributes[name];
      if (!attribute || typeof branch !== 'object' || branch === null) return [name, branch];
      const { fields, populate: nested, ...rest } = branch as { fields?: unknown; populate?: Record<string, unknown> };
      const target = targetOf(attribute);
      const out: Record<string, unknown> = { ...rest };
      if (fields !== undefined) out.fields = attribute.type === 'relation' && Array.isArray(fields) && !fields.includes('documentId') ? [...fields, 'documentId'] : fields;
      if (nested !== undefined) out.populate = target && typeof nested === 'object' && nested !== null ? withDocumentIds(strapi, target, nested) : nested;
      return [name, out];
    })
  );
};

/** `withCount` as Strapi's core service reads it. */
const shouldCount = (strapi: Core.Strapi, pagination: Record<string, unknown> | undefined): boolean => {
  if (!pagination || !('withCount' in pagination)) return Boolean(strapi.config.get('api.rest.withCount', true));
  const { withCount } = pagination;
  if (typeof withCount === 'boolean') return withCount;
  if (withCount === undefined) return false;
  if (['true', 't', '1', 1].includes(withCount as string)) return true;
  if (['false', 'f', '0', 0].includes(withCount as string)) return false;
  throw new errors.ValidationError('Invalid withCount parameter. Expected "t","1","true","false","0","f"');
};

/**
 * An entry with its populated attributes in the populate's order, after its own fields, at every
 * depth. Strapi's populate sets each attribute when its statement answers: outside a transaction
 * they run on several connections at once, and the same entry came back with its keys in another
 * order, so the same content got another ETag.
 */
export const inPopulateOrder = (value: unknown, populate: unknown): unknown => {
  if (Array.isArray(value)) return value.map((item) => inPopulateOrder(item, populate));
  if (value === null || typeof value !== 'object' || populate === null || typeof populate !== 'object') return value;
  const entry = value as Record<string, unknown>;
  const branches = populate as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const key of Object.keys(entry)) if (!(key in branches)) ordered[key] = entry[key];
  for (const [key, branch] of Object.entries(branches)) {
    if (key in entry) ordered[key] = inPopulateOrder(entry[key], typeof branch === 'object' && branch !== null ? (branch as { populate?: unknown }).populate : undefined);
  }
  return ordered;
};

const isPaged = (pagination: Record<string, unknown>) => 'page' in pagination || 'pageSize' in pagination || !('start' in pagination || 'limit' in pagination);

/**
 * `find` and `findOne` for a public type's core service: the public read for a marked query,
 * Strapi's own methods (on the prototype createCoreService sets) for any other.
 */
export const publicReadService = (strapi: Core.Strapi, uid: UID.ContentType) => {
  // Read when first needed: services are made before every plugin is ready.
  let facts: { draftAndPublish: boolean; localized: boolean } | undefined;
  const model = () => {
    const contentType = strapi.contentType(uid);
    facts ??= {
      draftAndPublish: contentTypes.hasDraftAndPublish(contentType),
      localized: Boolean(strapi.plugin('i18n')?.service('content-types').isLocalizedContentType(contentType)),
    };
    return facts;
  };
  const dbPopulates = new WeakMap<object, { populate: unknown; reader?: PopulateReader }>();
  let privateMedia: Promise<boolean> | undefined;

  const queryParams = () => strapi.get('query-params') as QueryParams;
  /**
   * The populate's database form and its reader (populate-reader.ts; none when the populate holds
   * what only Strapi's populate does), made once per sanitized populate (which public-read.ts keeps).
   */
  const dbPopulate = (populate: Record<string, unknown>) => {
    let made = dbPopulates.get(populate);
    if (!made) {
      const database = queryParams().transform(uid, { populate: withDocumentIds(strapi, uid, populate) }).populate as Record<string, unknown>;
      made = { populate: database, reader: populateReader(strapi, uid, database) };
      dbPopulates.set(populate, made);
    }
    return made;
  };
  /** Signed media URLs (a private upload provider) are added by a document-service middleware: not here. */
  const mediaArePrivate = () => {
    privateMedia ??= Promise.resolve((strapi.plugin('upload') as unknown as { provider?: { isPrivate?: () => boolean | Promise<boolean> } }).provider?.isPrivate?.() ?? false).then(Boolean);
    return privateMedia;
  };
  const applies = async (params: Params) => takesPublicRead(params) && !(await mediaArePrivate());

  /** The lookup the document service adds for a published read in one locale. */
  const lookup = async (params: Params) => {
    const where: Record<string, unknown> = {};
    const { draftAndPublish, localized } = model();
    if (draftAndPublish) where.publishedAt = { $notNull: true };
    if (localized) where.locale = (params.locale as string | undefined) ?? (await strapi.plugin('i18n').service('locales').getDefaultLocale());
    return where;
  };
  /** The query without its populate, and how to populate what it finds. */
  const baseQuery = async (params: Params, extra: Record<string, unknown> = {}) => {
    const query = queryParams().transform(uid, { filters: params.filters, sort: params.sort, status: 'published', ...extra });
    const { populate, reader } = dbPopulate(params.populate as Record<string, unknown>);
    const where = { ...(await lookup(params)), ...query.where };
    // Without a reader, Strapi's populate runs with the query, and its entries need ordering (above).
    const populated = async (found: Promise<unknown>) => {
      const entries = await found;
      if (!reader) return inPopulateOrder(entries, params.populate);
      if (entries !== null) await reader.populate((Array.isArray(entries) ? entries : [entries]) as Record<string, unknown>[]);
      return entries;
    };
    return { query: { ...query, where, ...(reader ? {} : { populate }) } as DbQuery, populated };
  };

  return {
    async find(this: { find(params: Params): Promise<PagedFind> }, params: Params = {}): Promise<PagedFind> {
      if (!(await applies(params))) return Object.getPrototypeOf(this).find.call(this, params);
      const pagination = (params.pagination ?? {}) as Record<string, unknown>;
      const defaultLimit = Number(strapi.config.get('api.rest.defaultLimit', 25));
      const maxLimit = Number(strapi.config.get('api.rest.maxLimit')) || null;
      const { start, limit } = paging.withDefaultPagination(pagination, {
        defaults: { offset: { limit: defaultLimit }, page: { pageSize: defaultLimit } },
        maxLimit: maxLimit || -1,
      });
      const counted = shouldCount(strapi, params.pagination);
      const { query, populated } = await baseQuery(params, { start, limit });
      const [results, total] = await Promise.all([
        populated(strapi.db.query(uid).findMany(query as never)),
        counted ? strapi.db.query(uid).count({ where: query.where, filters: query.filters } as never) : undefined,
      ]);
      const info = { start, limit };
      const answer = (isPaged(pagination) ? paging.transformPagedPaginationInfo : paging.transformOffsetPaginationInfo)(info, total as number) as unknown as Record<string, number>;
      if (total === undefined) {
        delete answer.total;
        delete answer.pageCount;
      }
      return { results: results as unknown[], pagination: answer };
    },

    async findOne(this: { findOne(documentId: string, params: Params): Promise<unknown> }, documentId: string, params: Params = {}): Promise<unknown> {
      if (!(await applies(params))) return Object.getPrototypeOf(this).findOne.call(this, documentId, params);
      const { query, populated } = await baseQuery(params);
      return populated(strapi.db.query(uid).findOne({ ...query, where: { ...query.where, documentId } } as never));
    },
  };
};
