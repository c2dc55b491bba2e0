import type { Core } from '@strapi/strapi';

type Knex = Core.Strapi['db']['connection'];

/** Rows of a knex.raw answer, on PostgreSQL (`{rows}`) and on SQLite (an array). */
export const rowsOf = <T>(answer: unknown): T[] => (Array.isArray(answer) ? answer : ((answer as { rows?: T[] }).rows ?? [])) as T[];

/** Creates a table of the plugin's own on first start; another process creating it at the same moment is fine. */
export const createTableOnce = async (knex: Knex, name: string, build: Parameters<Knex['schema']['createTable']>[1]): Promise<void> => {
  if (await knex.schema.hasTable(name)) return;
  try {
    await knex.schema.createTable(name, build);
  } catch (error) {
    if (!(await knex.schema.hasTable(name))) throw error;
  }
};
