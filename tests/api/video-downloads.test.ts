import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import contentDisposition from 'content-disposition';
import { parse } from 'csv-parse/sync';
import { adminWith, as, registerChief } from '../helpers/admin';
import { createVerifiedAccount } from '../helpers/accounts';
import { ROOT, resetRateLimits, startApp, startSecondInstance, type TestApp } from '../helpers/app';
import { type Clock, controlClock } from '../helpers/clock';
import { usesPostgres } from '../helpers/database';
import { captureLogs } from '../helpers/logs';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/*
 * Downloads of broadcast masters (local storage): who may have a link, what the link serves
 * (bytes, name, ranges, validators), when it stops working, and the record of each grant.
 */

const GOOD = 'Brussels-Desk-2024!';
const PER_DAY = 5;
const ASSET = 'api::video-asset.video-asset';
const DAILY = 'video-masters.daily';

let app: TestApp;
let smtp: SmtpSink;
let clock: Clock;
let verified: string;
let verifiedId: number;
let unverified: string;
/** A seed video with a French title that is not plain ASCII, and its master on disk. */
let video: { documentId: string; en: string; fr: string; key: string; master: string };

const grant = (documentId: string, body: object, jwt?: string, query = '') => {
  const request = app.request().post(`/api/video-assets/${documentId}/downloads${query}`).send(body);
  return jwt ? request.set('Authorization', `Bearer ${jwt}`) : request;
};
const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');
/** GET of a link of this server, by path and query, as a browser would follow it. */
const follow = (url: string, headers: Record<string, string> = {}) => {
  const target = new URL(url);
  const request = app.request().get(`${target.pathname}${target.search}`).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
  for (const [name, value] of Object.entries(headers)) request.set(name, value);
  return request;
};

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startApp({ seed: true, env: { ...smtp.env(), DOWNLOADS_PER_DAY: String(PER_DAY) } });
  clock = controlClock();
  ({ jwt: verified, user: { id: verifiedId } } = await createVerifiedAccount(app, smtp, 'reporter@broadcaster.example', GOOD));
  await app.request().post('/api/auth/local/register').send({ email: 'pending@broadcaster.example', password: GOOD }).expect(200);
  const pending = await app.strapi.db.query('plugin::users-permissions.user').findOne({ where: { email: 'pending@broadcaster.example' } });
  expect(pending.confirmed).toBe(false);
  unverified = app.strapi.plugin('users-permissions').service('jwt').issue({ id: pending.id });

  const rows = await app.strapi.db.query(ASSET).findMany({ where: { publishedAt: { $notNull: true } }, populate: { renditions: true } });
  const fr = rows.find((row: { locale: string; title: string }) => row.locale === 'fr' && /[^\x00-\x7f]/.test(row.title));
  const en = rows.find((row: { locale: string; documentId: string }) => row.locale === 'en' && row.documentId === fr.documentId);
  const key = en.renditions.find((r: { kind: string }) => r.kind === 'broadcast-master').storageKey as string;
  video = { documentId: fr.documentId, en: en.title, fr: fr.title, key, master: path.join(ROOT, 'database', 'seed', 'media', path.basename(key)) };
});
afterAll(async () => {
  clock?.restore();
  await app?.close();
  await smtp?.close();
});
afterEach(async () => {
  clock.reset();
  await resetRateLimits(app, DAILY);
  await app.strapi.db.query(ASSET).updateMany({ where: { documentId: video.documentId }, data: { embargoUntil: null } });
});

describe('who gets a link', () => {
  it('answers each caller with its status: 401, 403, 404, 200', async () => {
    const master = { rendition: 'broadcast-master' };
    expect((await grant(video.documentId, master)).status).toBe(401);
    const pending = await grant(video.documentId, master, unverified);
    expect(pending.status).toBe(403);
    expect(pending.body.error.details).toEqual({ reason: 'unverified' });
    expect((await grant('no-such-asset-000000000000', master, verified)).status).toBe(404);
    expect((await grant(video.documentId, { rendition: 'audio' }, verified)).status).toBe(404);
    // The web proxy sits in the public media library: it has no signed download.
    expect((await grant(video.documentId, { rendition: 'web-proxy' }, verified)).status).toBe(404);
    expect((await grant(video.documentId, {}, verified)).status).toBe(400);
    expect((await grant(video.documentId, { rendition: '../../etc/passwd' }, verified)).status).toBe(400);

    const draft = await app.strapi.documents(ASSET).create({ data: { title: 'Not yet published' } as never });
    expect((await grant(draft.documentId, master, verified)).status).toBe(404);

    const granted = await grant(video.documentId, master, verified);
    expect(granted.status).toBe(200);
    expect(Object.keys(granted.body).sort()).toEqual(['expiresAt', 'filename', 'url']);
    // The link names a download record, never where the master is stored.
    expect(granted.body.url).not.toContain(video.key);
    expect(granted.body.url).not.toContain(path.basename(video.key));
  });

  it('refuses an embargoed video with the embargo time, then grants it once the time has passed', async () => {
    const until = new Date(Date.now() + 3600_000);
    await app.strapi.db.query(ASSET).updateMany({ where: { documentId: video.documentId }, data: { embargoUntil: until } });
    const early = await grant(video.documentId, { rendition: 'broadcast-master' }, verified);
    expect(early.status).toBe(403);
    expect(early.body.error.details).toEqual({ reason: 'embargo', embargoUntil: until.toISOString() });
    clock.advance(3600_000 + 1000);
    expect((await grant(video.documentId, { rendition: 'broadcast-master' }, verified)).status).toBe(200);
  });

  it(`gives ${PER_DAY} links a day, then 429 with Retry-After until the day has passed`, async () => {
    for (let i = 0; i < PER_DAY; i += 1) expect((await grant(video.documentId, { rendition: 'broadcast-master' }, verified)).status).toBe(200);
    const over = await grant(video.documentId, { rendition: 'broadcast-master' }, verified);
    expect(over.status).toBe(429);
    const retryAfter = Number(over.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(23 * 3600);
    expect(retryAfter).toBeLessThanOrEqual(24 * 3600);
    clock.advance(24 * 3600_000 + 1000);
    expect((await grant(video.documentId, { rendition: 'broadcast-master' }, verified)).status).toBe(200);
  });

  it('refuses an account whose downloads staff blocked, without touching the account', async () => {
    await app.strapi.db.query('plugin::users-permissions.user').update({ where: { id: verifiedId }, data: { downloadsBlocked: true } });
    try {
      const blocked = await grant(video.documentId, { rendition: 'broadcast-master' }, verified);
      expect(blocked.status).toBe(403);
      expect(blocked.body.error.details).toEqual({ reason: 'blocked' });
      expect((await app.request().get('/api/users/me').set('Authorization', `Bearer ${verified}`)).status).toBe(200);
    } finally {
      await app.strapi.db.query('plugin::users-permissions.user').update({ where: { id: verifiedId }, data: { downloadsBlocked: false } });
    }
  });

  it('writes a record of every link it gives: user, asset, rendition, time and IP', async () => {
    const before = await app.strapi.db.query('plugin::video-masters.download').count({ where: { userId: verifiedId } });
    const started = Date.now();
    for (let i = 0; i < 3; i += 1) expect((await grant(video.documentId, { rendition: 'broadcast-master' }, verified)).status).toBe(200);
    expect((await grant(video.documentId, { rendition: 'broadcast-master' }, unverified)).status).toBe(403);
    const records = await app.strapi.db.query('plugin::video-masters.download').findMany({ where: { userId: verifiedId }, orderBy: { id: 'asc' } });
    expect(records).toHaveLength(before + 3);
    for (const record of records.slice(before)) {
      expect(record).toMatchObject({ userEmail: 'reporter@broadcaster.example', asset: video.documentId, rendition: 'broadcast-master' });
      expect(new Date(record.at).getTime()).toBeGreaterThanOrEqual(started - 1000);
      expect(record.ip).toMatch(/127\.0\.0\.1/);
    }
  });
});

describe('what a link serves', () => {
  it('streams the master byte for byte as an attachment named after the title, in French too', async () => {
    const granted = await grant(video.documentId, { rendition: 'broadcast-master' }, verified);
    expect(granted.body.filename).toBe(`${video.en} - broadcast-master.mov`);
    expect(new Date(granted.body.expiresAt).getTime() - Date.now()).toBeGreaterThan(590_000);
    expect(new Date(granted.body.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(600_000);
    const file = await follow(granted.body.url);
    expect(file.status).toBe(200);
    expect(sha256(file.body as Buffer)).toBe(sha256(fs.readFileSync(video.master)));
    expect(contentDisposition.parse(file.headers['content-disposition'])).toEqual({ type: 'attachment', parameters: { filename: granted.body.filename } });

    const french = await grant(video.documentId, { rendition: 'broadcast-master' }, verified, '?locale=fr');
    expect(french.body.filename).toBe(`${video.fr} - broadcast-master.mov`);
    const frenchFile = await follow(french.body.url);
    const header = frenchFile.headers['content-disposition'] as string;
    expect(header).toMatch(/filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(contentDisposition.parse(header).parameters.filename).toBe(`${video.fr} - broadcast-master.mov`);
  });

  it('answers a Range with its slice (206), an impossible one with 416, and a known ETag with 304', async () => {
    const { url } = (await grant(video.documentId, { rendition: 'broadcast-master' }, verified)).body;
    const bytes = fs.readFileSync(video.master);
    const slice = await follow(url, { Range: 'bytes=1000-4999' });
    expect(slice.status).toBe(206);
    expect(slice.headers['content-range']).toBe(`bytes 1000-4999/${bytes.length}`);
    expect(Buffer.compare(slice.body as Buffer, bytes.subarray(1000, 5000))).toBe(0);
    const beyond = await follow(url, { Range: `bytes=${bytes.length + 10}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${bytes.length}`);
    const first = await follow(url);
    expect(first.headers.etag).toBeTruthy();
    expect((await follow(url, { 'If-None-Match': first.headers.etag })).status).toBe(304);
  });

  it('stops working after ten minutes, and when one character of the signature changes', async () => {
    const { url } = (await grant(video.documentId, { rendition: 'broadcast-master' }, verified)).body;
    const link = new URL(url);
    const signature = link.searchParams.get('signature')!;
    const middle = Math.floor(signature.length / 2);
    link.searchParams.set('signature', `${signature.slice(0, middle)}${signature[middle] === 'A' ? 'B' : 'A'}${signature.slice(middle + 1)}`);
    expect((await follow(link.toString())).status).toBe(403);
    const later = new URL(url);
    later.searchParams.set('expires', String(Number(later.searchParams.get('expires')) + 3600));
    expect((await follow(later.toString())).status).toBe(403);
    expect((await follow(url)).status).toBe(200);
    clock.advance(600_000 + 1000);
    const expired = await follow(url);
    expect(expired.status).toBe(403);
    expect(JSON.parse((expired.body as Buffer).toString()).error.message).toMatch(/expired/);
  });

  it('keeps links and signatures out of the request log and out of error answers', async () => {
    const { result, lines } = await captureLogs(app.strapi, async () => {
      const { url } = (await grant(video.documentId, { rendition: 'broadcast-master' }, verified)).body;
      await follow(url, { Range: 'bytes=0-99' });
      const broken = new URL(url);
      broken.searchParams.set('signature', 'x'.repeat(43));
      const refused = await follow(broken.toString());
      return { url, refused: (refused.body as Buffer).toString() };
    });
    const signature = new URL(result.url).searchParams.get('signature')!;
    expect(lines.some((line) => line.includes('/api/video-masters/files/'))).toBe(true);
    expect(lines.filter((line) => line.includes(signature) || line.includes('x'.repeat(43)))).toEqual([]);
    expect(result.refused).not.toContain(signature);
  });
});

describe('download records for staff', () => {
  let chief: string;
  let viewer: string;
  let stranger: string;
  beforeAll(async () => {
    chief = await registerChief(app);
    viewer = await adminWith(app, chief, 'Download auditors', ['plugin::video-masters.downloads.read']);
    stranger = await adminWith(app, chief, 'Newsletter only', ['plugin::newsletter.subscribers.read']);
  });

  it('lists records newest first, filtered by asset, user and dates, a page at a time', async () => {
    for (let i = 0; i < 2; i += 1) expect((await grant(video.documentId, { rendition: 'broadcast-master' }, verified)).status).toBe(200);
    const all = await app.request().get('/video-masters/downloads').set(as(viewer));
    expect(all.status).toBe(200);
    expect(all.body.meta.pagination).toMatchObject({ page: 1, pageSize: 50 });
    expect(all.body.data.length).toBeGreaterThanOrEqual(2);
    const [newest] = all.body.data;
    expect(Object.keys(newest).sort()).toEqual(['asset', 'at', 'id', 'ip', 'rendition', 'user']);
    expect(newest).toMatchObject({ user: { id: verifiedId, email: 'reporter@broadcaster.example' }, asset: { documentId: video.documentId }, rendition: 'broadcast-master' });
    const times = all.body.data.map((row: { at: string }) => Date.parse(row.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const byEmail = await app.request().get('/video-masters/downloads?user=REPORTER@').set(as(viewer));
    expect(byEmail.body.meta.pagination.total).toBe(all.body.meta.pagination.total);
    expect((await app.request().get('/video-masters/downloads?user=nobody@').set(as(viewer))).body.meta.pagination.total).toBe(0);
    expect((await app.request().get('/video-masters/downloads?asset=other-asset').set(as(viewer))).body.data).toEqual([]);
    const tomorrow = new Date(Date.now() + 24 * 3600_000).toISOString();
    expect((await app.request().get(`/video-masters/downloads?from=${tomorrow}`).set(as(viewer))).body.data).toEqual([]);
    expect((await app.request().get(`/video-masters/downloads?to=${tomorrow}&asset=${video.documentId}`).set(as(viewer))).body.meta.pagination.total).toBe(
      all.body.meta.pagination.total
    );
    expect((await app.request().get('/video-masters/downloads?page=2').set(as(viewer))).body.data).toEqual([]);
    expect((await app.request().get('/video-masters/downloads?from=yesterday').set(as(viewer))).status).toBe(400);
    expect((await app.request().get('/video-masters/downloads?page=0').set(as(viewer))).status).toBe(400);
  });

  it('exports the filtered records as CSV and counts them per asset', async () => {
    expect((await grant(video.documentId, { rendition: 'broadcast-master' }, verified)).status).toBe(200);
    const listed = await app.request().get(`/video-masters/downloads?asset=${video.documentId}`).set(as(viewer));
    const csv = await app.request().get(`/video-masters/downloads/export?asset=${video.documentId}`).set(as(viewer));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="video-downloads-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = parse(csv.text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(listed.body.meta.pagination.total);
    expect(rows.every((row) => row.asset === video.documentId && row.userEmail === 'reporter@broadcaster.example' && row.rendition === 'broadcast-master')).toBe(true);

    const counts = await app.request().get(`/video-masters/downloads/counts?asset=${video.documentId}`).set(as(viewer));
    expect(counts.body.data).toEqual({
      total: listed.body.meta.pagination.total,
      last30Days: listed.body.meta.pagination.total,
      byRendition: { 'broadcast-master': listed.body.meta.pagination.total },
    });
    expect((await app.request().get('/video-masters/downloads/counts').set(as(viewer))).status).toBe(400);
  });

  it('keeps the records from admins without the permission (403) and from anyone logged out (401)', async () => {
    for (const route of ['/video-masters/downloads', '/video-masters/downloads/export', `/video-masters/downloads/counts?asset=${video.documentId}`]) {
      expect((await app.request().get(route).set(as(stranger))).status).toBe(403);
      expect((await app.request().get(route)).status).toBe(401);
      expect((await app.request().get(route).set('Authorization', `Bearer ${verified}`)).status).toBe(401);
    }
  });
});

describe('the daily quota under parallel requests', () => {
  // On PostgreSQL the requests are spread over two server processes on one database; SQLite
  // serves one process (see two-instances.test.ts), so there they all go to it.
  it(`counts links given by every process: ${PER_DAY} a day in all, even for requests sent at once`, async () => {
    const second = usesPostgres() ? await startSecondInstance() : undefined;
    try {
      const other = second ?? app;
      const recorded = () => app.strapi.db.query('plugin::video-masters.download').count({ where: { userId: verifiedId } });
      const before = await recorded();
      const ask = (target: { request(): ReturnType<TestApp['request']> }) =>
        target.request().post(`/api/video-assets/${video.documentId}/downloads`).set('Authorization', `Bearer ${verified}`).send({ rendition: 'broadcast-master' });
      // Two links from the other process first: this one must count them.
      for (let i = 0; i < 2; i += 1) expect((await ask(other)).status).toBe(200);
      const targets = [app, other];
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => ask(targets[i % 2])));
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(PER_DAY - 2);
      expect(statuses.filter((status) => status === 429)).toHaveLength(20 - (PER_DAY - 2));
      // A record for every link given, none for a refusal.
      expect((await recorded()) - before).toBe(PER_DAY);
    } finally {
      await second?.stop();
    }
  });
});
