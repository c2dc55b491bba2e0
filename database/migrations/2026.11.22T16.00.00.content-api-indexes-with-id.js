'use strict';

/*
 * The published date indexes of 2026.11.22T12.00.00.content-api-indexes.js now end with `id`
 * (Strapi counts lists with `count(id)` and sorts by date then id): this drops the ones they
 * replace on a database that has them. That migration, applied again after every schema sync,
 * creates the new ones.
 */

const REPLACED = ['articles_published_date_idx', 'meetings_published_starts_idx', 'video_assets_published_recorded_idx'];

async function up(knex) {
  for (const name of REPLACED) await knex.raw(`DROP INDEX IF EXISTS "${name}"`);
}

async function down() {
  // The replaced indexes answer nothing the new ones do not.
}

module.exports = { up, down, REPLACED };
