import type { Core } from '@strapi/strapi';

/**
 * SQLite in write-ahead-log mode, synced at checkpoints: readers no longer wait for the writer,
 * and a write costs no fsync of its own. In the default mode every UPDATE waited for the disk,
 * which capped campaign sending (one settled row per message) below 100 messages a second.
 * A power cut may lose the last transactions, never corrupt the file.
 */
export const tuneSqlite = async (strapi: Core.Strapi) => {
  if (strapi.db.dialect.client !== 'sqlite') return;
  await strapi.db.connection.raw('PRAGMA journal_mode = WAL');
  await strapi.db.connection.raw('PRAGMA synchronous = NORMAL');
};
