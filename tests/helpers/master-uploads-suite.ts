import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createVerifiedAccount } from './accounts';
import { adminWith, as, registerChief } from './admin';
import { startApp, startSecondInstance, type TestApp } from './app';
import { type Clock, controlClock } from './clock';
import { usesPostgres } from './database';
import { type SmtpSink, startSmtpSink } from './smtp-sink';
import {
  generateMaster,
  generateUnreadable,
  partNumbers,
  sendParts,
  sha256OfFile,
  sha256OfStream,
  startUpload,
  type Started,
  waitForProcessing,
} from './uploads';

const ASSET = 'api::video-asset.video-asset';
const UPLOAD = 'plugin::video-masters.upload';
const MIB = 1024 * 1024;
const SOFIA = 'Jens Stoltenberg addresses the NATO Parliamentary Assembly in Sofia';
const WANG_YI = 'Secretary General and Foreign Minister Wang Yi meet in New York';
const HERITAGE = 'Jens Stoltenberg speaks at the Heritage Foundation';

/** Where one flavour of storage keeps masters, seen from outside the app. */
export interface StorageUnderTest {
  name: 's3' | 'local';
  env(app?: { dir: string }): Record<string, string>;
  /** The stored object's bytes, streamed. */
  read(app: TestApp, key: string): Promise<AsyncIterable<unknown>>;
  exists(app: TestApp, key: string): Promise<boolean>;
  /** Multipart uploads whose parts storage still holds. */
  leftovers(app: TestApp): Promise<string[]>;
  /** Parts left by a process that died before writing its upload row. */
  orphan(app: TestApp): Promise<Orphan>;
}

export interface Orphan {
  /** Makes the parts look as old as `date` to storage. */
  backdate(date: Date): void;
  gone(): Promise<boolean>;
}

interface Rendition {
  kind: string;
  storageKey: string | null;
  status: string | null;
  statusReason: string | null;
  checksum: string | null;
  container: string | null;
  codecs: string | null;
  width: number | null;
  height: number | null;
  sizeBytes: string | number | null;
}

/**
 * Master uploads end to end over the admin routes (DESIGN.md §5), the same for both storages: a
 * generated 300 MB master in parts, probed, put on every version of the asset, then downloaded
 * through a signed link; resuming, aborting, cleanup of stale uploads, refusals, unreadable files.
 */
export const describeMasterUploads = (storage: StorageUnderTest, setup: () => Promise<Record<string, string>>) => {
  let app: TestApp;
  let smtp: SmtpSink;
  let chief: string;
  let clock: Clock;
  let work: string;
  let master: string;
  let masterSize: number;

  const rowsOf = async (documentId: string) =>
    (await app.strapi.db.query(ASSET).findMany({ where: { documentId }, populate: { renditions: true, technical: true, poster: true } })) as {
      locale: string;
      publishedAt: string | null;
      renditions: Rendition[];
      technical: Record<string, unknown> | null;
      poster: { id: number; url: string } | null;
    }[];
  const seededAsset = async (title: string) =>
    (await app.strapi.db.query(ASSET).findOne({ where: { title, locale: 'en', publishedAt: null } })) as { documentId: string };
  const uploadsCount = () => app.strapi.db.query(UPLOAD).count({});
  /** A short generated master (3 frames, two parts) and an upload of it started for the Wang Yi asset. */
  const startShort = async (filename: string, kind: string) => {
    const asset = await seededAsset(WANG_YI);
    const file = path.join(work, filename);
    generateMaster(file, 3);
    const size = fs.statSync(file).size;
    const answer = await startUpload(app, chief, { asset: asset.documentId, kind, filename, size, contentType: 'video/quicktime' });
    expect(answer.status).toBe(201);
    return { asset, file, size, started: answer.body as Started };
  };
  /** A new verified account asks for a download link to the asset's broadcast master. */
  const askForMaster = async (documentId: string, email: string, password: string) => {
    const { jwt } = await createVerifiedAccount(app, smtp, email, password);
    return app.request().post(`/api/video-assets/${documentId}/downloads`).set('Authorization', `Bearer ${jwt}`).send({ rendition: 'broadcast-master' });
  };

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'newsreel-masters-'));
    master = path.join(work, 'General Assembly – opening (1080i).mov');
    masterSize = generateMaster(master);
    smtp = await startSmtpSink();
    app = await startApp({ seed: true, env: { ...smtp.env(), ...(await setup()) } });
    chief = await registerChief(app);
    clock = controlClock();
  });
  afterAll(async () => {
    clock?.restore();
    await app?.close();
    await smtp?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it(`uploads a 300 MB master in parts to ${storage.name}, probes it into every version of the asset, and the download link serves the same bytes`, async () => {
    const asset = await seededAsset(SOFIA);
    const before = await rowsOf(asset.documentId);
    const oldKey = before[0].renditions.find((item) => item.kind === 'broadcast-master')!.storageKey!;
    expect(await storage.exists(app, oldKey)).toBe(true);

    const started = await startUpload(app, chief, {
      asset: asset.documentId,
      kind: 'broadcast-master',
      filename: path.basename(master),
      size: masterSize,
      contentType: 'video/quicktime',
    });
    expect(started.status).toBe(201);
    expect(started.body).toEqual({ uploadId: expect.stringMatching(/^[0-9a-f-]{36}$/), partSize: 8 * MIB, storage: storage.name });

    const parts = await sendParts(app, chief, started.body, master, partNumbers(masterSize, started.body.partSize));
    expect(parts).toHaveLength(Math.ceil(masterSize / (8 * MIB)));
    const completed = await app
      .request()
      .post(`/video-masters/uploads/${started.body.uploadId}/complete`)
      .set(as(chief))
      .send({ parts, checksum: `sha256:${await sha256OfFile(master)}` });
    expect(completed.status).toBe(200);
    expect(completed.body).toEqual({ asset: asset.documentId, rendition: 'broadcast-master', sizeBytes: masterSize, status: 'processing' });
    expect(await waitForProcessing(app, chief, started.body.uploadId)).toMatchObject({ status: 'ready', reason: null });

    // Draft and published, English and French: the same new master, its facts and checksum.
    const source = await sha256OfFile(master);
    const after = await rowsOf(asset.documentId);
    expect(after).toHaveLength(4);
    const keys = new Set<string>();
    for (const row of after) {
      const rendition = row.renditions.find((item) => item.kind === 'broadcast-master')!;
      expect(row.renditions.filter((item) => item.kind === 'broadcast-master')).toHaveLength(1);
      expect(row.renditions.map((item) => item.kind)).toEqual(before[0].renditions.map((item) => item.kind));
      expect(rendition).toMatchObject({
        status: 'ready',
        statusReason: null,
        container: 'mov',
        codecs: 'rawvideo, pcm_s16le',
        width: 1920,
        height: 1080,
        checksum: `sha256:${source}`,
      });
      expect(Number(rendition.sizeBytes)).toBe(masterSize);
      expect(rendition.storageKey).not.toBe(oldKey);
      keys.add(rendition.storageKey!);
      expect(row.technical).toMatchObject({
        width: 1920,
        height: 1080,
        scanType: 'interlaced',
        videoCodec: 'rawvideo',
        audioChannels: 2,
        audioSampleRate: 48000,
      });
      expect(Number(row.technical!.frameRate)).toBe(25);
      expect(Number(row.technical!.durationSeconds)).toBeCloseTo(2.88, 2);
      expect(Number(row.technical!.sizeBytes)).toBe(masterSize);
    }
    expect(keys.size).toBe(1);
    const [key] = [...keys];
    expect(await sha256OfStream(await storage.read(app, key))).toBe(source);
    // The file it replaced is gone from storage; nothing refers to it any more.
    expect(await storage.exists(app, oldKey)).toBe(false);
    expect(await storage.leftovers(app)).toEqual([]);

    // A journalist's signed link serves exactly these bytes.
    const granted = await askForMaster(asset.documentId, 'archive@broadcaster.example', 'Brussels-Desk-2024!');
    expect(granted.status).toBe(200);
    expect(granted.body.filename).toBe(`${SOFIA} - broadcast-master.mov`);
    const download = await fetch(granted.body.url);
    expect(download.status).toBe(200);
    expect(await sha256OfStream(download.body as unknown as AsyncIterable<unknown>)).toBe(source);
  });

  it('resumes an interrupted upload from the parts already stored, and makes a poster for an asset without one', async () => {
    const created = await app.strapi.documents(ASSET).create({ locale: 'en', data: { title: 'Press point without a poster' } } as never);
    const documentId = (created as { documentId: string }).documentId;
    const small = path.join(work, 'press-point.mov');
    generateMaster(small, 7); // 7 frames: 29 MB, 4 parts of 8 MiB, the last one shorter
    const size = fs.statSync(small).size;
    const started = await startUpload(app, chief, { asset: documentId, kind: 'broadcast-master', filename: 'press-point.mov', size, contentType: '' });
    expect(started.status).toBe(201);
    const first = await sendParts(app, chief, started.body, small, [1, 3]);

    // A new tab asks what is already there and sends only the rest.
    const status = await app.request().get(`/video-masters/uploads/${started.body.uploadId}`).set(as(chief));
    expect(status.status).toBe(200);
    expect(status.body.status).toBe('uploading');
    expect(status.body.parts).toEqual(first.map((part) => ({ ...part, size: 8 * MIB })));
    const rest = await sendParts(app, chief, started.body, small, [2, 4]);
    const completed = await app
      .request()
      .post(`/video-masters/uploads/${started.body.uploadId}/complete`)
      .set(as(chief))
      .send({ parts: [...first, ...rest].sort((a, b) => a.partNumber - b.partNumber) });
    expect(completed.status).toBe(200);
    expect(await waitForProcessing(app, chief, started.body.uploadId)).toMatchObject({ status: 'ready' });

    const [draft] = await rowsOf(documentId);
    expect(draft.poster).not.toBeNull();
    const poster = (await app.strapi.db.query('plugin::upload.file').findOne({ where: { id: draft.poster!.id } })) as { mime: string; width: number };
    expect(poster).toMatchObject({ mime: 'image/jpeg', width: 1280 });
  });

  it('refuses a part that is not the size its number implies, and parts whose ETag differs at completion', async () => {
    const { file: small, size, started } = await startShort('short.mov', 'web-proxy');
    const signed = await app.request().post(`/video-masters/uploads/${started.uploadId}/parts/1`).set(as(chief));
    expect(signed.status).toBe(200);
    const wrong = await fetch(signed.body.url, { method: 'PUT', body: Buffer.alloc(1000) });
    if (storage.name === 'local') {
      expect(wrong.status).toBe(400);
    } else {
      // A bucket takes parts of any size; completion refuses them.
      expect(wrong.status).toBe(200);
      const early = await app
        .request()
        .post(`/video-masters/uploads/${started.uploadId}/complete`)
        .set(as(chief))
        .send({ parts: [{ partNumber: 1, etag: wrong.headers.get('etag') }] });
      expect(early.status).toBe(400);
      expect(early.body.error.details.missing).toEqual([1, 2]);
    }
    const beyond = await app.request().post(`/video-masters/uploads/${started.uploadId}/parts/3`).set(as(chief));
    expect(beyond.status).toBe(400);

    const parts = await sendParts(app, chief, started, small, partNumbers(size, started.partSize));
    const altered = parts.map((part, index) => (index === 0 ? { ...part, etag: '"0123456789abcdef0123456789abcdef"' } : part));
    const refused = await app.request().post(`/video-masters/uploads/${started.uploadId}/complete`).set(as(chief)).send({ parts: altered });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.missing).toEqual([1]);
    // The upload is still open: the right list completes it.
    const completed = await app.request().post(`/video-masters/uploads/${started.uploadId}/complete`).set(as(chief)).send({ parts });
    expect(completed.status).toBe(200);
    expect(await waitForProcessing(app, chief, started.uploadId)).toMatchObject({ status: 'ready' });
  });

  it('completes an upload once when "complete" arrives twice at the same moment (PostgreSQL: once on each process)', async () => {
    const { asset, file: small, size, started } = await startShort('twice.mov', 'audio');
    const parts = await sendParts(app, chief, started, small, partNumbers(size, started.partSize));
    // SQLite serves one writer process: there both requests go to the one process.
    const second = usesPostgres() ? await startSecondInstance() : undefined;
    try {
      const targets = [app.request(), second ? second.request() : app.request()];
      const answers = await Promise.all(
        targets.map((target) => target.post(`/video-masters/uploads/${started.uploadId}/complete`).set(as(chief)).send({ parts }))
      );
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400]);
      expect(answers.find((answer) => answer.status === 400)!.body.error.message).toMatch(/already (being completed|complete)/);
      expect(await waitForProcessing(app, chief, started.uploadId)).toMatchObject({ status: 'ready' });
      for (const row of await rowsOf(asset.documentId)) {
        expect(row.renditions.filter((item) => item.kind === 'audio')).toHaveLength(1);
      }
    } finally {
      await second?.stop();
    }
  });

  it('takes over the probing of an upload whose process died, once when two jobs race for it', async () => {
    const { asset, file: small, size, started } = await startShort('orphaned.mov', 'audio');
    const parts = await sendParts(app, chief, started, small, partNumbers(size, started.partSize));
    expect((await app.request().post(`/video-masters/uploads/${started.uploadId}/complete`).set(as(chief)).send({ parts })).status).toBe(200);
    await waitForProcessing(app, chief, started.uploadId);

    // What a process that died while probing leaves: the row "processing" under a lapsed lease.
    const row = (await app.strapi.db.query(UPLOAD).findOne({ where: { uploadId: started.uploadId } })) as { storageKey: string };
    await app.strapi.db.query(UPLOAD).update({ where: { uploadId: started.uploadId }, data: { status: 'processing', checksum: null, leaseUntil: new Date(Date.now() - 60_000) } });
    await app.strapi.db.query('media.rendition').updateMany({ where: { storageKey: row.storageKey }, data: { status: 'processing', checksum: null } });

    // Two cron runs at once (each its own database connection): one takes it, the other finds it taken.
    const processing = app.strapi.plugin('video-masters').service('processing') as { resumeExpired(): Promise<number> };
    const taken = await Promise.all([processing.resumeExpired(), processing.resumeExpired()]);
    expect(taken.sort()).toEqual([0, 1]);
    expect(await waitForProcessing(app, chief, started.uploadId)).toMatchObject({ status: 'ready' });
    for (const version of await rowsOf(asset.documentId)) {
      expect(version.renditions.find((item) => item.kind === 'audio')).toMatchObject({ status: 'ready', checksum: `sha256:${await sha256OfFile(small)}` });
    }
  });

  it('marks the rendition failed, with the reason, when ffprobe cannot read the file', async () => {
    const asset = await seededAsset(HERITAGE);
    const noise = path.join(work, 'noise.mxf');
    const size = generateUnreadable(noise, 3 * MIB);
    const started = (await startUpload(app, chief, { asset: asset.documentId, kind: 'broadcast-master', filename: 'noise.mxf', size, contentType: 'application/mxf' })).body as Started;
    const parts = await sendParts(app, chief, started, noise, [1]);
    expect((await app.request().post(`/video-masters/uploads/${started.uploadId}/complete`).set(as(chief)).send({ parts })).status).toBe(200);
    const ended = await waitForProcessing(app, chief, started.uploadId);
    expect(ended.status).toBe('failed');
    expect(ended.reason).toMatch(/^ffprobe could not read this file \(.+\)\.$/);
    for (const row of await rowsOf(asset.documentId)) {
      const rendition = row.renditions.find((item) => item.kind === 'broadcast-master')!;
      expect(rendition).toMatchObject({ status: 'failed', statusReason: ended.reason });
    }
    // The panel lists it with the reason.
    const recent = await app.request().get('/video-masters/uploads').query({ asset: asset.documentId }).set(as(chief));
    expect(recent.body.data[0]).toMatchObject({ uploadId: started.uploadId, status: 'failed', reason: ended.reason });
    // Signed URLs never reach a message.
    expect(ended.reason).not.toMatch(/https?:|Signature|signature=/);
    // Nobody is given a link to it.
    const refused = await askForMaster(asset.documentId, 'editor@broadcaster.example', 'Lisbon-Harbour-2024!');
    expect(refused.status).toBe(404);
    expect(refused.body.error.message).toMatch(/could not be read/);
  });

  it('aborts an upload half-way and leaves no part behind', async () => {
    const asset = await seededAsset(WANG_YI);
    const started = (
      await startUpload(app, chief, { asset: asset.documentId, kind: 'broadcast-master', filename: 'abandoned.mov', size: masterSize, contentType: 'video/quicktime' })
    ).body as Started;
    const all = partNumbers(masterSize, started.partSize);
    await sendParts(app, chief, started, master, all.slice(0, Math.floor(all.length / 2)));
    expect((await storage.leftovers(app)).length).toBe(1);

    const aborted = await app.request().delete(`/video-masters/uploads/${started.uploadId}`).set(as(chief));
    expect(aborted.status).toBe(204);
    expect(await storage.leftovers(app)).toEqual([]);
    const status = await app.request().get(`/video-masters/uploads/${started.uploadId}`).set(as(chief));
    expect(status.body).toMatchObject({ status: 'aborted', parts: [] });
    // Nothing more can be sent or completed.
    expect((await app.request().post(`/video-masters/uploads/${started.uploadId}/parts/1`).set(as(chief))).status).toBe(400);
    expect((await app.request().post(`/video-masters/uploads/${started.uploadId}/complete`).set(as(chief)).send({ parts: [] })).status).toBe(400);
  });

  it('removes uploads left unfinished past MASTER_UPLOAD_STALE_HOURS, and parts no upload owns', async () => {
    const asset = await seededAsset(WANG_YI);
    const started = (
      await startUpload(app, chief, { asset: asset.documentId, kind: 'audio', filename: 'left.wav', size: 20 * MIB, contentType: 'audio/wav' })
    ).body as Started;
    await sendParts(app, chief, started, master, [1]);
    const orphan = await storage.orphan(app);
    expect((await storage.leftovers(app)).length).toBe(2);

    const jobs = (app.strapi.cron as unknown as { jobs: { name: string; job: { invoke(): unknown } }[] }).jobs;
    const job = jobs.find((item) => item.name === 'video-masters.stale-uploads')!;
    await job.job.invoke();
    expect((await storage.leftovers(app)).length).toBe(2); // not stale yet

    // 49 hours later (the app's clock stays true: S3 refuses requests signed with a wrong time).
    const old = new Date(Date.now() - 49 * 3600 * 1000);
    await app.strapi.db.query(UPLOAD).update({ where: { uploadId: started.uploadId }, data: { createdAt: old } });
    orphan.backdate(old);
    await job.job.invoke();
    expect(await storage.leftovers(app)).toEqual([]);
    expect(await orphan.gone()).toBe(true);
    const status = await app.request().get(`/video-masters/uploads/${started.uploadId}`).set(as(chief));
    expect(status.body.status).toBe('aborted');
  });

  describe('refuses before anything is stored', () => {
    let editorOfArticles: string;
    beforeAll(async () => {
      const properties = { fields: ['title', 'summary'], locales: ['en', 'fr'] };
      editorOfArticles = await adminWith(app, chief, 'Article editor', [
        { action: 'plugin::content-manager.explorer.read', subject: 'api::article.article', properties },
        { action: 'plugin::content-manager.explorer.update', subject: 'api::article.article', properties },
      ]);
    });

    it.each([
      ['a file type outside the list', { filename: 'setup.exe', contentType: 'application/octet-stream' }, 400, /cannot be uploaded here/],
      ['a known extension with a foreign type', { filename: 'clip.mov', contentType: 'text/html' }, 400, /cannot be uploaded here/],
      ['a size above MASTER_MAX_BYTES', { size: 51 * 1024 ** 3 }, 400, /at most 50 GiB/],
      ['an empty file', { size: 0 }, 400, /empty file/],
      ['an unknown kind', { kind: 'thumbnail' }, 400, /"kind" must be one of/],
    ])('%s', async (_name, change, status, message) => {
      const asset = await seededAsset(WANG_YI);
      const before = await uploadsCount();
      const answer = await startUpload(app, chief, {
        asset: asset.documentId,
        kind: 'broadcast-master',
        filename: 'clip.mov',
        size: 10 * MIB,
        contentType: 'video/quicktime',
        ...change,
      });
      expect(answer.status).toBe(status);
      expect(answer.body.error.message).toMatch(message);
      expect(await uploadsCount()).toBe(before);
      expect(await storage.leftovers(app)).toEqual([]);
    });

    it('staff who may not edit video assets (403), an unknown asset (404), no admin token (401)', async () => {
      const asset = await seededAsset(WANG_YI);
      const before = await uploadsCount();
      const body = { asset: asset.documentId, kind: 'broadcast-master', filename: 'clip.mov', size: 10 * MIB, contentType: 'video/quicktime' };
      // Their role edits articles, not video assets.
      const forbidden = await startUpload(app, editorOfArticles, body);
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.error.message).toBe('You may not change the files of this video asset.');
      expect((await startUpload(app, chief, { ...body, asset: 'zzzzzzzzzzzzzzzzzzzzzzzz' })).status).toBe(404);
      expect((await app.request().post('/video-masters/uploads').send(body)).status).toBe(401);
      expect(await uploadsCount()).toBe(before);
      expect(await storage.leftovers(app)).toEqual([]);
    });

    it('a local part URL that was altered or expired (403)', async () => {
      const asset = await seededAsset(WANG_YI);
      const answer = await startUpload(app, chief, { asset: asset.documentId, kind: 'audio', filename: 'a.wav', size: MIB, contentType: 'audio/wav' });
      expect(answer.status).toBe(201);
      const started = answer.body as Started;
      const signed = await app.request().post(`/video-masters/uploads/${started.uploadId}/parts/1`).set(as(chief));
      expect({ status: signed.status, body: signed.body }).toMatchObject({ status: 200, body: { url: expect.any(String) } });
      const url = new URL(signed.body.url);
      if (storage.name === 'local') {
        url.searchParams.set('signature', `${url.searchParams.get('signature')!.slice(0, -2)}AA`);
        expect((await fetch(url, { method: 'PUT', body: Buffer.alloc(MIB) })).status).toBe(403);
        clock.advance(3601 * 1000);
        try {
          expect((await fetch(signed.body.url, { method: 'PUT', body: Buffer.alloc(MIB) })).status).toBe(403);
        } finally {
          clock.reset();
        }
      } else {
        expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
        expect(url.searchParams.get('partNumber')).toBe('1');
      }
      expect((await app.request().delete(`/video-masters/uploads/${started.uploadId}`).set(as(chief))).status).toBe(204);
      expect(await storage.leftovers(app)).toEqual([]);
    });
  });
};
