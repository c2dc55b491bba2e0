'use strict';

/*
 * Indexes for what frontends filter and sort on (slug, date, locale, published state). Relation
 * join columns are indexed by Strapi itself (`*_lnk_fk`, `*_lnk_ifk`, `*_cmps` entity and field).
 *
 * Strapi runs this folder's migrations before it creates or updates tables, so on a fresh database
 * these tables do not exist yet: `up` skips a missing table, and src/index.ts runs `up` again after
 * every schema sync (the `strapi::content-types.afterSync` hook). Each statement is idempotent.
 */

/**
 * `published` indexes hold only published rows: the public API reads nothing else. They end with
 * `id`: Strapi sorts by date then id, and counts a list with `count(id)`, which an index without
 * `id` cannot answer alone (PostgreSQL then read the whole table: 26 ms for 10,000 stories against
 * 4 ms). The indexes they replace are dropped by 2026.11.22T16.00.00.content-api-indexes-with-id.js.
 * This list is the indexes wanted now: it is applied again after every schema sync.
 */
const INDEXES = [
  { table: 'articles', name: 'articles_slug_locale_idx', columns: ['slug', 'locale'] },
  { table: 'articles', name: 'articles_published_date_id_idx', columns: ['locale', 'date', 'id'], published: true },
  { table: 'people', name: 'people_slug_locale_idx', columns: ['slug', 'locale'] },
  { table: 'meetings', name: 'meetings_slug_locale_idx', columns: ['slug', 'locale'] },
  { table: 'meetings', name: 'meetings_published_starts_id_idx', columns: ['locale', 'starts_at', 'id'], published: true },
  { table: 'topics', name: 'topics_slug_locale_idx', columns: ['slug', 'locale'] },
  { table: 'video_assets', name: 'video_assets_slug_locale_idx', columns: ['slug', 'locale'] },
  { table: 'video_assets', name: 'video_assets_published_recorded_id_idx', columns: ['locale', 'recorded_at', 'id'], published: true },
];

const quote = (name) => `"${name}"`;

async function up(knex) {
  for (const index of INDEXES) {
    if (!(await knex.schema.hasTable(index.table))) continue;
    const where = index.published ? ' WHERE published_at IS NOT NULL' : '';
    await knex.raw(
      `CREATE INDEX IF NOT EXISTS ${quote(index.name)} ON ${quote(index.table)} (${index.columns.map(quote).join(', ')})${where}`
    );
  }
}

async function down(knex) {
  for (const index of INDEXES) await knex.raw(`DROP INDEX IF EXISTS ${quote(index.name)}`);
}

module.exports = { up, down, INDEXES };
