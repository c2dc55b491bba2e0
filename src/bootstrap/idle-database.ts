import type { Core } from '@strapi/strapi';

interface Pool {
  numUsed(): number;
  numPendingAcquires(): number;
  numPendingCreates(): number;
}

/**
 * Waits until no query holds or waits for a database connection. Strapi runs some work after a
 * write without awaiting it (event-hub listeners after a publish, for instance); destroying the
 * pool under it makes knex reject those waits with an unhandled "aborted" and kills the process.
 * Short-lived processes (the seed script) call this before `strapi.destroy()`.
 */
export const waitForIdleDatabase = async (strapi: Core.Strapi, timeoutMs = 5000): Promise<void> => {
  const pool = (strapi.db.connection as unknown as { client: { pool?: Pool } }).client.pool;
  if (!pool) return;
  const deadline = Date.now() + timeoutMs;
  let quietChecks = 0;
  // Two quiet checks in a row: a listener may queue its query one tick after the last one ends.
  while (Date.now() < deadline && quietChecks < 2) {
    const busy = pool.numUsed() + pool.numPendingAcquires() + pool.numPendingCreates();
    quietChecks = busy === 0 ? quietChecks + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};
