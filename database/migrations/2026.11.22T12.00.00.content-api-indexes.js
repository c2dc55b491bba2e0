'use strict';

/*
 * Indexes for what frontends filter and sort on (slug, date, locale, published state). Relation
 * join columns are indexed by Strapi itself (`*_lnk_fk`, `*_lnk_ifk`, `*_cmps` entity and field).
 *
 * Strapi runs this folder's migrations before it creates or updates tables, so on a fresh database
 * these tables do not exist yet: `up` skips a missing table, and src/index.ts runs `up` again after
 * every schema sync (the `strapi::content-types.afterSync` hook). Each statement is idempotent.
 */

/** `published` indexes hold only published rows: the public API reads nothing else. */
const INDEXES = [
  { table: 'articles', name: 'articles_slug_locale_idx', columns: ['slug', 'locale'] },
  { table: 'articles', name: 'articles_published_date_idx', columns: ['locale', 'date'], published: true },
  { table: 'people', name: 'people_slug_locale_idx', columns: ['slug', 'locale'] },
  { table: 'meetings', name: 'meetings_slug_locale_idx', columns: ['slug', 'locale'] },
  { table: 'meetings', name: 'meetings_published_starts_idx', columns: ['locale', 'starts_at'], published: true },
  { table: 'topics', name: 'topics_slug_locale_idx', columns: ['slug', 'locale'] },
  { table: 'video_assets', name: 'video_assets_slug_locale_idx', columns: ['slug', 'locale'] },
  { table: 'video_assets', name: 'video_assets_published_recorded_idx', columns: ['locale', 'recorded_at'], published: true },
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
