import type { TestApp } from './app';

const MESSAGE = 'plugin::mail-outbox.outbox-message';

export type OutboxRow = Record<string, unknown> & { id: number; status: string };

/**
 * Polls the outbox rows matching `where` (newest first) until `until` holds, and returns them.
 * Tests wait on the table rather than on a delay, so "no second mail" is a fact, not a race.
 */
export const outboxRows = async (
  app: Pick<TestApp, 'strapi'>,
  where: object,
  until: (rows: OutboxRow[]) => boolean,
  timeoutMs = 20000
): Promise<OutboxRow[]> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = (await app.strapi.db.query(MESSAGE).findMany({ where, orderBy: { id: 'desc' } })) as OutboxRow[];
    if (until(rows)) return rows;
    if (Date.now() > deadline) throw new Error(`the outbox rows ${JSON.stringify(where)} did not reach the expected state in time`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/** Some rows match and none of them is still queued. */
export const settled = (rows: OutboxRow[]) => rows.length > 0 && rows.every((row) => row.status !== 'queued');

/** The newest row matching `where` once it satisfies `done`. */
export const outboxRow = async (app: Pick<TestApp, 'strapi'>, where: object, done: (row: OutboxRow) => boolean) =>
  (await outboxRows(app, where, (rows) => rows.length > 0 && done(rows[0])))[0];

/** Resolves once nothing at all is queued. */
export const outboxIdle = (app: Pick<TestApp, 'strapi'>) => outboxRows(app, { status: 'queued' }, (rows) => rows.length === 0);
