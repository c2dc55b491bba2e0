import type { UID } from '@strapi/strapi';
import { POPULATE as ARTICLE } from '../../src/api/article/middlewares/article-populate';
import { POPULATE as MEETING } from '../../src/api/meeting/middlewares/meeting-populate';
import { POPULATE as PERSON } from '../../src/api/person/middlewares/person-populate';
import { POPULATE as TOPIC } from '../../src/api/topic/middlewares/topic-populate';
import { POPULATE as VIDEO } from '../../src/api/video-asset/middlewares/video-asset-populate';
import { populateReader } from '../../src/content/populate-reader';
import { inPopulateOrder, markValidatedQuery } from '../../src/content/public-query';
import { createApiToken, startApp, type TestApp } from '../helpers/app';
import { usesPostgres } from '../helpers/database';
import { withoutPublicPermission } from '../helpers/permissions';

/*
 * The public read (src/content/public-query.ts) answers a validated query with the default
 * populate without the document service. For the same queries, its results must equal those of
 * Strapi's own service, and it must really be the path taken: it opens no transaction, where the
 * document service opens one per read.
 */

let app: TestApp;
type Params = Record<string, unknown>;
type Service = {
  find(params: Params): Promise<{ results: unknown[]; pagination: unknown }>;
  findOne(documentId: string, params: Params): Promise<unknown>;
};

beforeAll(async () => {
  // No answer cached: every request below is computed.
  app = await startApp({ seed: true, env: { RESPONSE_CACHE_MB: '0' } });
});
afterAll(async () => {
  await app?.close();
});

// The type, its default populate, a field to sort by, and the populate reader's statements on
// PostgreSQL besides those that read attributes as JSON: one for each attribute that selects every
// field of a model with a bigint (a video's technical metadata), which JSON would round.
const TYPES: [UID.ContentType, object, string, number][] = [
  ['api::article.article', ARTICLE, 'date', 0],
  ['api::person.person', PERSON, 'fullName', 0],
  ['api::meeting.meeting', MEETING, 'startsAt', 0],
  ['api::topic.topic', TOPIC, 'name', 0],
  ['api::video-asset.video-asset', VIDEO, 'recordedAt', 1],
];

/**
 * Whether a transaction read something: a BEGIN followed, before its COMMIT, by a statement of the
 * same transaction. Strapi writes its core store now and then in an empty BEGIN; COMMIT of its
 * own, which may fall between a read's statements and is not the read's.
 */
const readInTransaction = (seen: { sql: string; trx?: string }[]) =>
  seen.some(({ sql, trx }, at) => {
    if (!/^begin/i.test(sql) || !trx) return false;
    const end = seen.findIndex((later, index) => index > at && later.trx === trx && /^(commit|rollback)/i.test(later.sql));
    return seen.slice(at + 1, end === -1 ? undefined : end).some((inner) => inner.trx === trx);
  });

/**
 * What the statements of `work` were: whether any opened a transaction, how many there were, and
 * how many populated an attribute with the populate reader (its statements name `__parent`).
 */
const watch = async <T>(work: () => Promise<T>) => {
  const seen: { sql: string; trx?: string }[] = [];
  const listener = (query: { sql: string; __knexTxId?: string }) => seen.push({ sql: query.sql.trim(), trx: query.__knexTxId });
  app.strapi.db.connection.on('query', listener);
  try {
    const result = await work();
    return {
      result,
      transaction: readInTransaction(seen),
      statements: seen.length,
      read: seen.filter(({ sql }) => sql.includes('"__parent"')).length,
    };
  } finally {
    app.strapi.db.connection.removeListener('query', listener);
  }
};

/** How many attributes a populate tree populates, at every depth. */
const attributesIn = (populate: unknown): number =>
  typeof populate === 'object' && populate !== null
    ? Object.values(populate).reduce<number>((sum, branch) => sum + 1 + attributesIn((branch as { populate?: unknown }).populate), 0)
    : 0;

/**
 * The populate reader's statements for a default populate: on PostgreSQL two that read attributes
 * as JSON (one when a single attribute is), and those of `alone`; on SQLite one per attribute.
 */
const readsFor = (populate: object, alone: number) => (usesPostgres() ? alone + Math.min(2, attributesIn(populate) - alone) : attributesIn(populate));

/**
 * The public read's answer equals Strapi's, keys in the same order: Strapi sets populated
 * attributes as their statements answer, so its keys are put in the populate's order first.
 */
const expectSameAnswer = (fast: unknown, stock: unknown, populate: object) => {
  expect(fast).toEqual(stock);
  const ordered = (value: unknown) =>
    typeof value === 'object' && value !== null && 'results' in value
      ? { ...value, results: inPopulateOrder((value as { results: unknown }).results, populate) }
      : inPopulateOrder(value, populate);
  expect(JSON.stringify(fast)).toBe(JSON.stringify(ordered(stock)));
};

/** The same query through the public read (marked) and through Strapi's service (not marked). */
const bothWays = async (uid: UID.ContentType, make: () => Params, read: (service: Service, params: Params) => Promise<unknown>) => {
  const service = app.strapi.service(uid) as unknown as Service;
  const fast = await watch(() => read(service, markValidatedQuery(make())));
  const stock = await watch(() => read(service, make()));
  return { fast, stock };
};

describe.each(TYPES)('%s', (uid, populate, sortField, alone) => {
  // A fresh copy each time: Strapi's service adds documentId to the populate's field lists.
  const withPopulate = (params: Params = {}) => () => ({ ...params, populate: structuredClone(populate) });

  const lists: [string, Params][] = [
    ['the first page', {}],
    ['a page of 2, page 2', { pagination: { page: '2', pageSize: '2' } }],
    ['an offset and a limit', { pagination: { start: '1', limit: '2' } }],
    ['no count', { pagination: { pageSize: '3', withCount: 'false' } }],
    ['sorted both ways', { sort: [`${sortField}:desc`, 'id:asc'] }],
    ['in French', { locale: 'fr', sort: 'id:asc' }],
    ['in English by name', { locale: 'en', sort: [`${sortField}:asc`] }],
    ['filtered by a field', { filters: { id: { $gt: 1 } }, sort: 'id:desc' }],
  ];

  it.each(lists)('lists %s as Strapi does, without a transaction', async (_name, params) => {
    const { fast, stock } = await bothWays(uid, withPopulate(params), (service, query) => service.find(query));
    expect(stock.transaction).toBe(true);
    expect(fast.transaction).toBe(false);
    expectSameAnswer(fast.result, stock.result, populate);
    // Every populated attribute read by the populate reader, whatever the page size.
    const found = (fast.result as { results: unknown[] }).results.length;
    expect({ found, read: fast.read }).toEqual({ found, read: found > 0 ? readsFor(populate, alone) : 0 });
  });

  it('answers alike when one populate (as the controller keeps it) serves request after request', async () => {
    const kept = structuredClone(populate);
    const service = app.strapi.service(uid) as unknown as Service;
    const stock = await service.find({ populate: structuredClone(populate), sort: 'id:asc' });
    for (const round of [1, 2, 3]) {
      const fast = await service.find(markValidatedQuery({ populate: kept, sort: 'id:asc' }));
      expect({ round, fast }).toEqual({ round, fast: stock });
    }
  });

  it('reads one entry, in both languages, as Strapi does', async () => {
    const { results } = await (app.strapi.service(uid) as unknown as Service).find({ status: 'published', pagination: { pageSize: 1 } });
    const { documentId } = results[0] as { documentId: string };
    for (const locale of [undefined, 'en', 'fr']) {
      const { fast, stock } = await bothWays(uid, withPopulate(locale ? { locale } : {}), (service, query) => service.findOne(documentId, query));
      expect({ locale, transaction: fast.transaction }).toEqual({ locale, transaction: false });
      expectSameAnswer(fast.result, stock.result, populate);
      expect({ locale, read: fast.read }).toEqual({ locale, read: fast.result === null ? 0 : readsFor(populate, alone) });
      if (locale !== 'fr') expect(fast.result).toMatchObject({ documentId });
    }
  });
});

describe('the populate reader', () => {
  type Rows = Record<string, unknown>[];
  const VIDEOS = 'api::video-asset.video-asset';
  /** The database form of an API populate, as the public read makes it. */
  const databasePopulate = (uid: string, populate: object) => (app.strapi.get('query-params') as { transform(uid: string, params: object): { populate: Record<string, unknown> } }).transform(uid, { populate }).populate;

  it('reads every field of a model with a bigint (a statement of its own) and the rest together, as Strapi does', async () => {
    // A rendition's size is a bigint: read as every field, it cannot go into PostgreSQL's JSON.
    const populate = databasePopulate(VIDEOS, { renditions: true, technical: true, poster: { fields: ['url', 'width'] }, articles: { fields: ['title'], populate: { cover: true } } });
    const where = { publishedAt: { $notNull: true } };
    const stock = (await app.strapi.db.query(VIDEOS).findMany({ where, populate, orderBy: { id: 'asc' } })) as Rows;
    const reader = populateReader(app.strapi, VIDEOS, populate);
    expect(reader).toBeDefined();
    const entries = (await app.strapi.db.query(VIDEOS).findMany({ where, orderBy: { id: 'asc' } })) as Rows;
    await reader?.populate(entries);
    expect(stock.some((video) => (video.renditions as Rows).some((rendition) => typeof rendition.sizeBytes === 'string'))).toBe(true);
    expect(JSON.stringify(entries)).toBe(JSON.stringify(inPopulateOrder(stock, populate)));
  });

  it('still reads once another process has added a column to a table it reads every column of', async () => {
    // On PostgreSQL the statement is prepared on each connection; a prepared `t.*` whose table
    // changed fails ("cached plan must not change result type") until prepared anew.
    const populate = databasePopulate(VIDEOS, { technical: true, poster: { fields: ['url'] } });
    const reader = populateReader(app.strapi, VIDEOS, populate);
    const read = async () => {
      const entries = (await app.strapi.db.query(VIDEOS).findMany({ where: { publishedAt: { $notNull: true } }, orderBy: { id: 'asc' } })) as Rows;
      await reader?.populate(entries);
      return entries;
    };
    const before = await Promise.all(Array.from({ length: 8 }, read));
    expect(before[0].some((video) => video.technical !== null)).toBe(true);
    await app.strapi.db.connection.raw('alter table components_media_technical_metadata add column added_elsewhere text');
    try {
      const after = await Promise.all(Array.from({ length: 8 }, read));
      expect(after).toEqual(before);
    } finally {
      await app.strapi.db.connection.raw('alter table components_media_technical_metadata drop column added_elsewhere');
    }
  });

  it.each([
    ['a single entry', 1],
    ['a page of five', 5],
    ['a page longer than five, in both languages', 100],
  ])('reads %s as Strapi does (PostgreSQL lists up to five ids, then binds an array)', async (_name, size) => {
    const uid = 'api::article.article';
    const populate = databasePopulate(uid, ARTICLE);
    const query = { where: { publishedAt: { $notNull: true } }, orderBy: { id: 'asc' as const }, limit: size };
    const stock = (await app.strapi.db.query(uid).findMany({ ...query, populate })) as Rows;
    const entries = (await app.strapi.db.query(uid).findMany(query)) as Rows;
    await populateReader(app.strapi, uid, populate)?.populate(entries);
    expect(entries.length).toBe(size === 100 ? stock.length : size);
    if (size === 100) expect(entries.length).toBeGreaterThan(5);
    expect(JSON.stringify(entries)).toBe(JSON.stringify(inPopulateOrder(stock, populate)));
  });

  it.each([
    ['a filtered relation', { people: { where: { slug: 'someone' } } }],
    ['a sorted relation', { people: { orderBy: { fullName: 'asc' } } }],
    ['a count', { people: { count: true } }],
    ['a limited relation', { topics: { limit: 1 } }],
    ['a relation kept in a column (localizations)', { localizations: true }],
    ['a nested filter', { people: { populate: { portrait: { where: { mime: 'image/png' } } } } }],
  ])('leaves %s to Strapi', (_name, populate) => {
    expect(populateReader(app.strapi, 'api::article.article', populate)).toBeUndefined();
  });
});

describe('what only Strapi reads', () => {
  const service = () => app.strapi.service('api::article.article') as unknown as Service;

  it('finds a published story and no draft, in both paths', async () => {
    const draft = await app.strapi.documents('api::article.article').create({ locale: 'en', data: { title: 'A draft nobody may read', date: '2024-06-02' } });
    const ways = await bothWays('api::article.article', () => ({ populate: structuredClone(ARTICLE), filters: { documentId: draft.documentId } }), (s, query) => s.find(query));
    expect(ways.fast.result).toEqual({ results: [], pagination: { page: 1, pageSize: 25, pageCount: 0, total: 0 } });
    expect(ways.stock.result).toEqual(ways.fast.result);
    expect((await bothWays('api::article.article', () => ({ populate: structuredClone(ARTICLE) }), (s, query) => s.findOne(draft.documentId, query))).fast.result).toBeNull();
  });

  it.each([
    ['drafts', { status: 'draft' }],
    ['every locale', { locale: '*' }],
    ['chosen fields', { fields: ['title'] }],
    ['a search', { _q: 'Stockholm' }],
  ])('leaves %s to the document service', async (_name, params) => {
    const { result, transaction } = await watch(() => service().find(markValidatedQuery({ ...params, populate: structuredClone(ARTICLE) })));
    expect(transaction).toBe(true);
    expect((result as { results: unknown[] }).results.length).toBeGreaterThan(0);
  });

  it('leaves an unmarked query, even with the default populate, to the document service', async () => {
    const { transaction } = await watch(() => service().find({ populate: structuredClone(ARTICLE) }));
    expect(transaction).toBe(true);
  });
});

describe('checks of a query kept per query and permissions', () => {
  it('refuses an invalid query each time it comes', async () => {
    for (const attempt of [1, 2, 3]) {
      const answer = await app.request().get('/api/articles?filters[noSuchField][$eq]=1');
      expect({ attempt, status: answer.status }).toEqual({ attempt, status: 400 });
    }
  });

  it('keeps what a token may filter on from answering for an anonymous visitor with the same query', async () => {
    const token = await createApiToken(app.strapi, 'read-only');
    const path = '/api/articles?filters[topics][slug][$eq]=china';
    await withoutPublicPermission(app.strapi, 'api::topic.topic.find', async () => {
      for (const attempt of [1, 2]) {
        const withToken = await app.request().get(path).set('Authorization', `Bearer ${token}`);
        expect({ attempt, status: withToken.status }).toEqual({ attempt, status: 200 });
        expect(withToken.body.data.length).toBeGreaterThan(0);
        expect(withToken.body.data.every((story: { topics: { slug: string }[] }) => story.topics.some((topic) => topic.slug === 'china'))).toBe(true);
        const anonymous = await app.request().get(path);
        expect({ attempt, status: anonymous.status }).toEqual({ attempt, status: 400 });
      }
    });
    const granted = await app.request().get(path);
    expect(granted.status).toBe(200);
    expect(granted.body.data.map((story: { documentId: string }) => story.documentId).sort()).toEqual(
      (await app.request().get(path).set('Authorization', `Bearer ${token}`)).body.data.map((story: { documentId: string }) => story.documentId).sort()
    );
  });
});

describe('the same answer, byte for byte', () => {
  it.each(['/api/articles?sort=date:desc&pagination[pageSize]=3', '/api/people?sort=fullName:asc', '/api/video-assets'])(
    'gives %s the same bytes (and so the same ETag) whatever order its parallel statements finish in',
    async (path) => {
      const answers = await Promise.all(Array.from({ length: 12 }, () => app.request().get(path)));
      expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
      expect(new Set(answers.map((answer) => answer.text)).size).toBe(1);
      expect(new Set(answers.map((answer) => answer.headers.etag)).size).toBe(1);
    }
  );

  it('gives a story the same bytes after a change of its draft', async () => {
    const [story] = await app.strapi.documents('api::article.article').findMany({ locale: 'en', status: 'published', limit: 1 });
    const path = `/api/articles/${story.documentId}`;
    const before = await Promise.all(Array.from({ length: 6 }, () => app.request().get(path)));
    await app.strapi.documents('api::article.article').update({ documentId: story.documentId, locale: 'en', data: { summary: 'Only the draft says this.' } } as never);
    const after = await Promise.all(Array.from({ length: 6 }, () => app.request().get(path)));
    expect(new Set([...before, ...after].map((answer) => answer.text)).size).toBe(1);
  });
});
