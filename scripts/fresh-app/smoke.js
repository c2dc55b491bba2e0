#!/usr/bin/env node
'use strict';

/*
 * Smoke test of Newsreel's plugins inside a Strapi app they were installed into (from their npm
 * tarballs, in a fresh create-strapi-app project). It starts an in-process SMTP sink, starts the
 * app with `strapi start`, runs HTTP and browser checks against it and prints one line per check.
 *
 *   node scripts/fresh-app/smoke.js --app <app dir> --plugins all|password-policy|signup [--env KEY=VALUE]...
 *
 * --plugins password-policy: the app has password-policy (and its peer rate-limit) only.
 * --plugins signup: signup-verification and the plugins it requires as peers (rate-limit,
 *   password-policy, mail-outbox), without its optional partner the newsletter: signup with
 *   "newsletter": true still works, the start logs that the newsletter is not installed, and
 *   /api/newsletter/* does not exist. HTTP checks only: the one admin part it has, password-policy's,
 *   is checked in the browser by the other two modes.
 * --plugins all: rate-limit, password-policy, mail-outbox, signup-verification, newsletter and
 *   video-masters.
 * --env KEY=VALUE (repeatable): extra environment for the app, applied last.
 *
 * The app is built beforehand (`strapi build`: the admin panel is checked in Chromium, Debian's
 * /usr/bin/chromium or $CHROMIUM_PATH). Unless DATABASE_FILENAME is given, each run uses its own
 * SQLite file under the app's .tmp/ (rate-limit counters and the first admin live in the
 * database, so a rerun on an old database would fail); it is removed after a run that passed.
 * The app's output goes to <app>/smoke-<plugins>.log. Exit code 1 when a check failed.
 * Codes, tokens and signed URLs are never printed.
 */

const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { parseArgs } = require('node:util');

const STARTED = Date.now();
const HEALTH_TIMEOUT_MS = 120_000;
const MAIL_TIMEOUT_MS = 30_000;
const PAGE_TIMEOUT_MS = 60_000;
const KILL_GRACE_MS = 10_000;
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const MODES = ['all', 'password-policy', 'signup'];
let runName = 'unknown';

// ---------------------------------------------------------------------------------------------
// Output: one line per check, secrets redacted.

/** Values that must never be printed (codes, tokens, JWTs, passwords); filled as they appear. */
const secrets = new Set();
const keepSecret = (value) => {
  if (typeof value === 'string' && value.length >= 4) secrets.add(value);
  return value;
};

const redact = (text) => {
  let out = String(text);
  for (const secret of secrets) out = out.split(secret).join('[redacted]');
  return out
    .replace(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, '[redacted-jwt]')
    .replace(/([?&#](?:token|code|signature|expires|X-Amz-[\w-]+)=)[^&\s"'<>]+/gi, '$1[redacted]')
    .replace(/("(?:jwt|code|token|refreshToken|url|password)"\s*:\s*")[^"]*"/g, '$1[redacted]"');
};

const short = (value, max = 300) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text && text.length > max ? `${text.slice(0, max)}…` : text;
};

const results = [];
let logFile;
let logOffset = 0;

/** The size of the app's log now (bytes): an offset for `logLines`. */
const logSize = () => (fs.existsSync(logFile) ? fs.statSync(logFile).size : 0);

/** The app's log lines written since `from` (bytes), without colours (Strapi's logger writes ANSI codes even to a file). */
const logLines = (from = 0) => {
  const text = fs.readFileSync(logFile).subarray(from).toString('utf8').trim();
  return text ? text.replace(/\x1b\[[0-9;]*m/g, '').split('\n') : [];
};

/** The app's log lines written since `from` (bytes) (at most 40), or its last 15 when there are none. */
const logTail = (from) => {
  try {
    const recent = logLines(from);
    return recent.length > 0 ? recent.slice(-40) : logLines().slice(-15);
  } catch {
    return [];
  }
};

/** Runs one check: `ok - name`, or `not ok - name: why` followed by the app log of that moment. */
const check = async (name, fn) => {
  logOffset = logSize();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok - ${name}`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`not ok - ${name}: ${redact(error && error.message ? error.message : error)}`);
    if (error instanceof Skipped || (error && error.quiet)) return;
    const tail = logTail(logOffset);
    if (tail.length > 0) {
      console.log(`# app log (${path.basename(logFile)}):`);
      for (const line of tail) console.log(`#   ${redact(line)}`);
    }
  }
};

const assert = (condition, message) => {
  if (!condition) throw new Error(message);
};

/** A check that could not run because an earlier one failed (no log tail for it). */
class Skipped extends Error {}

/** A value an earlier check should have produced. */
const needs = (value, what) => {
  if (value === undefined || value === null) throw new Skipped(`skipped: needs ${what} (an earlier check failed)`);
  return value;
};

// ---------------------------------------------------------------------------------------------
// Arguments.

const usage = () =>
  `usage: node scripts/fresh-app/smoke.js --app <dir of a Strapi app> --plugins ${MODES.join('|')} [--env KEY=VALUE]...`;

const readArgs = () => {
  const { values } = parseArgs({
    options: {
      app: { type: 'string' },
      plugins: { type: 'string' },
      env: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage());
    process.exit(0);
  }
  if (!values.app || !MODES.includes(values.plugins)) throw new Error(usage());
  const app = path.resolve(values.app);
  if (!fs.existsSync(path.join(app, 'package.json'))) throw new Error(`--app ${app}: no package.json there`);
  const env = {};
  for (const pair of values.env) {
    const at = pair.indexOf('=');
    if (at < 1) throw new Error(`--env ${pair}: expected KEY=VALUE`);
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return { app, plugins: values.plugins, env };
};

// ---------------------------------------------------------------------------------------------
// SMTP sink.

const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

/** An SMTP server on loopback that keeps every message, parsed, in memory. */
const startSmtpSink = async () => {
  const { SMTPServer } = require('smtp-server');
  const { simpleParser } = require('mailparser');
  const mails = [];
  const waiters = new Set();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          const to = session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase());
          mails.push({ to, parsed });
          for (const wake of waiters) wake();
          callback();
        },
        (error) => callback(error)
      );
    },
  });
  const port = await freePort();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });

  /** The first mail to `address` (received after `since` mails) that `match` accepts. */
  const waitFor = (address, match = () => true, since = 0) =>
    new Promise((resolve, reject) => {
      const find = () => mails.slice(since).find((mail) => mail.to.includes(address.toLowerCase()) && match(mail.parsed));
      const done = (mail) => {
        clearTimeout(timer);
        waiters.delete(look);
        resolve(mail.parsed);
      };
      const look = () => {
        const mail = find();
        if (mail) done(mail);
      };
      const timer = setTimeout(() => {
        waiters.delete(look);
        reject(new Error(`no mail to ${address} within ${MAIL_TIMEOUT_MS / 1000} s (${mails.length} mail(s) received in all)`));
      }, MAIL_TIMEOUT_MS);
      waiters.add(look);
      look();
    });

  return {
    port,
    count: () => mails.length,
    waitFor,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
};

/** A header of a parsed mail as it was written (mailparser folds List-* headers into objects). */
const rawHeader = (mail, name) => {
  const line = (mail.headerLines || []).find((entry) => entry.key === name.toLowerCase());
  return line ? line.line.replace(/\r?\n[ \t]+/g, ' ').replace(/^[^:]+:\s*/, '') : undefined;
};

// ---------------------------------------------------------------------------------------------
// The app process.

const strapiBin = (appDir) => {
  const pkgPath = require.resolve('@strapi/strapi/package.json', { paths: [appDir] });
  const pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin.strapi;
  return path.join(path.dirname(pkgPath), bin);
};

const startApp = async ({ appDir, env }) => {
  const out = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, [strapiBin(appDir), 'start'], {
    cwd: appDir,
    env,
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  let exit;
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    })
  );
  // Last resort if this script dies before its cleanup ran (e.g. its stdout was closed).
  const orphanGuard = () => {
    if (!exit) child.kill('SIGKILL');
  };
  process.on('exit', orphanGuard);

  const stop = async () => {
    if (!exit) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
      await exited;
      clearTimeout(killer);
    }
    process.off('exit', orphanGuard);
  };

  const waitHealthy = async (base) => {
    const deadline = Date.now() + HEALTH_TIMEOUT_MS;
    let last = 'no answer';
    while (Date.now() < deadline) {
      if (exit) throw new Error(`the app exited (code ${exit.code}, signal ${exit.signal}) before answering GET /_health`);
      try {
        const res = await fetch(`${base}/_health`, { signal: AbortSignal.timeout(5000) });
        if (res.status === 204) return;
        last = `answered ${res.status}`;
      } catch (error) {
        last = error.cause ? error.cause.code || error.cause.message : error.message;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error(`GET /_health did not answer 204 within ${HEALTH_TIMEOUT_MS / 1000} s (last: ${last})`);
  };

  return { stop, waitHealthy };
};

// ---------------------------------------------------------------------------------------------
// HTTP.

/** Every answer of the app seen by this script or its browser that was a 5xx. */
const serverErrors = [];

const withoutQuery = (url) => String(url).split(/[?#]/)[0];

const makeApi = (base) => async (method, pathname, { json, form, headers = {}, token } = {}) => {
  const init = { method, headers: { ...headers }, redirect: 'manual', signal: AbortSignal.timeout(30_000) };
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(json);
  } else if (form !== undefined) {
    init.headers['Content-Type'] = 'application/x-www-form-urlencoded';
    init.body = new URLSearchParams(form).toString();
  }
  const res = await fetch(`${base}${pathname}`, init);
  const text = await res.text();
  let body;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (res.status >= 500) serverErrors.push(`${method} ${withoutQuery(pathname)} answered ${res.status}`);
  return { status: res.status, headers: res.headers, body, text };
};

/** Throws unless `res` has status `status`, showing (redacted, shortened) what came instead. */
const expectStatus = (res, status, what) => {
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${short(res.body ?? res.text)}`);
};

/** The rule ids of a 400 ValidationError from the password policy (`details.errors[].rule`). */
const refusedRules = (res, what) => {
  expectStatus(res, 400, what);
  const error = res.body && res.body.error;
  assert(error && error.name === 'ValidationError', `${what}: expected a ValidationError, got ${short(res.body)}`);
  const errors = (error.details && error.details.errors) || [];
  assert(errors.length > 0, `${what}: no details.errors[] in ${short(res.body)}`);
  for (const entry of errors) {
    assert(Array.isArray(entry.path) && entry.path[0] === 'password', `${what}: an error entry is not on path ["password"]: ${short(entry)}`);
    assert(typeof entry.rule === 'string' && typeof entry.message === 'string', `${what}: an entry lacks rule or message: ${short(entry)}`);
  }
  return errors.map((entry) => entry.rule);
};

// ---------------------------------------------------------------------------------------------
// Test data.

const WEAK_PASSWORD = 'password';
/** Rules a bare "password" fails under the default policy. */
const WEAK_FAILS = ['min-length', 'uppercase', 'digit', 'symbol', 'not-common'];

const strongPassword = () => keepSecret(`Sm0ke!${crypto.randomBytes(12).toString('base64url')}#Qz`);
const uniqueEmail = (who) => `${who}-${crypto.randomBytes(4).toString('hex')}@example.org`;

const includesAll = (list, wanted) => wanted.every((item) => list.includes(item));

// ---------------------------------------------------------------------------------------------
// Checks: password policy.

const checkPolicyRules = async (api) => {
  const en = await api('GET', '/api/password-policy');
  expectStatus(en, 200, 'GET /api/password-policy');
  const { rules, minLength, maxBytes } = en.body || {};
  assert(Array.isArray(rules) && rules.length > 0, `no rules in ${short(en.body)}`);
  assert(Number.isInteger(minLength) && Number.isInteger(maxBytes), `minLength/maxBytes missing in ${short(en.body)}`);
  for (const rule of rules) assert(typeof rule.id === 'string' && typeof rule.message === 'string' && rule.message, `bad rule ${short(rule)}`);
  const ids = rules.map((rule) => rule.id);
  assert(includesAll(ids, ['min-length', 'max-bytes']), `rules min-length and max-bytes are always on; got ${ids.join(', ')}`);
  const min = rules.find((rule) => rule.id === 'min-length');
  assert(min.message.includes(String(minLength)), `min-length message does not state ${minLength}: "${min.message}"`);

  const fr = await api('GET', '/api/password-policy?locale=fr');
  expectStatus(fr, 200, 'GET /api/password-policy?locale=fr');
  const frMin = ((fr.body && fr.body.rules) || []).find((rule) => rule.id === 'min-length');
  assert(frMin && /^Au moins \d+ caractères/.test(frMin.message), `French min-length message expected, got ${short(frMin)}`);
  assert(fr.body.rules.length === rules.length, 'French and English answers list a different number of rules');
  return { minLengthMessage: min.message };
};

const checkPolicyCheckRoute = async (api) => {
  const weak = await api('POST', '/api/password-policy/check', { json: { password: WEAK_PASSWORD } });
  expectStatus(weak, 200, 'POST /api/password-policy/check (weak)');
  assert(weak.body && weak.body.valid === false, `expected valid:false, got ${short(weak.body)}`);
  assert(includesAll(weak.body.failures || [], WEAK_FAILS), `expected failures ⊇ ${WEAK_FAILS.join(',')}, got ${short(weak.body.failures)}`);

  const strong = await api('POST', '/api/password-policy/check', { json: { password: strongPassword() } });
  expectStatus(strong, 200, 'POST /api/password-policy/check (strong)');
  assert(strong.body && strong.body.valid === true && strong.body.failures.length === 0, `expected {valid:true,failures:[]}, got ${short(strong.body)}`);
};

const checkRegisterRefusesWeak = async (api, body) => {
  const res = await api('POST', '/api/auth/local/register', { json: { ...body, password: WEAK_PASSWORD } });
  const rules = refusedRules(res, 'register with a weak password');
  assert(includesAll(rules, WEAK_FAILS), `expected rules ⊇ ${WEAK_FAILS.join(',')}, got ${rules.join(',')}`);
};

/** Without signup-verification: stock users-permissions answers {jwt, user} and the JWT works. */
const checkStockRegister = async (api) => {
  const email = uniqueEmail('reader');
  const username = `reader${crypto.randomBytes(3).toString('hex')}`;
  const res = await api('POST', '/api/auth/local/register', { json: { username, email, password: strongPassword() } });
  expectStatus(res, 200, 'register with a strong password');
  const jwt = keepSecret(res.body && res.body.jwt);
  assert(typeof jwt === 'string', `expected a jwt (stock users-permissions, no email confirmation), got ${short(res.body)}`);
  assert(res.body.user && res.body.user.email === email, `expected user.email ${email}, got ${short(res.body.user)}`);
  assert(!('password' in res.body.user), 'the answer carries the password hash');
  const me = await api('GET', '/api/users/me', { token: jwt });
  expectStatus(me, 200, 'GET /api/users/me with the new JWT');
};

/** The check route's own per-IP limit (password-policy.check, default 30 per 60 s). */
const checkPolicyRateLimit = async (api) => {
  const max = 30;
  for (let i = 1; i <= max + 1; i += 1) {
    const res = await api('POST', '/api/password-policy/check', { json: { password: WEAK_PASSWORD } });
    if (res.status === 429) {
      const retryAfter = Number(res.headers.get('retry-after'));
      assert(Number.isInteger(retryAfter) && retryAfter > 0, `429 without a positive Retry-After (got "${res.headers.get('retry-after')}")`);
      return;
    }
    expectStatus(res, 200, `check request ${i}`);
  }
  throw new Error(`no 429 within ${max + 1} requests`);
};

// ---------------------------------------------------------------------------------------------
// Checks: first admin (password policy on admin users).

const checkFirstAdmin = async (api, admin) => {
  const names = { firstname: 'Smoke', lastname: 'Test', email: admin.email };
  const weak = await api('POST', '/admin/register-admin', { json: { ...names, password: WEAK_PASSWORD } });
  const rules = refusedRules(weak, 'register-admin with a weak password');
  assert(rules.includes('min-length'), `expected rule min-length, got ${rules.join(',')}`);
  const res = await api('POST', '/admin/register-admin', { json: { ...names, password: admin.password } });
  expectStatus(res, 200, 'register-admin with a strong password');
  const token = keepSecret(res.body && res.body.data && res.body.data.token);
  assert(typeof token === 'string', `no admin token in ${short(res.body)}`);
  // The profile's password change is held to the policy too (and a refusal changes nothing).
  const profile = await api('PUT', '/admin/users/me', { token, json: { currentPassword: admin.password, password: WEAK_PASSWORD } });
  const profileRules = refusedRules(profile, 'PUT /admin/users/me with a weak password');
  assert(profileRules.includes('min-length'), `expected rule min-length, got ${profileRules.join(',')}`);
  admin.token = token;
};

/** A fresh app has no api::article.article: a campaign can be written, but not previewed or sent. */
const checkCampaignWithoutStories = async (api, admin) => {
  needs(admin.token, 'the first admin');
  const created = await api('POST', '/newsletter/campaigns', { token: admin.token, json: { subject: 'Smoke news', selection: 'since-last' } });
  expectStatus(created, 201, 'POST /newsletter/campaigns');
  const id = created.body && created.body.data && created.body.data.id;
  for (const [method, route] of [['GET', `/newsletter/campaigns/${id}/preview`], ['POST', `/newsletter/campaigns/${id}/send`]]) {
    const res = await api(method, route, { token: admin.token });
    expectStatus(res, 400, `${method} ${route}`);
    const message = res.body && res.body.error && res.body.error.message;
    assert(/api::article\.article/.test(String(message)), `${method} ${route}: the message should name the missing type, got ${short(res.body)}`);
  }
};

// ---------------------------------------------------------------------------------------------
// Checks: signup-verification.

/** `account.fields`: optional register fields sent along (e.g. `newsletter: true`). */
const checkSignupPending = async (api, account) => {
  const res = await api('POST', '/api/auth/local/register', { json: { ...account.fields, email: account.email, password: account.password } });
  expectStatus(res, 200, 'register with a strong password');
  assert(res.body && res.body.status === 'verification-pending' && res.body.email === account.email, `expected {status:"verification-pending",email}, got ${short(res.body)}`);
  assert(!('jwt' in res.body), 'the answer carries a JWT');
};

const checkSignupCode = async (api, smtp, account) => {
  const mail = await smtp.waitFor(account.email, (parsed) => /\b\d{6}\b/.test(parsed.text || ''), account.mailsBefore);
  const code = keepSecret((mail.text.match(/\b(\d{6})\b/) || [])[1]);
  assert(mail.html && mail.text, 'the code mail lacks an HTML or a text part');

  const wrong = await api('POST', '/api/auth/verify-email', { json: { email: account.email, code: code === '000000' ? '111111' : '000000' } });
  expectStatus(wrong, 400, 'verify-email with a wrong code');

  // What the app logs from the verification on is looked at by the signup run.
  account.verifiedLogFrom = logSize();
  const res = await api('POST', '/api/auth/verify-email', { json: { email: account.email, code } });
  expectStatus(res, 200, 'verify-email with the mailed code');
  account.jwt = keepSecret(res.body && res.body.jwt);
  assert(typeof account.jwt === 'string', `no jwt in ${short(res.body)}`);
  assert(res.body.user && res.body.user.email === account.email, `expected user.email ${account.email}`);

  const me = await api('GET', '/api/users/me', { token: account.jwt });
  expectStatus(me, 200, 'GET /api/users/me with the JWT');
  assert(me.body && me.body.confirmed === true, `expected a confirmed user, got confirmed=${me.body && me.body.confirmed}`);
};

const checkLogin = async (api, account) => {
  needs(account.jwt, 'a verified account');
  const res = await api('POST', '/api/auth/local', { json: { identifier: account.email, password: account.password } });
  expectStatus(res, 200, 'POST /api/auth/local');
  assert(typeof keepSecret(res.body && res.body.jwt) === 'string', `no jwt in ${short(res.body)}`);
};

/** Per-IP limit of forgot-password (signup-verification.forgotPassword, default 10 per 600 s). */
const checkIpRateLimit = async (api) => {
  const max = 10;
  for (let i = 1; i <= max + 1; i += 1) {
    // A new unknown address each time: only the client IP's counter can say no.
    const res = await api('POST', '/api/auth/forgot-password', { json: { email: uniqueEmail('nobody') } });
    if (res.status === 429) {
      const retryAfter = Number(res.headers.get('retry-after'));
      assert(Number.isInteger(retryAfter) && retryAfter > 0, `429 without a positive Retry-After (got "${res.headers.get('retry-after')}")`);
      assert(res.body && res.body.error && res.body.error.status === 429, `429 body is not Strapi's error shape: ${short(res.body)}`);
      return;
    }
    expectStatus(res, 200, `forgot-password request ${i}`);
    assert(res.body && res.body.status === 'sent', `expected {status:"sent"}, got ${short(res.body)}`);
  }
  throw new Error(`no 429 within ${max + 1} requests`);
};

/** signup-verification's bootstrap line when the newsletter plugin is not installed (server/src/bootstrap.ts). */
const NO_NEWSLETTER_LINE =
  '[signup-verification] The newsletter plugin is not installed: "also subscribe me" at signup is kept on the account and not acted on.';

/** Without the newsletter: the start said so once, and the verification logged no error or warning about it. */
const checkNoNewsletterLog = async (account) => {
  const said = logLines().filter((line) => line.includes(NO_NEWSLETTER_LINE));
  assert(said.length === 1, `expected the bootstrap line "${NO_NEWSLETTER_LINE}" once in the log, found it ${said.length} time(s)`);
  const from = needs(account.verifiedLogFrom, 'a verification');
  const complaints = logLines(from).filter((line) => /newsletter/i.test(line) && /\b(?:warn(?:ing)?|error)\b/i.test(line));
  assert(complaints.length === 0, `the verification logged about the newsletter: ${complaints.slice(0, 3).map((line) => short(line, 200)).join(' | ')}`);
};

/**
 * A POST route of a plugin that is not installed answers as a path that never existed. GET: Strapi's
 * 404 NotFoundError. POST: stock Strapi answers any unknown path 405, not 404, because the public
 * folder's route (`GET /((?!uploads/).+)`) matches every path; so it is compared with a made-up path.
 */
const checkPostRouteAbsent = async (api, pathname, json) => {
  const get = await api('GET', pathname);
  expectStatus(get, 404, `GET ${pathname}`);
  const error = get.body && get.body.error;
  assert(error && error.name === 'NotFoundError', `GET ${pathname}: expected Strapi's NotFoundError, got ${short(get.body ?? get.text)}`);
  const made = `/api/smoke-${crypto.randomBytes(4).toString('hex')}/${path.posix.basename(pathname)}`;
  const unknown = await api('POST', made, { json });
  assert([404, 405].includes(unknown.status), `POST ${made} (a made-up path): expected 404 or 405, got ${unknown.status} ${short(unknown.body ?? unknown.text)}`);
  const res = await api('POST', pathname, { json });
  expectStatus(res, unknown.status, `POST ${pathname} (as the made-up POST ${made})`);
};

// ---------------------------------------------------------------------------------------------
// Checks: newsletter.

const checkNewsletterSubscribe = async (api, smtp, reader) => {
  const res = await api('POST', '/api/newsletter/subscribe', { json: { email: reader.email, locale: 'en' } });
  expectStatus(res, 202, 'POST /api/newsletter/subscribe');
  assert(res.body && res.body.status === 'pending', `expected {status:"pending"}, got ${short(res.body)}`);
  const mail = await smtp.waitFor(reader.email, (parsed) => /#token=/.test(parsed.text || ''), reader.mailsBefore);
  const token = (mail.text.match(/#token=([^\s"<>]+)/) || [])[1];
  reader.confirmToken = keepSecret(decodeURIComponent(token));
};

const checkNewsletterConfirm = async (api, smtp, reader) => {
  const token = needs(reader.confirmToken, 'the confirmation mail');
  const bad = await api('POST', '/api/newsletter/confirm', { json: { token: `${token.slice(0, -4)}AAAA` } });
  expectStatus(bad, 400, 'confirm with a tampered token');
  const mailsBefore = smtp.count();
  const res = await api('POST', '/api/newsletter/confirm', { json: { token } });
  expectStatus(res, 200, 'POST /api/newsletter/confirm');
  assert(res.body && res.body.status === 'subscribed', `expected {status:"subscribed"}, got ${short(res.body)}`);
  const welcome = await smtp.waitFor(reader.email, (parsed) => Boolean(rawHeader(parsed, 'List-Unsubscribe')), mailsBefore);
  const post = rawHeader(welcome, 'List-Unsubscribe-Post');
  assert(post === 'List-Unsubscribe=One-Click', `welcome mail: List-Unsubscribe-Post is "${post}"`);
  const header = rawHeader(welcome, 'List-Unsubscribe');
  const url = (header.match(/<(https?:\/\/[^>]+)>/) || [])[1];
  assert(url, `welcome mail: List-Unsubscribe "${redact(header)}" has no absolute http(s) URL (does the app set server.url? PUBLIC_URL is passed)`);
  reader.unsubscribeUrl = keepSecret(url);
};

/** RFC 8058 one-click, at the path and query of the welcome mail's List-Unsubscribe URL. */
const checkNewsletterUnsubscribe = async (api, reader) => {
  const url = new URL(needs(reader.unsubscribeUrl, 'the welcome mail'));
  assert(url.pathname === '/api/newsletter/unsubscribe' && url.searchParams.get('token'), 'List-Unsubscribe is not /api/newsletter/unsubscribe?token=…');
  keepSecret(url.searchParams.get('token'));
  const target = `${url.pathname}${url.search}`;
  for (const attempt of ['first', 'second (idempotent)']) {
    const res = await api('POST', target, { form: { 'List-Unsubscribe': 'One-Click' } });
    expectStatus(res, 200, `${attempt} one-click unsubscribe`);
    assert(res.body && res.body.status === 'unsubscribed', `expected {status:"unsubscribed"}, got ${short(res.body)}`);
  }
};

/**
 * A spam complaint through Postmark's webhook (Basic auth, the body read raw past strapi::body):
 * wrong credentials 401, then recorded once, a second delivery a duplicate; unconfigured sources 404.
 */
const checkNewsletterComplaint = async (api, reader) => {
  const basic = (password) => ({ Authorization: `Basic ${Buffer.from(`fresh-postmark:${password}`).toString('base64')}` });
  const record = { RecordType: 'SpamComplaint', ID: 424242, Type: 'SpamComplaint', Email: reader.email };
  const wrong = await api('POST', '/api/newsletter/events/postmark', { json: record, headers: basic('guessed-password') });
  expectStatus(wrong, 401, 'Postmark webhook with wrong credentials');
  const res = await api('POST', '/api/newsletter/events/postmark', { json: record, headers: basic('fresh-postmark-secret') });
  expectStatus(res, 200, 'Postmark SpamComplaint');
  assert(res.body && res.body.recorded === 1, `expected {recorded: 1}, got ${short(res.body)}`);
  const again = await api('POST', '/api/newsletter/events/postmark', { json: record, headers: basic('fresh-postmark-secret') });
  assert(again.body && again.body.duplicates === 1 && again.body.recorded === 0, `a second delivery: expected a duplicate, got ${short(again.body)}`);
  for (const source of ['inbound', 'ses', 'sendgrid']) {
    expectStatus(await api('POST', `/api/newsletter/events/${source}`, { json: {} }), 404, `unconfigured ${source} events`);
  }
};

// ---------------------------------------------------------------------------------------------
// Checks: video-masters.

const unknownAssetDownloads = () => `/api/video-assets/smoke${crypto.randomBytes(6).toString('hex')}/downloads`;

/** What an anonymous caller gets: the grant route wants a token, the file route a valid signature. */
const checkVideoAnonymous = async (api) => {
  const anonymous = await api('POST', unknownAssetDownloads(), { json: { rendition: 'broadcast-master' } });
  expectStatus(anonymous, 401, 'anonymous download request');
  const file = await api('GET', `/api/video-masters/files/1?expires=${Math.floor(Date.now() / 1000) + 600}&signature=${'0'.repeat(64)}`);
  expectStatus(file, 403, 'signed file link with a wrong signature');
};

const checkVideoUnknownAsset = async (api, account) => {
  const jwt = needs(account.jwt, 'a verified account');
  const unknown = await api('POST', unknownAssetDownloads(), { json: { rendition: 'broadcast-master' }, token: jwt });
  expectStatus(unknown, 404, 'verified account, unknown asset');
};

// ---------------------------------------------------------------------------------------------
// Checks: the admin panel in Chromium.

const launchBrowser = async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw Object.assign(new Error(`${CHROMIUM} is missing: apt-get install chromium (or set CHROMIUM_PATH)`), { quiet: true });
  }
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
};

/** A page of a new browser context that records page errors and the app's 5xx answers. */
const openPage = async (browser, base, { language } = {}) => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  page.pageErrors = [];
  page.on('pageerror', (error) => page.pageErrors.push(error.message.split('\n')[0]));
  page.on('response', (res) => {
    if (res.status() >= 500 && res.url().startsWith(base)) serverErrors.push(`browser: ${res.request().method()} ${withoutQuery(res.url().slice(base.length))} answered ${res.status()}`);
  });
  if (language) await page.addInitScript((value) => window.localStorage.setItem('strapi-admin-language', value), language);
  return page;
};

const expectNoPageError = (page, where) => {
  assert(page.pageErrors.length === 0, `page error(s) on ${where}: ${page.pageErrors.slice(0, 3).join(' | ')}`);
};

/** password-policy's admin part: the stock hint under the admin's password fields states the rules. */
const checkAdminPasswordHint = async (browser, base, minLengthMessage) => {
  const expected = [
    ['en', 'Password rules:', needs(minLengthMessage, 'the rules from GET /api/password-policy')],
    ['fr', 'Règles du mot de passe', 'Au moins'],
  ];
  for (const [language, intro, rule] of expected) {
    const page = await openPage(browser, base, { language });
    try {
      await page.goto(`${base}/admin/auth/reset-password?code=not-a-real-code`);
      const hint = page.getByText(intro);
      await hint.waitFor({ timeout: PAGE_TIMEOUT_MS });
      const text = (await hint.textContent()) || '';
      assert(text.includes(rule), `${language} hint does not state "${rule}": "${short(text, 200)}"`);
      const body = await page.locator('body').innerText();
      assert(!/at least 8 characters|au moins 8 caractères/i.test(body), `${language}: the stock 8-character hint is still shown`);
      expectNoPageError(page, `the ${language} reset-password page`);
    } finally {
      await page.context().close();
    }
  }
};

const adminLogin = async (browser, base, admin) => {
  const page = await openPage(browser, base);
  await page.goto(`${base}/admin/auth/login`);
  await page.locator('input[name=email]').fill(admin.email);
  await page.locator('input[name=password]').fill(admin.password);
  await page.locator('button[type=submit]').click();
  await page.waitForURL(/\/admin\/?$/, { timeout: PAGE_TIMEOUT_MS });
  expectNoPageError(page, 'log-in and the home page');
  return page;
};

/** Opens an admin page and waits for its heading (when given) and texts, with no page error meanwhile. */
const checkAdminPage = async (page, base, route, heading, texts = []) => {
  const shown = needs(page, 'a logged-in admin page');
  const before = shown.pageErrors.length;
  await shown.goto(`${base}${route}`);
  if (heading) await shown.getByRole('heading', { name: heading }).waitFor({ timeout: PAGE_TIMEOUT_MS });
  for (const text of texts) await shown.getByText(text, { exact: true }).first().waitFor({ timeout: PAGE_TIMEOUT_MS });
  const errors = shown.pageErrors.slice(before);
  assert(errors.length === 0, `page error(s) on ${route}: ${errors.slice(0, 3).join(' | ')}`);
};

// ---------------------------------------------------------------------------------------------
// Runs.

/** The rules answer; kept in `state.policy` for the admin checks. */
const runPolicyRules = ({ api, state }) =>
  check('GET /api/password-policy lists the rules (English and ?locale=fr)', async () => {
    state.policy = await checkPolicyRules(api);
  });

const runPasswordPolicy = async ({ api, base, admin, state }) => {
  await runPolicyRules({ api, state });
  await check('POST /api/password-policy/check names the failing rules', () => checkPolicyCheckRoute(api));
  await check('register refuses a weak password with 400 naming the rule ids', () =>
    checkRegisterRefusesWeak(api, { username: `weak${crypto.randomBytes(3).toString('hex')}`, email: uniqueEmail('weak') })
  );
  await check('register with a strong password answers {jwt, user} (stock users-permissions) and the JWT works', () => checkStockRegister(api));
  await check('POST /api/password-policy/check answers 429 with Retry-After within 31 requests', () => checkPolicyRateLimit(api));
  await check('first admin: weak password refused with rule ids, strong one accepted; weak profile password refused', () => checkFirstAdmin(api, admin));
  await check('nothing of the other plugins is here: no verify-email, newsletter or video download route', async () => {
    await checkPostRouteAbsent(api, '/api/auth/verify-email', { email: uniqueEmail('nobody'), code: '000000' });
    await checkPostRouteAbsent(api, '/api/newsletter/subscribe', { email: uniqueEmail('reader') });
    await checkPostRouteAbsent(api, unknownAssetDownloads(), { rendition: 'master' });
  });
  await runAdmin({ base, admin, state, pages: [] });
};

/**
 * signup-verification from the rules answer to the log-in: a weak password refused at register, a
 * strong one (with `account.fields`, named by `withFields`) pending, the code mail, verify-email, log-in.
 */
const runSignup = async ({ api, smtp, state, account, withFields = '' }) => {
  await runPolicyRules({ api, state });
  await check('register refuses a weak password with 400 naming the rule ids', () => checkRegisterRefusesWeak(api, { email: uniqueEmail('weak') }));
  await check(`register with a strong password${withFields} answers verification-pending, no JWT`, async () => {
    account.mailsBefore = smtp.count();
    await checkSignupPending(api, account);
  });
  await check('the code mail arrives; verify-email gives a JWT; GET /api/users/me answers 200', () => checkSignupCode(api, smtp, account));
  await check('the verified account logs in at POST /api/auth/local', () => checkLogin(api, account));
};

const runIpRateLimit = (api) =>
  check('per-IP limit: forgot-password answers 429 with Retry-After within 11 requests', () => checkIpRateLimit(api));

/** signup-verification without its optional partner, the newsletter. */
const runSignupWithoutNewsletter = async ({ api, smtp, state }) => {
  const account = { email: uniqueEmail('journalist'), password: strongPassword(), fields: { newsletter: true } };
  await runSignup({ api, smtp, state, account, withFields: ' and "newsletter": true' });
  await check('the start logs that the newsletter plugin is not installed; the verification logged no newsletter error or warning', () =>
    checkNoNewsletterLog(account)
  );
  await check('/api/newsletter/subscribe does not exist: GET 404, POST answers as a made-up path (405 in stock Strapi)', () =>
    checkPostRouteAbsent(api, '/api/newsletter/subscribe', { email: uniqueEmail('reader') })
  );
  await runIpRateLimit(api);
};

const runAll = async ({ api, base, admin, smtp, state }) => {
  const account = { email: uniqueEmail('journalist'), password: strongPassword() };
  const reader = { email: uniqueEmail('subscriber') };

  await runSignup({ api, smtp, state, account });
  await check('newsletter subscribe answers 202 pending and mails a confirmation link', async () => {
    reader.mailsBefore = smtp.count();
    await checkNewsletterSubscribe(api, smtp, reader);
  });
  await check('newsletter confirm: tampered token 400, real token 200 subscribed, welcome mail with one-click List-Unsubscribe', () =>
    checkNewsletterConfirm(api, smtp, reader)
  );
  await check('newsletter one-click unsubscribe (RFC 8058) answers 200 unsubscribed, twice', () => checkNewsletterUnsubscribe(api, reader));
  await check('newsletter events: a Postmark spam complaint is recorded once (wrong credentials 401); unconfigured sources 404', () =>
    checkNewsletterComplaint(api, reader));
  await check('video-masters: anonymous download request 401, file link with a bad signature 403', () => checkVideoAnonymous(api));
  await check('video-masters: verified account asking for an unknown asset gets 404', () => checkVideoUnknownAsset(api, account));
  await runIpRateLimit(api);
  await check('first admin: weak password refused with rule ids, strong one accepted; weak profile password refused', () => checkFirstAdmin(api, admin));
  await check('newsletter: without api::article.article a campaign is written, and its preview and send answer 400 naming the type', () =>
    checkCampaignWithoutStories(api, admin)
  );
  await runAdmin({
    base,
    admin,
    state,
    pages: [
      // The home widgets of newsletter and video-masters.
      ['/admin', null, ['Last campaign', 'Downloads this week']],
      ['/admin/plugins/newsletter', 'Newsletter subscribers', ['Export CSV']],
      ['/admin/plugins/newsletter-campaigns', 'Newsletter campaigns', ['New campaign']],
      ['/admin/plugins/video-masters', 'Video downloads', ['Export CSV']],
    ],
  });
};

const runAdmin = async ({ base, admin, state, pages }) => {
  let browser;
  try {
    await check('Chromium starts', async () => {
      browser = await launchBrowser();
    });
    if (!browser) return;
    await check('admin: password-policy hint on the password forms (en, fr), no page error', () =>
      checkAdminPasswordHint(browser, base, state.policy && state.policy.minLengthMessage)
    );
    let page;
    await check('admin: log in through the login page, no page error', async () => {
      page = await adminLogin(browser, base, admin);
    });
    for (const [route, heading, texts] of pages) {
      const shows = [heading, ...texts].filter(Boolean).map((text) => `"${text}"`).join(', ');
      await check(`admin: ${route} shows ${shows}, no page error`, () => checkAdminPage(page, base, route, heading, texts));
    }
  } finally {
    if (browser) await browser.close().catch(() => {});
  }
};

const main = async () => {
  // A closed stdout (e.g. `| head`) must not end the run before the app is stopped.
  process.stdout.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
  });
  let options;
  try {
    options = readArgs();
  } catch (error) {
    console.error(error.message);
    process.exit(2);
  }
  const { app: appDir, plugins } = options;
  runName = plugins;
  logFile = path.join(appDir, `smoke-${plugins}.log`);
  const ownDatabase = !('DATABASE_FILENAME' in options.env) && !process.env.DATABASE_FILENAME;
  // Relative: create-strapi-app's config/database joins it onto the app folder.
  const databaseFile = `.tmp/smoke-${plugins}-${Date.now()}.db`;
  if (ownDatabase) fs.mkdirSync(path.join(appDir, '.tmp'), { recursive: true });

  const smtp = await startSmtpSink();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: base,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMTP_SECURE: 'false',
    STRAPI_TELEMETRY_DISABLED: 'true',
    FORCE_COLOR: '0',
    ...(ownDatabase ? { DATABASE_FILENAME: databaseFile } : {}),
    ...options.env,
  };
  delete env.SMTP_USERNAME;
  delete env.SMTP_PASSWORD;
  for (const name of ['SMTP_USERNAME', 'SMTP_PASSWORD']) if (options.env[name] !== undefined) env[name] = options.env[name];

  const app = await startApp({ appDir, env });
  const stopAll = async () => {
    await app.stop();
    await smtp.close();
  };
  process.once('SIGINT', () => stopAll().finally(() => process.exit(130)));
  process.once('SIGTERM', () => stopAll().finally(() => process.exit(143)));

  const api = makeApi(base);
  const admin = { email: `smoke-admin-${crypto.randomBytes(3).toString('hex')}@example.org`, password: strongPassword() };
  const state = {};
  try {
    let healthy = false;
    await check(`the app starts and GET /_health answers 204 (log: ${path.basename(logFile)})`, async () => {
      await app.waitHealthy(base);
      healthy = true;
    });
    if (healthy) {
      const run = { all: runAll, 'password-policy': runPasswordPolicy, signup: runSignupWithoutNewsletter }[plugins];
      await run({ api, base, admin, smtp, state });
      await check('no answer was a 5xx', () => {
        assert(serverErrors.length === 0, serverErrors.slice(0, 5).join('; '));
      });
    }
  } finally {
    await stopAll();
  }

  const failed = results.filter((result) => !result.ok).length;
  if (ownDatabase && failed === 0) {
    for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(path.join(appDir, databaseFile + suffix), { force: true });
  } else if (ownDatabase) {
    console.log(`# database kept for a look: ${path.join(appDir, databaseFile)}`);
  }
  console.log(JSON.stringify({ smoke: plugins, checks: results.length, failed, seconds: Math.round((Date.now() - STARTED) / 1000) }));
  process.exitCode = failed > 0 ? 1 : 0;
};

main().catch((error) => {
  console.error(`smoke: ${redact(error && error.stack ? error.stack : error)}`);
  const failed = results.filter((result) => !result.ok).length + 1;
  console.log(JSON.stringify({ smoke: runName, checks: results.length + 1, failed, seconds: Math.round((Date.now() - STARTED) / 1000) }));
  process.exit(1);
});
