import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import contentDisposition from 'content-disposition';
import { createVerifiedAccount } from '../helpers/accounts';
import { ROOT, startApp, type TestApp } from '../helpers/app';
import { PRIVATE_BUCKET, type S3Sink, startS3Sink } from '../helpers/s3-sink';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/*
 * Downloads with masters in S3 (s3rver on loopback): the link is an S3 presigned GET on the
 * private bucket, and the bucket answers it with the master's bytes as a named attachment.
 */

const ASSET = 'api::video-asset.video-asset';

let app: TestApp;
let smtp: SmtpSink;
let s3: S3Sink;

beforeAll(async () => {
  smtp = await startSmtpSink();
  s3 = await startS3Sink();
  app = await startApp({ seed: true, env: { ...smtp.env(), ...s3.env() } });
});
afterAll(async () => {
  await app?.close();
  await s3?.close();
  await smtp?.close();
});

it('gives a presigned URL of the private bucket that fetches the master as a named attachment', async () => {
  const { jwt } = await createVerifiedAccount(app, smtp, 'archive@broadcaster.example', 'Brussels-Desk-2024!');
  const asset = await app.strapi.db.query(ASSET).findOne({ where: { locale: 'en', publishedAt: { $notNull: true } }, populate: { renditions: true } });
  const key = asset.renditions.find((r: { kind: string }) => r.kind === 'broadcast-master').storageKey as string;
  expect(await s3.keys(PRIVATE_BUCKET)).toContain(key);

  const granted = await app.request().post(`/api/video-assets/${asset.documentId}/downloads`).set('Authorization', `Bearer ${jwt}`).send({ rendition: 'broadcast-master' });
  expect(granted.status).toBe(200);
  const url = new URL(granted.body.url);
  expect(url.origin).toBe(s3.endpoint);
  expect(url.pathname).toBe(`/${PRIVATE_BUCKET}/${key}`);
  expect(url.searchParams.get('X-Amz-Expires')).toBe('600');
  expect(granted.body.filename).toBe(`${asset.title} - broadcast-master.mov`);

  const answer = await fetch(url);
  expect(answer.status).toBe(200);
  const bytes = Buffer.from(await answer.arrayBuffer());
  const master = fs.readFileSync(path.join(ROOT, 'database', 'seed', 'media', path.basename(key)));
  expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(crypto.createHash('sha256').update(master).digest('hex'));
  expect(contentDisposition.parse(answer.headers.get('content-disposition')!).parameters.filename).toBe(granted.body.filename);
});
