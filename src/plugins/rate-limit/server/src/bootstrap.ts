import type { Core } from '@strapi/strapi';
import type { RateLimitConfig } from './config';
import { getService } from './utils/get-service';

/**
 * The counters' table, in the column order `rate-limiter-flexible` inserts by position
 * (key, points, expire). Strapi's schema sync leaves tables it did not create alone.
 */
const ensureTable = async (strapi: Core.Strapi, tableName: string): Promise<void> => {
  const knex = strapi.db.connection;
  if (await knex.schema.hasTable(tableName)) return;
  try {
    await knex.schema.createTable(tableName, (table) => {
      table.string('key', 255).primary();
      table.integer('points').notNullable().defaultTo(0);
      table.bigInteger('expire');
      // The prune job deletes by expiry.
      table.index(['expire'], `${tableName}_expire_idx`);
    });
  } catch (error) {
    // Another process starting at the same moment may have created it first.
    if (!(await knex.schema.hasTable(tableName))) throw error;
  }
};

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  const config = strapi.config.get('plugin::rate-limit') as RateLimitConfig;
  const limiter = getService(strapi, 'limiter');
  // Every plugin declared its limits in register(); an override of a name nobody declared is a typo.
  const unknown = Object.keys(config.limits).filter((name) => !limiter.declaredNames().includes(name));
  if (unknown.length > 0) {
    throw new Error(`Invalid rate-limit config: no limit is declared as ${unknown.join(', ')}`);
  }
  await ensureTable(strapi, config.tableName);
  strapi.cron.add({
    'rate-limit.prune': {
      task: async () => {
        await limiter.prune();
      },
      options: { rule: config.pruneRule },
    },
  });
};
