import path from 'node:path';
import type { Core } from '@strapi/strapi';

/** The migration that holds the content API's indexes (database/migrations). */
const MIGRATION = '2026.11.22T12.00.00.content-api-indexes.js';

interface IndexMigration {
  up(knex: Core.Strapi['db']['connection']): Promise<void>;
}

/**
 * Strapi runs database/migrations before its schema sync, when a fresh database has no tables
 * yet; the index migration is run again after every sync, so that a fresh database gets its
 * indexes on first boot. Its statements are idempotent. Two processes booting at once can both
 * try one index: the loser tries again once the winner's is there.
 */
export const applyContentIndexesAfterSync = (strapi: Core.Strapi) => {
  strapi.hook('strapi::content-types.afterSync').register(async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const migration = require(path.join(strapi.dirs.app.root, 'database', 'migrations', MIGRATION)) as IndexMigration;
    try {
      await migration.up(strapi.db.connection);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await migration.up(strapi.db.connection);
    }
  });
};
