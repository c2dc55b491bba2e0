import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type Core, createStrapi } from '@strapi/strapi';
import supertest from 'supertest';
import { waitForIdleDatabase } from '../../src/bootstrap/idle-database';
import { type TestDatabase, createTestDatabase } from './database';

export const ROOT = path.resolve(__dirname, '..', '..');

/** Every variable the app reads that a developer's shell could set; a test starts from none. */
const APP_VARIABLES = [
  'HOST', 'PORT', 'PUBLIC_URL', 'FRONTEND_URLS', 'PUBLIC_DIR', 'TRUST_PROXY',
  'DATABASE_CLIENT', 'DATABASE_FILENAME', 'DATABASE_URL', 'DATABASE_HOST', 'DATABASE_PORT', 'DATABASE_NAME',
  'DATABASE_USERNAME', 'DATABASE_PASSWORD', 'DATABASE_SSL', 'DATABASE_SCHEMA',
  'SMTP_HOST', 'SMTP_PORT', 'SMTP_SECURE', 'SMTP_USERNAME', 'SMTP_PASSWORD', 'MAIL_OUTBOX_DIR', 'EMAIL_FROM', 'EMAIL_REPLY_TO',
  'DOWNLOAD_URL_TTL_SECONDS', 'DOWNLOADS_PER_DAY', 'S3_BUCKET', 'S3_REGION', 'S3_ENDPOINT', 'S3_FORCE_PATH_STYLE', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY',
  'S3_PUBLIC_URL', 'S3_PRIVATE_BUCKET', 'S3_ACL', 'S3_ROOT_PATH', 'PRIVATE_MEDIA_DIR', 'SEED_SAMPLE_CONTENT',
  'JWT_MANAGEMENT', 'MAIL_WORKER', 'MAIL_WORKER_POLL_MS', 'MAIL_WORKER_LEASE_SECONDS', 'LOG_REDACT_QUERY',
  'NEWSLETTER_ORGANISATION', 'NEWSLETTER_POSTAL_ADDRESS', 'NEWSLETTER_STORY_PATH', 'NEWSLETTER_WORKER', 'NEWSLETTER_LEASE_SECONDS', 'NEWSLETTER_POLL_MS',
  'NEWSLETTER_PER_HOUR', 'NEWSLETTER_PER_SECOND', 'NEWSLETTER_PAUSE_AFTER_FAILURES', 'NEWSLETTER_RETRY_BASE_SECONDS',
  'NEWSLETTER_SMTP_CONNECTIONS', 'NEWSLETTER_SMTP_MESSAGES_PER_CONNECTION',
  'NEWSLETTER_BOUNCE_ADDRESS', 'NEWSLETTER_INBOUND_TOKEN', 'NEWSLETTER_SES_TOPIC_ARNS', 'NEWSLETTER_SES_CERT_HOST_PATTERN',
  'NEWSLETTER_POSTMARK_WEBHOOK_USER', 'NEWSLETTER_POSTMARK_WEBHOOK_PASSWORD', 'NEWSLETTER_SENDGRID_WEBHOOK_PUBLIC_KEY',
  'NEWSLETTER_DKIM_DOMAIN', 'NEWSLETTER_DKIM_SELECTOR', 'NEWSLETTER_DKIM_PRIVATE_KEY',
  'MASTER_MAX_BYTES', 'PREVIEW_ENABLED', 'PREVIEW_TOKEN_TTL_SECONDS', 'MASTER_UPLOAD_STALE_HOURS', 'FFPROBE_PATH', 'FFMPEG_PATH', 'HTTP_CACHE_MAX_AGE', 'HTTP_CACHE_STALE_WHILE_REVALIDATE', 'RESPONSE_CACHE_MB',
  'METRICS_TOKEN', 'SHUTDOWN_TIMEOUT_SECONDS', 'SHUTDOWN_GRACE_SECONDS',
];

export interface TestApp {
  strapi: Core.Strapi;
  url: string;
  /** Temporary folder of this app: public/, mail/, private-media/. */
  dir: string;
  database: TestDatabase;
  request(): supertest.Agent;
  /** Stops Strapi; `keepDatabase` lets a second boot reuse it. */
  close(options?: { keepDatabase?: boolean }): Promise<void>;
}

export interface StartOptions {
  /** Extra or overriding environment variables (undefined removes one). */
  env?: Record<string, string | undefined>;
  /** Load the sample content on boot. */
  seed?: boolean;
  /** Reuse a database (e.g. from a previous boot) instead of a fresh one. */
  database?: TestDatabase;
  /** Reuse a temporary folder (private media, uploads) from a previous boot. */
  dir?: string;
  /** Serve the admin panel built by `strapi build` (browser tests). */
  serveAdminPanel?: boolean;
  /** Serve the reference pages of public/ (account, stories, newsletter) from the temporary public folder. */
  pages?: boolean;
  /** Changes the loaded configuration before the app boots (e.g. a setting no variable reaches). */
  configure?: (strapi: Core.Strapi) => void;
}

/** A TCP port free on loopback right now. */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });

/** Boots the compiled app (tests/helpers/global-setup.ts compiled it) on a fresh database. */
export const startApp = async (options: StartOptions = {}): Promise<TestApp> => {
  const database = options.database ?? (await createTestDatabase());
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'newsreel-app-'));
  fs.mkdirSync(path.join(dir, 'public', 'uploads'), { recursive: true });
  if (options.pages) {
    const source = path.join(ROOT, 'public');
    fs.cpSync(source, path.join(dir, 'public'), { recursive: true, filter: (file) => path.relative(source, file).split(path.sep)[0] !== 'uploads' });
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;

  const env: Record<string, string | undefined> = {
    ...Object.fromEntries(APP_VARIABLES.map((name) => [name, undefined])),
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: url,
    FRONTEND_URLS: `${url},https://frontend.example.org`,
    PUBLIC_DIR: path.join(dir, 'public'),
    MAIL_OUTBOX_DIR: path.join(dir, 'mail'),
    PRIVATE_MEDIA_DIR: path.join(dir, 'private-media'),
    SEED_SAMPLE_CONTENT: options.seed ? 'true' : 'false',
    ...database.env,
    ...options.env,
  };
  const previous = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(env);
  for (const name of ['APP_KEYS', 'API_TOKEN_SALT', 'ADMIN_JWT_SECRET', 'JWT_SECRET', 'TRANSFER_TOKEN_SALT', 'ENCRYPTION_KEY']) {
    process.env[name] ??= crypto.randomBytes(24).toString('base64');
  }

  const created = createStrapi({ appDir: ROOT, distDir: path.join(ROOT, 'dist'), serveAdminPanel: options.serveAdminPanel ?? false });
  options.configure?.(created);
  const strapi = await created.load();
  await new Promise<void>((resolve) => strapi.server.listen(port, '127.0.0.1', () => resolve()));

  return {
    strapi,
    url,
    dir,
    database,
    request: () => supertest.agent(url),
    async close({ keepDatabase = false } = {}) {
      await waitForIdleDatabase(strapi);
      await strapi.destroy();
      apply(previous);
      if (!keepDatabase) {
        await database.drop();
        if (!options.dir) fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
};

/** A full-access API token, as a trusted frontend or an import script would hold. */
export const createApiToken = async (strapi: Core.Strapi, type: 'full-access' | 'read-only' = 'full-access') => {
  const token = await strapi.service('admin::api-token').create({
    name: `test-${type}-${crypto.randomBytes(4).toString('hex')}`,
    type,
    lifespan: null,
    description: 'created by a test',
  });
  return token.accessKey as string;
};

/** Forgets rate-limit counters (all, or those of one limit), for files that make more requests than one IP may. */
export const resetRateLimits = async (app: TestApp, name?: string) => {
  const limiter = app.strapi.plugin('rate-limit').service('limiter') as { reset(name?: string): Promise<void> };
  await limiter.reset(name);
};

/**
 * Another server process with the environment of the running test app (same database, secrets
 * and mail relay), as a second instance behind a load balancer would be. Resolves once it
 * answers; `stop()` ends it.
 */
export const startSecondInstance = async (env: Record<string, string> = {}) => {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(__dirname, 'strapi-process.js')], {
    env: { ...process.env, ...env, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Kept until READY, for the error if it never comes. Not after: the request log of a process
  // under load grew it by megabytes, and searching it on every chunk slowed this process, the
  // benchmark's client included.
  let output = '';
  let ready = false;
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      if (ready) return;
      output += chunk;
      if (output.includes('READY')) {
        ready = true;
        output = '';
        resolve();
      }
    });
    child.stderr.on('data', (chunk) => {
      if (!ready) output += chunk;
    });
    if (process.env.NEWSREEL_CHILD_LOGS) child.stdout.pipe(process.stderr);
    child.on('exit', (code) => reject(new Error(`second instance exited with ${code}: ${output}`)));
  });
  /** Sends `signal` and resolves once the process is gone (at once if it already is). */
  const end = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      child.removeAllListeners('exit');
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  return {
    url: `http://127.0.0.1:${port}`,
    /** The process id, e.g. to read its memory from /proc. */
    pid: child.pid as number,
    request: () => supertest.agent(`http://127.0.0.1:${port}`),
    /** Ends it at once, as a crash or the OOM killer would: no shutdown code runs. */
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
  };
};
