import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SECRET_NAMES } from '../../src/environment/secrets';
import { freePort, ROOT } from '../helpers/app';

/* Real `strapi start` processes: how the app behaves with no `.env` in development and production. */

const STRAPI = path.join(ROOT, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');

/** The parent's environment without any of the app's secrets or settings. */
const bareEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  return { ...env, ...extra };
};

const start = (env: NodeJS.ProcessEnv) => {
  const child = spawn(process.execPath, [STRAPI, 'start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
};

const waitForHealth = async (port: number, child: ChildProcess, timeoutMs = 60000) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`strapi exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/_health`).then(
      (res) => res.status === 204,
      () => false
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('strapi did not answer /_health in time');
};

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsreel-env-'));
  fs.mkdirSync(path.join(dir, 'public', 'uploads'), { recursive: true });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

it('stops a production start without secrets, naming every missing one', async () => {
  const run = start(bareEnv({ NODE_ENV: 'production', ENV_PATH: path.join(dir, 'absent.env') }));
  const code = await run.exited;
  expect(code).not.toBe(0);
  const line = run.output().split('\n').find((l) => l.includes('missing required environment variable'));
  expect(line).toBeDefined();
  for (const name of SECRET_NAMES) expect(line).toContain(name);
});

it('names only the secrets that are missing in production', async () => {
  const run = start(
    bareEnv({ NODE_ENV: 'production', ENV_PATH: path.join(dir, 'absent.env'), APP_KEYS: 'a,b', JWT_SECRET: 'j' })
  );
  expect(await run.exited).not.toBe(0);
  const named = run.output().match(/missing required environment variable\(s\): ([A-Z_, ]+)\./)?.[1];
  expect(named?.split(', ')).toEqual(['API_TOKEN_SALT', 'ADMIN_JWT_SECRET', 'TRANSFER_TOKEN_SALT', 'ENCRYPTION_KEY']);
});

it('creates .env with generated secrets on a fresh development start, once', async () => {
  const envFile = path.join(dir, '.env');
  const port = await freePort();
  const env = bareEnv({
    NODE_ENV: 'development',
    ENV_PATH: envFile,
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_FILENAME: path.join(dir, 'data.db'),
    PUBLIC_DIR: path.join(dir, 'public'),
    MAIL_OUTBOX_DIR: path.join(dir, 'mail'),
    PRIVATE_MEDIA_DIR: path.join(dir, 'private-media'),
    SEED_SAMPLE_CONTENT: 'false',
  });
  expect(fs.existsSync(envFile)).toBe(false);

  const first = start(env);
  await waitForHealth(port, first.child);
  const written = fs.readFileSync(envFile, 'utf8');
  for (const name of SECRET_NAMES) expect(written).toMatch(new RegExp(`^${name}=.{20,}$`, 'm'));
  expect(first.output()).not.toContain(written.match(/^JWT_SECRET=(.+)$/m)![1]);
  first.child.kill('SIGTERM');
  await first.exited;

  const second = start(env);
  await waitForHealth(port, second.child);
  second.child.kill('SIGTERM');
  await second.exited;
  expect(fs.readFileSync(envFile, 'utf8')).toBe(written);
});
