import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { as, registerChief } from '../helpers/admin';
import { startApp, startSecondInstance } from '../helpers/app';
import { PRIVATE_BUCKET, startS3Sink } from '../helpers/s3-sink';

/*
 * A 2 GiB master uploaded through the real path into s3rver: the server (in its own process)
 * creates the multipart upload and presigns each part, the client PUTs the parts straight to the
 * bucket, four at a time, then the server completes it. The floor, in the same run: the same file
 * copied into the same s3rver by @aws-sdk/lib-storage alone, with the same part size, the same
 * four parts in flight and no per-part checksum (neither path sends one). The server's resident set (VmRSS) is sampled during our upload.
 * Prints one JSON line.
 */

const SIZE = Number(process.env.BENCH_MASTER_BYTES ?? 2 * 1024 ** 3);
const MIB = 1024 * 1024;
const PARTS_IN_FLIGHT = 4;

const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
const mib = (bytes: number) => Math.round((bytes / MIB) * 10) / 10;
const t0 = Date.now();
const phase = (name: string) => process.stderr.write(`[bench ${((Date.now() - t0) / 1000).toFixed(1)} s] ${name}\n`);

/** Writes `size` random bytes to `file`, a few megabytes at a time. */
const generate = async (file: string, size: number) => {
  const out = fs.createWriteStream(file);
  for (let written = 0; written < size; written += 8 * MIB) {
    const chunk = crypto.randomBytes(Math.min(8 * MIB, size - written));
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
};

const slice = async (handle: fs.promises.FileHandle, start: number, length: number) => {
  const buffer = Buffer.alloc(length);
  await handle.read(buffer, 0, length, start);
  return buffer;
};

it('uploads a 2 GiB master at 80% of a plain lib-storage copy or better, with the server under 100 MB of growth', async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'newsreel-bench-master-'));
  const file = path.join(work, 'bench-master.mxf');
  await generate(file, SIZE);
  phase(`generated ${mib(SIZE)} MiB`);

  const s3 = await startS3Sink();
  const app = await startApp({ seed: true, env: s3.env() });
  const chief = await registerChief(app);
  const asset = (await app.strapi.db.query('api::video-asset.video-asset').findOne({ where: { locale: 'en', publishedAt: null } })) as { documentId: string };
  // The server under test runs alone in its own process on the same database.
  const serverEnv = { ...(process.env as Record<string, string>) };
  await app.close({ keepDatabase: true });
  const server = await startSecondInstance(serverEnv);
  phase('server up');

  try {
    // Ours: create, presign each part, PUT it to the bucket, complete.
    const rssBefore = rssOf(server.pid);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, rssOf(server.pid));
    }, 100);
    const handle = await fs.promises.open(file, 'r');
    const started = Date.now();
    const created = await server
      .request()
      .post('/video-masters/uploads')
      .set(as(chief))
      .send({ asset: asset.documentId, kind: 'broadcast-master', filename: 'bench-master.mxf', size: SIZE, contentType: 'application/mxf' });
    expect(created.status).toBe(201);
    const { uploadId, partSize } = created.body as { uploadId: string; partSize: number };
    const count = Math.ceil(SIZE / partSize);
    const queue = Array.from({ length: count }, (_, index) => index + 1);
    const parts: { partNumber: number; etag: string }[] = [];
    const lane = async () => {
      for (let partNumber = queue.shift(); partNumber !== undefined; partNumber = queue.shift()) {
        const signed = await server.request().post(`/video-masters/uploads/${uploadId}/parts/${partNumber}`).set(as(chief));
        const start = (partNumber - 1) * partSize;
        const body = await slice(handle, start, Math.min(partSize, SIZE - start));
        const answer = await fetch(signed.body.url as string, { method: 'PUT', body });
        expect(answer.status).toBe(200);
        parts.push({ partNumber, etag: answer.headers.get('etag') as string });
      }
    };
    await Promise.all(Array.from({ length: PARTS_IN_FLIGHT }, lane));
    parts.sort((a, b) => a.partNumber - b.partNumber);
    const completed = await server.request().post(`/video-masters/uploads/${uploadId}/complete`).set(as(chief)).send({ parts });
    expect(completed.status).toBe(200);
    const ourSeconds = (Date.now() - started) / 1000;
    clearInterval(sampler);
    await handle.close();
    phase(`ours: ${ourSeconds.toFixed(1)} s`);

    // The floor: the same bytes, the same bucket, lib-storage alone.
    const client = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      // The plainest copy: no CRC32 of each part, which the SDK otherwise computes and sends.
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    const floorStarted = Date.now();
    await new Upload({
      client,
      params: { Bucket: PRIVATE_BUCKET, Key: 'floor/bench-master.mxf', Body: fs.createReadStream(file), ContentLength: SIZE },
      partSize,
      queueSize: PARTS_IN_FLIGHT,
    }).done();
    const floorSeconds = (Date.now() - floorStarted) / 1000;
    client.destroy();
    phase(`floor: ${floorSeconds.toFixed(1)} s`);

    const megabytes = SIZE / 1e6;
    const figures = {
      fileMiB: mib(SIZE),
      partMiB: mib(partSize),
      partsInFlight: PARTS_IN_FLIGHT,
      megabytesPerSecond: Math.round(megabytes / ourSeconds),
      floorMegabytesPerSecond: Math.round(megabytes / floorSeconds),
      shareOfFloor: Math.round((floorSeconds / ourSeconds) * 100) / 100,
      serverRssBeforeMiB: mib(rssBefore),
      serverRssPeakMiB: mib(rssPeak),
      serverRssGrowthMiB: mib(rssPeak - rssBefore),
    };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    expect(figures.shareOfFloor).toBeGreaterThanOrEqual(0.8);
    expect(figures.serverRssGrowthMiB).toBeLessThan(100);
  } finally {
    await server.stop();
    await app.database.drop();
    await s3.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
});
