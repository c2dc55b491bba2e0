import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

export interface TestDatabase {
  /** DATABASE_* variables for Strapi. */
  env: Record<string, string>;
  /** Removes the database and everything in it. */
  drop(): Promise<void>;
}

/**
 * Server URL whose user may CREATE DATABASE; the local cluster as set up by .ci/run by default.
 * Read once at load: booted apps point DATABASE_URL at their own database afterwards.
 */
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://newsreel:newsreel@127.0.0.1:5432/newsreel';
export const postgresServerUrl = () => SERVER_URL;

export const usesPostgres = () => process.env.TEST_DATABASE === 'postgres';

/** Runs `work` with a client connected to `url`, then disconnects. */
export const withClient = async <T>(url: string, work: (client: Client) => Promise<T>): Promise<T> => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

/**
 * Drops a test database. An autovacuum worker (a superuser process our role may not end) can
 * still be inside a database that was just used, so a refused drop is retried for a while.
 */
const dropDatabase = async (server: string, name: string) => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await withClient(server, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      return;
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
};

/** A fresh, empty database: SQLite in a temporary folder, or PostgreSQL when TEST_DATABASE=postgres. */
export const createTestDatabase = async (): Promise<TestDatabase> => {
  if (!usesPostgres()) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsreel-db-'));
    return {
      env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: path.join(dir, 'data.db') },
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }

  const server = postgresServerUrl();
  const name = `newsreel_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  await withClient(server, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_CLIENT: 'postgres', DATABASE_URL: url.toString() },
    drop: () => dropDatabase(server, name),
  };
};
