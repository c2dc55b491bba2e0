import fs from 'node:fs';
import path from 'node:path';
import { createApiToken, startApp, type TestApp } from '../helpers/app';
import { MEDIA_BUCKET, PRIVATE_BUCKET, type S3Sink, startS3Sink } from '../helpers/s3-sink';

/* Media go to S3 when S3_BUCKET is set, to public/uploads otherwise; masters never go public. */

const IMAGE = path.join(__dirname, '..', 'fixtures', 'image.jpg');

// Strapi re-encodes images (metadata stripped), so stored bytes differ from the fixture's.
const isJpeg = (bytes: Buffer) => bytes[0] === 0xff && bytes[1] === 0xd8 && bytes.at(-2) === 0xff && bytes.at(-1) === 0xd9;

const upload = async (app: TestApp) => {
  const token = await createApiToken(app.strapi);
  const res = await app.request().post('/api/upload').set('Authorization', `Bearer ${token}`).attach('files', IMAGE);
  expect(res.status).toBe(201);
  return res.body[0] as { url: string; hash: string; ext: string; provider: string; size: number };
};

describe('without S3', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('writes an uploaded image to public/uploads and serves it', async () => {
    const file = await upload(app);
    expect(file.provider).toBe('local');
    expect(file.url).toBe(`/uploads/${file.hash}${file.ext}`);
    const onDisk = fs.readFileSync(path.join(app.dir, 'public', 'uploads', `${file.hash}${file.ext}`));
    expect(isJpeg(onDisk)).toBe(true);
    const served = await app.request().get(file.url);
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.compare(served.body, onDisk)).toBe(0);
  });
});

describe('with S3', () => {
  let s3: S3Sink;
  let app: TestApp;
  beforeAll(async () => {
    s3 = await startS3Sink();
    app = await startApp({ seed: true, env: s3.env() });
  });
  afterAll(async () => {
    await app?.close();
    await s3?.close();
  });

  it('puts an uploaded image in the media bucket, not on disk', async () => {
    const file = await upload(app);
    expect(file.provider).toBe('aws-s3');
    const key = `${file.hash}${file.ext}`;
    expect(await s3.keys(MEDIA_BUCKET)).toContain(key);
    const stored = await s3.get(MEDIA_BUCKET, key);
    expect(isJpeg(stored)).toBe(true);
    expect(stored.length / 1000).toBeCloseTo(file.size, 1);
    expect(file.url).toBe(`${s3.endpoint}/${MEDIA_BUCKET}/${key}`);
    expect(fs.readdirSync(path.join(app.dir, 'public', 'uploads'))).toEqual([]);
  });

  it('seeds posters and proxies into the media bucket and masters into the private bucket only', async () => {
    const media = await s3.keys(MEDIA_BUCKET);
    const masters = await s3.keys(PRIVATE_BUCKET);
    expect(masters.sort()).toEqual(
      ['cfr-lecture', 'heritage-speech', 'sofia-assembly', 'stockholm-visit', 'wang-yi'].map(
        (key) => `masters/${key}/${key}-master.mov`
      )
    );
    expect(media.some((key) => key.endsWith('.mp4'))).toBe(true);
    expect(media.some((key) => key.endsWith('.mov'))).toBe(false);
    const seeded = path.join(__dirname, '..', '..', 'database', 'seed', 'media', 'wang-yi-master.mov');
    expect(await s3.get(PRIVATE_BUCKET, 'masters/wang-yi/wang-yi-master.mov')).toEqual(fs.readFileSync(seeded));
  });
});
