import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Core, UID } from '@strapi/strapi';
import { toSlug } from '../../src/content/slugs';
import { loadSampleContent } from '../../src/seed/sample-content';
import { startApp, type TestApp } from '../helpers/app';
import { createTestDatabase } from '../helpers/database';

/* The sample content loads once: a second boot and an explicit re-run create nothing twice. */

const UIDS: UID.ContentType[] = [
  'api::article.article',
  'api::person.person',
  'api::meeting.meeting',
  'api::topic.topic',
  'api::video-asset.video-asset',
];

const census = async (strapi: Core.Strapi) => {
  const counts: Record<string, number> = {};
  for (const uid of UIDS) {
    for (const locale of ['en', 'fr']) {
      for (const status of ['draft', 'published'] as const) {
        counts[`${uid} ${locale} ${status}`] = await strapi.documents(uid).count({ locale, status });
      }
    }
  }
  counts.files = (await strapi.plugin('upload').service('upload').findMany({})).length;
  return counts;
};

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

it('loads the five stories in English and French, and seeding twice leaves the same number of entries', async () => {
  app = await startApp({ seed: true });
  const first = await census(app.strapi);
  expect(first).toMatchObject({
    'api::article.article en published': 5,
    'api::article.article fr published': 5,
    'api::topic.topic fr published': 9,
    'api::person.person en published': 5,
    'api::meeting.meeting fr published': 5,
    'api::video-asset.video-asset en published': 5,
  });
  // 5 portraits, 5 posters (also the covers), 5 web proxies.
  expect(first.files).toBe(15);

  const again = await loadSampleContent(app.strapi);
  expect(again.created).toBe(0);
  expect(await census(app.strapi)).toEqual(first);

  // A second boot on the same database (the way `npm run develop` restarts) creates nothing.
  const { database, dir } = app;
  await app.close({ keepDatabase: true });
  app = await startApp({ seed: true, database, dir });
  expect(await census(app.strapi)).toEqual(first);
});

it('gives seeded entries slugs made from their titles', async () => {
  app = await startApp({ seed: true });
  for (const locale of ['en', 'fr']) {
    const articles = await app.strapi.documents('api::article.article').findMany({ locale, fields: ['title', 'slug'] });
    expect(articles).toHaveLength(5);
    for (const article of articles) expect(article.slug).toBe(toSlug(article.title as string));
  }
  const people = await app.strapi.documents('api::person.person').findMany({ fields: ['fullName', 'slug'] });
  expect(people.map((p) => p.slug).sort()).toEqual(
    ['dimitar-glavchev', 'jane-harman', 'jens-stoltenberg', 'ulf-kristersson', 'wang-yi']
  );
});

it('stores broadcast masters in the private folder, outside public/', async () => {
  app = await startApp({ seed: true });
  const [video] = await app.strapi.documents('api::video-asset.video-asset').findMany({ populate: ['renditions'] });
  const master = (video.renditions as { kind: string; storageKey: string; sizeBytes: string }[]).find(
    (r) => r.kind === 'broadcast-master'
  );
  expect(master?.storageKey).toMatch(/^masters\/.+\.mov$/);
  const stored = path.join(app.dir, 'private-media', master!.storageKey);
  expect(fs.statSync(stored).size).toBe(Number(master!.sizeBytes));
  const publicFiles = fs.readdirSync(path.join(app.dir, 'public', 'uploads'));
  expect(publicFiles.some((name) => name.endsWith('.mov'))).toBe(false);
});

it('reads the technical metadata of the sample masters and proxies with ffprobe', async () => {
  app = await startApp({ seed: true });
  const videos = await app.strapi.documents('api::video-asset.video-asset').findMany({ populate: ['renditions', 'technical'] });
  expect(videos).toHaveLength(5);
  for (const video of videos) {
    expect(video.technical).toMatchObject({
      width: 960,
      height: 540,
      scanType: 'progressive',
      videoCodec: 'h264 High 4:2:2',
      audioChannels: 2,
      audioSampleRate: 48000,
    });
    expect(Number(video.technical!.frameRate)).toBe(25);
    expect(Number(video.technical!.durationSeconds)).toBeCloseTo(3, 1);
    const [master, proxy] = video.renditions as { kind: string; codecs: string; container: string; width: number; status: string; bitrate: number }[];
    expect(master).toMatchObject({ kind: 'broadcast-master', codecs: 'h264, pcm_s16le', container: 'mov', width: 960, status: 'ready' });
    expect(proxy).toMatchObject({ kind: 'web-proxy', codecs: 'h264, aac', container: 'mp4', width: 480, status: 'ready' });
    expect(master.bitrate).toBeGreaterThan(proxy.bitrate);
  }
});

it('loads nothing on boot when SEED_SAMPLE_CONTENT is false', async () => {
  app = await startApp({ seed: false });
  expect(await app.strapi.documents('api::article.article').count({})).toBe(0);
});

it('loads the sample content on demand with the seed script, once', async () => {
  const database = await createTestDatabase();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsreel-seed-script-'));
  fs.mkdirSync(path.join(dir, 'public', 'uploads'), { recursive: true });
  const env = {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    ENV_PATH: path.join(dir, 'absent.env'),
    PUBLIC_DIR: path.join(dir, 'public'),
    PRIVATE_MEDIA_DIR: path.join(dir, 'private-media'),
    ...database.env,
  };
  const run = () =>
    new Promise<string>((resolve, reject) => {
      const script = path.join(__dirname, '..', '..', 'scripts', 'seed.js');
      execFile(process.execPath, [script, '--skip-build'], { env }, (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)
      );
    });
  try {
    expect(await run()).toContain('Sample content: 29 entries created, 0 already there.');
    expect(await run()).toContain('Sample content: 0 entries created, 29 already there.');
  } finally {
    await database.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
