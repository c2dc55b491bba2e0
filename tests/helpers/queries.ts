import type { TestApp } from './app';

export interface Statement {
  sql: string;
  bindings: unknown[];
}

/** The SQL statements the app sends while it answers `GET path` (knex `query` events); the answer must be 200. */
export const statementsWhileGetting = async (app: TestApp, path: string): Promise<Statement[]> => {
  const seen: Statement[] = [];
  const listener = (query: Statement) => seen.push({ sql: query.sql, bindings: query.bindings ?? [] });
  app.strapi.db.connection.on('query', listener);
  try {
    const answer = await app.request().get(path);
    expect({ path, status: answer.status }).toEqual({ path, status: 200 });
  } finally {
    app.strapi.db.connection.removeListener('query', listener);
  }
  return seen;
};
