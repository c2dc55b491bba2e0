import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { as } from './admin';
import type { TestApp } from './app';

const ffmpeg = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;

/**
 * Writes a real, readable broadcast-style master: 1080i25 uncompressed 4:2:2 video with stereo
 * 48 kHz PCM, `frames` frames long (72 frames ≈ 300 MB).
 */
export const generateMaster = (file: string, frames = 72) => {
  execFileSync(ffmpeg, [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=s=1920x1080:r=25',
    '-f', 'lavfi', '-i', 'sine=f=440:sample_rate=48000',
    '-frames:v', String(frames), '-vf', 'setfield=tff', '-field_order', 'tt',
    '-c:v', 'rawvideo', '-pix_fmt', 'uyvy422', '-c:a', 'pcm_s16le', '-ac', '2', '-shortest', file,
  ]);
  return fs.statSync(file).size;
};

/** Bytes no demuxer reads as audio or video. */
/**
 * A file no demuxer reads: every byte zero (no container's signature, no audio frame sync).
 * Random bytes were not enough: ffprobe once found an MPEG audio sync in them and read a file.
 */
export const generateUnreadable = (file: string, size: number) => {
  fs.writeFileSync(file, Buffer.alloc(size));
  return size;
};

export const sha256OfStream = async (stream: AsyncIterable<unknown>) => {
  const hash = crypto.createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
};
export const sha256OfFile = (file: string) => sha256OfStream(fs.createReadStream(file));

export interface Started {
  uploadId: string;
  partSize: number;
  storage: 's3' | 'local';
}

/** POST /video-masters/uploads for `file`. */
export const startUpload = async (app: TestApp, token: string, body: Record<string, unknown>) =>
  app.request().post('/video-masters/uploads').set(as(token)).send(body);

/** Part `partNumber` of `file`, as the browser slices it. */
const readPart = async (file: string, partSize: number, partNumber: number) => {
  const handle = await fs.promises.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const start = (partNumber - 1) * partSize;
    const buffer = Buffer.alloc(Math.min(partSize, size - start));
    await handle.read(buffer, 0, buffer.length, start);
    return buffer;
  } finally {
    await handle.close();
  }
};

/**
 * Sends parts `numbers` of `file` as the admin panel does: asks the server for each part's URL,
 * PUTs the bytes there (the bucket, or this server), keeps the ETag the answer carries.
 */
export const sendParts = async (app: TestApp, token: string, started: Started, file: string, numbers: number[], concurrency = 4) => {
  const sent: { partNumber: number; etag: string }[] = [];
  const queue = [...numbers];
  const lane = async () => {
    for (let partNumber = queue.shift(); partNumber !== undefined; partNumber = queue.shift()) {
      const signed = await app.request().post(`/video-masters/uploads/${started.uploadId}/parts/${partNumber}`).set(as(token));
      if (signed.status !== 200) throw new Error(`part URL ${partNumber}: ${signed.status} ${JSON.stringify(signed.body)}`);
      const answer = await fetch(signed.body.url as string, { method: 'PUT', body: await readPart(file, started.partSize, partNumber) });
      if (answer.status !== 200) throw new Error(`part ${partNumber}: ${answer.status} ${await answer.text()}`);
      sent.push({ partNumber, etag: answer.headers.get('etag') as string });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return sent.sort((a, b) => a.partNumber - b.partNumber);
};

export const partNumbers = (size: number, partSize: number) => Array.from({ length: Math.ceil(size / partSize) }, (_, index) => index + 1);

/** Polls the upload until probing ended; answers its status. */
export const waitForProcessing = async (app: TestApp, token: string, uploadId: string, timeoutMs = 60_000) => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const answer = await app.request().get(`/video-masters/uploads/${uploadId}`).set(as(token));
    if (answer.status !== 200) throw new Error(`upload status: ${answer.status}`);
    if (answer.body.status !== 'processing') return answer.body as { status: string; reason: string | null };
    if (Date.now() > until) throw new Error(`upload ${uploadId} still processing after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};
