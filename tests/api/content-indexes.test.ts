import path from 'node:path';
import { ROOT, startApp, type TestApp } from '../helpers/app';
import { usesPostgres } from '../helpers/database';
import { type Statement, statementsWhileGetting } from '../helpers/queries';

/*
 * The content API's indexes (database/migrations) exist on a freshly created database, and the
 * queries Strapi sends for what frontends ask (a slug, a date range, a locale's latest stories)
 * use them: the query plan names the index. 3,000 published filler rows per table and ANALYZE
 * (VACUUM on PostgreSQL, as its autovacuum would) give the planners realistic statistics.
 */

const MIGRATION = '2026.11.22T12.00.00.content-api-indexes.js';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { INDEXES } = require(path.join(ROOT, 'database', 'migrations', MIGRATION)) as { INDEXES: { table: string; name: string }[] };

let app: TestApp;

beforeAll(async () => {
  app = await startApp({ seed: true, env: { RESPONSE_CACHE_MB: '0', MAIL_WORKER: 'false', NEWSLETTER_WORKER: 'false' } });
  const knex = app.strapi.db.connection;
  const now = new Date();
  const filler = (n: number) => ({ document_id: `filler${n}`, slug: `filler-${n}`, locale: n % 5 ? 'en' : 'fr', published_at: now, created_at: now, updated_at: now });
  const numbers = Array.from({ length: 3000 }, (_, n) => n);
  await knex.batchInsert('articles', numbers.map((n) => ({ ...filler(n), title: `Filler ${n}`, date: new Date(Date.UTC(2010, 0, 1 + n)) })), 500);
  await knex.batchInsert('people', numbers.map((n) => ({ ...filler(n), full_name: `Filler ${n}` })), 500);
  await knex.batchInsert('video_assets', numbers.map((n) => ({ ...filler(n), title: `Filler ${n}`, recorded_at: new Date(Date.UTC(2010, 0, 1 + n)) })), 500);
  // PostgreSQL plans an index-only scan for tables its autovacuum has seen (the visibility map).
  await knex.raw(usesPostgres() ? 'vacuum analyze' : 'analyze');
});
afterAll(async () => {
  await app?.close();
});

const indexNames = async (): Promise<string[]> => {
  const knex = app.strapi.db.connection;
  if (usesPostgres()) {
    const { rows } = await knex.raw(`select indexname from pg_indexes where schemaname = current_schema()`);
    return rows.map((row: { indexname: string }) => row.indexname);
  }
  const rows = await knex.raw(`select name from sqlite_master where type = 'index'`);
  return rows.map((row: { name: string }) => row.name);
};

/** The main SELECT on `table` Strapi sends to answer `path`. */
const mainQueryOf = async (path: string, table: string): Promise<Statement> => {
  const seen = await statementsWhileGetting(app, path);
  // PostgreSQL's statements name the schema: from "public"."articles" as "t0".
  const from = new RegExp(`from (?:[\`"]\\w+[\`"]\\.)?[\`"]${table}[\`"] as [\`"]t0[\`"]`, 'i');
  const query = seen.find((candidate) => /^select/i.test(candidate.sql) && from.test(candidate.sql) && /limit/i.test(candidate.sql));
  expect(query).toBeDefined();
  return query as Statement;
};

/** The `count(id)` Strapi sends for the total of the list that answers `path`. */
const countQueryOf = async (path: string, table: string): Promise<Statement> => {
  const seen = await statementsWhileGetting(app, path);
  const from = new RegExp(`^select count\\([\`"]t0[\`"]\\.[\`"]id[\`"]\\).* from (?:[\`"]\\w+[\`"]\\.)?[\`"]${table}[\`"] as [\`"]t0[\`"]`, 'i');
  const query = seen.find((candidate) => from.test(candidate.sql));
  expect(query).toBeDefined();
  return query as Statement;
};

/** The query plan as text. */
const planOf = async ({ sql, bindings }: Statement): Promise<string> => {
  const knex = app.strapi.db.connection;
  if (usesPostgres()) {
    // knex reports PostgreSQL statements with $1, $2…; knex.raw binds `?`.
    const raw = sql.replace(/\$\d+/g, '?');
    return knex.transaction(async (trx) => {
      await trx.raw('set local enable_seqscan = off');
      const { rows } = await trx.raw(`explain ${raw}`, bindings as never);
      return rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n');
    });
  }
  const rows = await knex.raw(`explain query plan ${sql}`, bindings as never);
  return rows.map((row: { detail: string }) => row.detail).join('\n');
};

it('creates every index of the migration on a fresh database, and Strapi indexes the relation join columns', async () => {
  const names = await indexNames();
  expect(INDEXES.length).toBeGreaterThan(0);
  expect(names).toEqual(expect.arrayContaining(INDEXES.map((index) => index.name)));
  for (const table of ['articles_people_lnk', 'articles_topics_lnk', 'articles_videos_lnk', 'articles_meeting_lnk']) {
    expect(names).toEqual(expect.arrayContaining([`${table}_fk`, `${table}_ifk`]));
  }
  // Strapi recorded the migration, so it does not run twice.
  const ran = await app.strapi.db.connection('strapi_migrations').select('name');
  expect(ran.map((row: { name: string }) => row.name)).toContain(MIGRATION);
});

it.each([
  ['a story by its slug', '/api/articles?filters[slug][$eq]=in-stockholm', 'articles', 'articles_slug_locale_idx'],
  ['a date range, latest first', '/api/articles?filters[date][$gte]=2023-01-01&filters[date][$lte]=2023-12-31&sort=date:desc', 'articles', 'articles_published_date_id_idx'],
  ['the latest stories in French', '/api/articles?locale=fr&sort=date:desc', 'articles', 'articles_published_date_id_idx'],
  ['a person by slug', '/api/people?filters[slug][$eq]=wang-yi', 'people', 'people_slug_locale_idx'],
  ['a video by slug', '/api/video-assets?filters[slug][$eq]=nothing-here', 'video_assets', 'video_assets_slug_locale_idx'],
])('uses an index for %s', async (_what, path, table, index) => {
  const plan = await planOf(await mainQueryOf(path, table));
  expect(plan).toContain(index);
});

it('sorts the latest stories by date, then id, in the order of the index', async () => {
  const plan = await planOf(await mainQueryOf('/api/articles?sort[0]=date:desc&sort[1]=id:desc', 'articles'));
  expect(plan).toContain('articles_published_date_id_idx');
  // No sort step of its own (SQLite: a temporary B-tree; PostgreSQL: a Sort or Incremental Sort).
  expect(plan).not.toMatch(/TEMP B-TREE|Sort/);
});

it('counts the published videos of a locale with the index (PostgreSQL: from the index alone, without reading the table)', async () => {
  const plan = await planOf(await countQueryOf('/api/video-assets?locale=fr&sort=recordedAt:desc', 'video_assets'));
  expect(plan).toContain('video_assets_published_recorded_id_idx');
  if (usesPostgres()) expect(plan).toMatch(/Index Only Scan/);
});

it('drops the indexes the ones ending with id replaced, on a database that still has them', async () => {
  const knex = app.strapi.db.connection;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const replacing = require(path.join(ROOT, 'database', 'migrations', '2026.11.22T16.00.00.content-api-indexes-with-id.js')) as { up(k: typeof knex): Promise<void>; REPLACED: string[] };
  await knex.raw('CREATE INDEX "articles_published_date_idx" ON "articles" ("locale", "date") WHERE published_at IS NOT NULL');
  expect(await indexNames()).toContain('articles_published_date_idx');
  await replacing.up(knex);
  const names = await indexNames();
  for (const name of replacing.REPLACED) expect(names).not.toContain(name);
  expect(names).toContain('articles_published_date_id_idx');
});
