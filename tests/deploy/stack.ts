import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import { ROOT, type TestApp, freePort } from '../helpers/app';
import { type TestDatabase, createTestDatabase, usesPostgres } from '../helpers/database';
import { type S3Sink, startS3Sink } from '../helpers/s3-sink';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/*
 * The reference deployment on loopback: Debian's nginx running deploy/nginx/newsreel.conf in front
 * of two app processes started as `strapi start` starts them (tests/deploy/app-process.js), on one
 * fresh PostgreSQL database, with s3rver as the media and private buckets and the SMTP sink as the
 * relay. Everything listens on free ports; everything written lands in one temporary folder.
 */

const NGINX = '/usr/sbin/nginx';
/** The shipped site config; the test rewrites only ports and paths (siteForTest). */
export const SHIPPED_SITE = path.join(ROOT, 'deploy', 'nginx', 'newsreel.conf');
/** How long an app process may take to boot and answer. */
const BOOT_TIMEOUT_MS = 120_000;
/** How long a process told to stop by close() has before it is killed: the app's 25 s shutdown bound, and some. */
const STOP_TIMEOUT_MS = 35_000;
/** A METRICS_TOKEN the processes get (at least 16 characters). */
export const METRICS_TOKEN = 'deploy-test-metrics-token-0123456789';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The last `lines` lines of a file, or a note that it is missing. */
const tailOf = (file: string, lines: number) =>
  fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').slice(-lines - 1).join('\n') : `(no ${file})`;

/** Whether `url` answers with one of `statuses` (an error or another status: no). */
const answers = async (url: string, statuses: number[]) => {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    await res.arrayBuffer();
    return statuses.includes(res.status) ? res.status : false;
  } catch {
    return false;
  }
};

/**
 * Replaces the one match of `pattern` in the shipped config, or throws when there is none or more
 * than one: the test must run the file as shipped, never a guess of it.
 */
const replaceOnce = (text: string, pattern: RegExp, replacement: string, what: string) => {
  const count = (text.match(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`)) ?? []).length;
  if (count !== 1) throw new Error(`${SHIPPED_SITE}: expected one ${what} matching ${pattern}, found ${count}`);
  return text.replace(pattern, () => replacement);
};

export interface SiteRewrite {
  /** Ports of the app processes, in place of the shipped 1337 and 1338. */
  appPorts: number[];
  /** Loopback port nginx listens on, in place of 80 (the IPv6 listen line is dropped). */
  listenPort: number;
  cacheDir: string;
  accessLog: string;
  /** The site's error log, in place of /var/log/nginx/newsreel.error.log. */
  errorLog: string;
}

/** The shipped site config with its upstream ports, listen port, cache folder and access log moved. */
export const siteForTest = (shipped: string, rewrite: SiteRewrite) => {
  let site = shipped;
  const upstream = /^( *)server 127\.0\.0\.1:1337( [^;\n]*)?;$/m;
  const indent = upstream.exec(site)?.[1] ?? '';
  const options = upstream.exec(site)?.[2] ?? '';
  site = replaceOnce(site, upstream, rewrite.appPorts.map((port) => `${indent}server 127.0.0.1:${port}${options};`).join('\n'), 'upstream server on 1337');
  site = replaceOnce(site, /^ *server 127\.0\.0\.1:1338( [^;\n]*)?;\n/m, '', 'upstream server on 1338');
  site = replaceOnce(site, /^( *)listen 80;$/m, `    listen 127.0.0.1:${rewrite.listenPort};`, 'active `listen 80;`');
  site = replaceOnce(site, /^ *listen \[::\]:80;\n/m, '', 'active `listen [::]:80;`');
  site = replaceOnce(site, /^proxy_cache_path \/var\/cache\/nginx\/newsreel /m, `proxy_cache_path ${rewrite.cacheDir} `, 'proxy_cache_path');
  site = replaceOnce(site, /^( *)access_log \/var\/log\/nginx\/newsreel\.access\.log newsreel;$/m, `    access_log ${rewrite.accessLog} newsreel;`, 'access_log');
  site = replaceOnce(site, /^( *)error_log \/var\/log\/nginx\/newsreel\.error\.log crit;$/m, `    error_log ${rewrite.errorLog} crit;`, 'error_log');
  return site;
};

/** nginx's main config around the site file: foreground, its own pid, logs and temporary folders. */
const mainConfig = (dir: string, site: string) => {
  const tmp = (name: string) => path.join(dir, 'nginx', name);
  return [
    '# Written by tests/deploy/stack.ts around deploy/nginx/newsreel.conf.',
    'daemon off;',
    'master_process on;',
    'worker_processes 1;',
    // A master started as root hands its workers to `nobody`, who may not write this folder.
    ...(process.getuid?.() === 0 ? ['user root;'] : []),
    `pid ${tmp('nginx.pid')};`,
    `error_log ${tmp('error.log')} notice;`,
    'events { worker_connections 1024; }',
    'http {',
    '    include /etc/nginx/mime.types;',
    '    default_type application/octet-stream;',
    `    access_log ${tmp('other-access.log')};`,
    `    client_body_temp_path ${tmp('body')};`,
    `    proxy_temp_path ${tmp('proxy')};`,
    `    fastcgi_temp_path ${tmp('fastcgi')};`,
    `    uwsgi_temp_path ${tmp('uwsgi')};`,
    `    scgi_temp_path ${tmp('scgi')};`,
    `    include ${site};`,
    '}',
    '',
  ].join('\n');
};

/** How a process ended: its exit code, or null when a signal ended it. */
export type ExitCode = number | null;

export interface AppProcess {
  readonly port: number;
  /** http://127.0.0.1:port, the process itself, bypassing nginx. */
  readonly url: string;
  /** Its stdout and stderr, every start appended. */
  readonly logFile: string;
  /** The running process's id (throws when none runs). */
  readonly pid: number;
  /** Settles when the current process ends. */
  readonly exited: Promise<ExitCode>;
  readonly running: boolean;
  /** Starts it again on the same port; resolves once it answers (readiness when the app has it). */
  start(): Promise<void>;
  /** Sends `signal` (SIGTERM by default) and resolves with the exit code; never kills it harder. */
  stop(signal?: NodeJS.Signals): Promise<ExitCode>;
  request(): supertest.Agent;
}

export interface StackOptions {
  /** Added to (or, when undefined, removed from) the environment of both app processes. */
  env?: Record<string, string | undefined>;
}

export interface Stack {
  /** http://127.0.0.1:port of nginx. */
  readonly nginxUrl: string;
  /** What `nginx -t` said of the shipped site config. */
  readonly nginxConfigTest: string;
  readonly processes: AppProcess[];
  readonly smtp: SmtpSink;
  readonly s3: S3Sink;
  /** The temporary folder holding logs, the nginx config and its cache, public/ and the mail outbox. */
  readonly dir: string;
  /** The environment both processes share. */
  readonly env: Record<string, string>;
  /** A client that goes through nginx. */
  request(): supertest.Agent;
  /** The lines of nginx's access log for the site (format `newsreel` of the shipped config). */
  accessLog(): string[];
  /**
   * The access-log lines `match` picks, once there are at least `count` of them: nginx writes a
   * request's line after the client has its answer, so a line can lag the answer a little.
   */
  logged(match: (line: string) => boolean, count: number): Promise<string[]>;
  /** What nginx wrote to the site's error log (level `crit` in the shipped config). */
  siteErrorLog(): string;
  /** The ends of every log (processes, nginx), to explain a failure. */
  tails(lines?: number): string;
  /** Stops everything; keeps the temporary folder when NEWSREEL_KEEP_DEPLOY is set. */
  close(): Promise<void>;
}

/** Strapi's secrets, the same on every process, as production requires. */
const secrets = () => {
  const value = () => crypto.randomBytes(24).toString('base64');
  return {
    APP_KEYS: [value(), value()].join(','),
    API_TOKEN_SALT: value(),
    ADMIN_JWT_SECRET: value(),
    JWT_SECRET: value(),
    TRANSFER_TOKEN_SALT: value(),
    ENCRYPTION_KEY: value(),
  };
};

const appProcess = (port: number, env: Record<string, string>, logFile: string): AppProcess => {
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let exited: Promise<ExitCode> = Promise.resolve(null);

  const spawnChild = () => {
    fs.appendFileSync(logFile, `\n=== start ${new Date().toISOString()} on port ${port}\n`);
    const out = fs.openSync(logFile, 'a');
    const started = spawn(process.execPath, [path.join(__dirname, 'app-process.js')], {
      cwd: ROOT,
      env: { ...env, PORT: String(port) },
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    exited = new Promise<ExitCode>((resolve) => {
      started.once('exit', (code, signal) => {
        fs.appendFileSync(logFile, `\n=== exited with ${code ?? signal} at ${new Date().toISOString()}\n`);
        resolve(code);
      });
    });
    child = started;
    return started;
  };

  /** Liveness first (Strapi's /_health, 204); then readiness, once the app has that route (404 until then). */
  const waitUntilAnswering = async (started: ChildProcess) => {
    let gone = false;
    void exited.then(() => {
      gone = true;
    });
    const deadline = Date.now() + BOOT_TIMEOUT_MS;
    const fail = (why: string) => new Error(`app process on port ${port} ${why}; the end of ${logFile}:\n${tailOf(logFile, 60)}`);
    while (!(await answers(`${url}/_health`, [204]))) {
      if (gone) throw fail(`exited with ${started.exitCode ?? started.signalCode} while starting`);
      if (Date.now() > deadline) throw fail(`did not answer /_health within ${BOOT_TIMEOUT_MS} ms`);
      await sleep(200);
    }
    while (!(await answers(`${url}/api/health/ready`, [200, 404]))) {
      if (gone) throw fail('exited before it was ready');
      if (Date.now() > deadline) throw fail(`was not ready within ${BOOT_TIMEOUT_MS} ms`);
      await sleep(200);
    }
  };

  const isRunning = () => child !== undefined && child.exitCode === null && child.signalCode === null;

  return {
    port,
    url,
    logFile,
    get pid() {
      if (!isRunning() || child?.pid === undefined) throw new Error(`no app process runs on port ${port}`);
      return child.pid;
    },
    get exited() {
      return exited;
    },
    get running() {
      return isRunning();
    },
    async start() {
      if (isRunning()) throw new Error(`the app process on port ${port} is already running`);
      await waitUntilAnswering(spawnChild());
    },
    stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (isRunning()) child?.kill(signal);
      return exited;
    },
    request: () => supertest.agent(url),
  };
};

/** Stops a child with SIGTERM, then SIGKILL after `boundMs`; resolves once it is gone. */
const stopWithin = async (stop: () => Promise<unknown>, kill: () => void, boundMs: number) => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), boundMs);
  });
  const stopped = stop();
  if ((await Promise.race([stopped, late])) === 'late') {
    kill();
    await stopped;
  }
  clearTimeout(timer);
};

/** Brings the stack up; on any failure, what was started is stopped again and the logs are in the error. */
export const startStack = async (options: StackOptions = {}): Promise<Stack> => {
  if (!usesPostgres()) {
    throw new Error(
      'tests/deploy run two app processes on one database, which needs PostgreSQL: run them with TEST_DATABASE=postgres ' +
        '(and DATABASE_URL of a role that may CREATE DATABASE, by default postgres://newsreel:newsreel@127.0.0.1:5432/newsreel).'
    );
  }
  if (!fs.existsSync(NGINX)) throw new Error(`tests/deploy need Debian's nginx at ${NGINX} (apt-get install nginx)`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsreel-deploy-'));
  fs.mkdirSync(path.join(dir, 'nginx'));
  const cleanups: (() => Promise<void>)[] = [];
  const processes: AppProcess[] = [];
  let nginx: ChildProcess | undefined;
  let nginxExited: Promise<void> = Promise.resolve();
  const accessLogFile = path.join(dir, 'nginx', 'access.log');
  const errorLogFile = path.join(dir, 'nginx', 'error.log');
  const siteErrorLogFile = path.join(dir, 'nginx', 'site-error.log');
  const nginxOut = path.join(dir, 'nginx', 'stdout.log');

  const tails = (lines = 40) =>
    [
      ...processes.map((app) => `--- ${app.logFile}\n${tailOf(app.logFile, lines)}`),
      `--- ${errorLogFile}\n${tailOf(errorLogFile, lines)}`,
      `--- ${siteErrorLogFile}\n${tailOf(siteErrorLogFile, lines)}`,
      `--- ${nginxOut}\n${tailOf(nginxOut, lines)}`,
      `--- ${accessLogFile}\n${tailOf(accessLogFile, lines)}`,
    ].join('\n');

  const close = async () => {
    await Promise.all(
      processes.map((app) =>
        stopWithin(
          () => app.stop('SIGTERM'),
          () => void app.stop('SIGKILL'),
          STOP_TIMEOUT_MS
        )
      )
    );
    if (nginx && nginx.exitCode === null && nginx.signalCode === null) {
      const master = nginx;
      await stopWithin(
        async () => {
          master.kill('SIGTERM');
          await nginxExited;
        },
        () => master.kill('SIGKILL'),
        10_000
      );
    }
    for (const cleanup of cleanups.reverse()) await cleanup();
    if (process.env.NEWSREEL_KEEP_DEPLOY) process.stderr.write(`tests/deploy: kept ${dir}\n`);
    else fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    const database: TestDatabase = await createTestDatabase();
    cleanups.push(() => database.drop());
    const smtp = await startSmtpSink();
    cleanups.push(() => smtp.close());
    const s3 = await startS3Sink();
    cleanups.push(() => s3.close());

    const nginxPort = await freePort();
    const nginxUrl = `http://127.0.0.1:${nginxPort}`;
    const appPorts = [await freePort(), await freePort()];

    // The reference pages, as `public/` of a deployed app; media go to s3rver, so uploads/ stays empty.
    const source = path.join(ROOT, 'public');
    fs.cpSync(source, path.join(dir, 'public'), { recursive: true, filter: (file) => path.relative(source, file).split(path.sep)[0] !== 'uploads' });
    fs.mkdirSync(path.join(dir, 'public', 'uploads'), { recursive: true });

    // Built from nothing rather than from this process's environment, so a developer's shell
    // (SMTP relay, S3 keys, secrets) never reaches the processes.
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: os.homedir(),
      // Strapi reads `.env` through dotenv: point it at a file that does not exist.
      ENV_PATH: path.join(dir, 'no-dotenv'),
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PUBLIC_URL: nginxUrl,
      FRONTEND_URLS: nginxUrl,
      TRUST_PROXY: '1',
      PUBLIC_DIR: path.join(dir, 'public'),
      MAIL_OUTBOX_DIR: path.join(dir, 'mail'),
      PRIVATE_MEDIA_DIR: path.join(dir, 'private-media'),
      MAIL_WORKER_POLL_MS: '200',
      // Short, so the edge cache's expiry and revalidation show within seconds.
      HTTP_CACHE_MAX_AGE: '2',
      HTTP_CACHE_STALE_WHILE_REVALIDATE: '2',
      METRICS_TOKEN,
      // As deploy/newsreel.env.example: above the upstream keepalive_timeout of the nginx site config.
      SHUTDOWN_GRACE_SECONDS: '5',
      ...secrets(),
      ...database.env,
      ...smtp.env(),
      ...s3.env(),
    };
    for (const [name, value] of Object.entries(options.env ?? {})) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }

    const site = siteForTest(fs.readFileSync(SHIPPED_SITE, 'utf8'), {
      appPorts,
      listenPort: nginxPort,
      cacheDir: path.join(dir, 'nginx', 'cache'),
      accessLog: accessLogFile,
      errorLog: siteErrorLogFile,
    });
    const siteFile = path.join(dir, 'nginx', 'newsreel.conf');
    const mainFile = path.join(dir, 'nginx', 'nginx.conf');
    fs.writeFileSync(siteFile, site);
    fs.writeFileSync(mainFile, mainConfig(dir, siteFile));
    const prefix = `${path.join(dir, 'nginx')}/`;
    const checked = spawnSync(NGINX, ['-t', '-c', mainFile, '-p', prefix], { encoding: 'utf8' });
    const nginxConfigTest = `${checked.stdout}${checked.stderr}`;
    if (checked.status !== 0) throw new Error(`nginx -t refused the shipped site config (as rewritten in ${siteFile}):\n${nginxConfigTest}`);

    for (const port of appPorts) processes.push(appProcess(port, env, path.join(dir, `app-${port}.log`)));
    // One after the other: the first runs the migrations, and two boots at once on two cores starve each other.
    for (const app of processes) await app.start();

    const out = fs.openSync(nginxOut, 'a');
    const master = spawn(NGINX, ['-c', mainFile, '-p', prefix], { stdio: ['ignore', out, out] });
    fs.closeSync(out);
    nginx = master;
    nginxExited = new Promise<void>((resolve) => master.once('exit', () => resolve()));
    const deadline = Date.now() + 10_000;
    while (!(await answers(`${nginxUrl}/_health`, [204]))) {
      if (master.exitCode !== null || master.signalCode !== null) throw new Error('nginx exited at start');
      if (Date.now() > deadline) throw new Error(`nginx did not answer ${nginxUrl}/_health`);
      await sleep(100);
    }

    const readAccessLog = () => (fs.existsSync(accessLogFile) ? fs.readFileSync(accessLogFile, 'utf8').split('\n').filter(Boolean) : []);
    return {
      nginxUrl,
      nginxConfigTest,
      processes,
      smtp,
      s3,
      dir,
      env,
      request: () => supertest.agent(nginxUrl),
      accessLog: readAccessLog,
      async logged(match, count) {
        for (let tries = 0; ; tries += 1) {
          const lines = readAccessLog().filter(match);
          if (lines.length >= count || tries >= 50) return lines;
          await sleep(100);
        }
      },
      siteErrorLog: () => (fs.existsSync(siteErrorLogFile) ? fs.readFileSync(siteErrorLogFile, 'utf8') : ''),
      tails,
      close,
    };
  } catch (error) {
    const logs = tails();
    await close();
    if (error instanceof Error) error.message = `${error.message}\n${logs}`;
    throw error;
  }
};

/**
 * The stack where a helper of tests/helpers/ takes a TestApp: registerChief and
 * createVerifiedAccount use nothing of it but request(), which here goes through nginx.
 */
export const throughNginx = (stack: Stack) => ({ request: () => stack.request() }) as unknown as TestApp;

/** Wraps a test so that, when it fails, its error ends with the tails of every log of the stack. */
export const withLogs =
  (stackOf: () => Stack | undefined, test: () => Promise<void>) =>
  async (): Promise<void> => {
    try {
      await test();
    } catch (error) {
      const stack = stackOf();
      if (stack && error instanceof Error) error.message = `${error.message}\n\nLogs of the stack (${stack.dir}):\n${stack.tails()}`;
      throw error;
    }
  };
