import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { codeMail } from '../helpers/accounts';
import { as, registerChief } from '../helpers/admin';
import { launchBrowser } from '../helpers/browser';
import { generateMaster, partNumbers, sendParts, sha256OfFile, type Started, startUpload, waitForProcessing } from '../helpers/uploads';
import { type Stack, startStack, throughNginx, withLogs } from './stack';

/*
 * Broadcast masters through the reference deployment: every admin and account request goes
 * through nginx (deploy/nginx/newsreel.conf) to one of two app processes. With local storage the
 * parts are PUT through nginx's /video-masters/ location and downloads come back through
 * /api/video-masters/files/; with S3 the parts go straight to the private bucket. A 300 MB master
 * each time, one of them with a process killed (SIGKILL) half-way, and a journalist who signs up
 * in Chromium and downloads a master from a story page.
 */

const ASSETS = '/content-manager/collection-types/api::video-asset.video-asset';
const ARTICLES = '/content-manager/collection-types/api::article.article';
const PASSWORD = 'Brussels-Desk-2024!';
/** How long the victim of the kill may take to be caught writing a part. */
const CATCH_TIMEOUT_MS = 60_000;

interface Rendition {
  kind: string;
  status: string | null;
  checksum: string | null;
  sizeBytes: string | number | null;
}
interface StoredPart {
  partNumber: number;
  etag: string;
  size: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let work: string;
let master: string;
let masterSize: number;
let masterSha: string;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'newsreel-deploy-masters-'));
  master = path.join(work, 'General Assembly – opening (1080i).mov');
  // 72 frames of 1080i uncompressed 4:2:2 with stereo PCM: about 300 MB that ffprobe reads.
  masterSize = generateMaster(master);
  masterSha = await sha256OfFile(master);
}, 120_000);
afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** What a test does with one stack: the admin API through nginx as the chief admin. */
const deployment = (stackOf: () => Stack | undefined, chiefOf: () => string) => {
  const deployed = () => {
    const stack = stackOf();
    if (!stack) throw new Error('the stack did not start');
    return stack;
  };
  const admin = () => deployed().request();

  /** Creates and publishes an English video asset; answers its documentId. */
  const createVideo = async (title: string) => {
    const created = await admin().post(`${ASSETS}?locale=en`).set(as(chiefOf())).send({ title });
    expect(created.status).toBe(201);
    const documentId = created.body.data.documentId as string;
    await admin().post(`${ASSETS}/${documentId}/actions/publish?locale=en`).set(as(chiefOf())).send({ title }).expect(200);
    return documentId;
  };

  /** POST /video-masters/uploads of `file` as the broadcast master of `documentId`. */
  const startMaster = async (documentId: string, file: string) => {
    const answer = await startUpload(throughNginx(deployed()), chiefOf(), {
      asset: documentId,
      kind: 'broadcast-master',
      filename: path.basename(file),
      size: fs.statSync(file).size,
      contentType: 'video/quicktime',
    });
    expect(answer.status).toBe(201);
    return answer.body as Started;
  };

  /** Completes the upload with `parts` (no checksum: the server computes its own) and waits for probing. */
  const complete = async (started: Started, parts: { partNumber: number; etag: string }[]) => {
    const completed = await admin()
      .post(`/video-masters/uploads/${started.uploadId}/complete`)
      .set(as(chiefOf()))
      .send({ parts: parts.map(({ partNumber, etag }) => ({ partNumber, etag })) });
    expect(completed.status).toBe(200);
    expect(completed.body.status).toBe('processing');
    return waitForProcessing(throughNginx(deployed()), chiefOf(), started.uploadId, 120_000);
  };

  /** The broadcast master of the draft and the published version, as the Content Manager shows them. */
  const mastersOf = async (documentId: string) => {
    const versions: Rendition[] = [];
    for (const status of ['draft', 'published']) {
      const answer = await admin().get(`${ASSETS}/${documentId}?locale=en&status=${status}`).set(as(chiefOf()));
      expect(answer.status).toBe(200);
      versions.push((answer.body.data.renditions as Rendition[]).find((rendition) => rendition.kind === 'broadcast-master') as Rendition);
    }
    return versions;
  };

  /** The parts the server holds of an upload, as the panel asks for them to resume. */
  const heldParts = async (uploadId: string) => {
    const answer = await admin().get(`/video-masters/uploads/${uploadId}`).set(as(chiefOf()));
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('uploading');
    return answer.body.parts as StoredPart[];
  };

  return { deployed, admin, createVideo, startMaster, complete, mastersOf, heldParts };
};

/** Whether process `pid` holds a file of `folder` open: it is writing a part there right now. */
const partBeingWritten = (pid: number, folder: string) => {
  const descriptors = `/proc/${pid}/fd`;
  for (const fd of fs.existsSync(descriptors) ? fs.readdirSync(descriptors) : []) {
    const target = (() => {
      try {
        return fs.readlinkSync(path.join(descriptors, fd));
      } catch {
        return '';
      }
    })();
    if (path.dirname(target) === folder) return Number(/^(\d+)\./.exec(path.basename(target))?.[1]);
  }
  return undefined;
};

describe('masters in the local private folder (no S3_PRIVATE_BUCKET)', () => {
  let stack: Stack | undefined;
  let chief = '';
  let browser: Browser | undefined;
  const { deployed, admin, createVideo, startMaster, complete, mastersOf, heldParts } = deployment(
    () => stack,
    () => chief
  );
  const logged = (test: () => Promise<void>) => withLogs(() => stack, test);

  beforeAll(async () => {
    // Both processes keep masters in the one PRIVATE_MEDIA_DIR the stack gives them.
    stack = await startStack({ env: { S3_PRIVATE_BUCKET: undefined } });
    chief = await registerChief(throughNginx(stack));
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  }, 120_000);

  /** The access-log lines of the PUTs of an upload's parts, once there are `count`. */
  const partPuts = (uploadId: string, count: number) => deployed().logged((line) => line.includes(`"PUT /video-masters/uploads/${uploadId}/parts/`), count);

  it(
    'takes a 300 MB master in 8 MiB parts PUT through nginx, and stores exactly its bytes',
    logged(async () => {
      const documentId = await createVideo('General Assembly opens its session');
      const started = await startMaster(documentId, master);
      expect(started.storage).toBe('local');
      const numbers = partNumbers(masterSize, started.partSize);
      expect(numbers.length).toBeGreaterThan(30);

      const parts = await sendParts(throughNginx(deployed()), chief, started, master, numbers);
      expect(parts.map((part) => part.partNumber)).toEqual(numbers);
      // Each part went through nginx (the signed URL is of PUBLIC_URL, which is nginx) and was taken.
      const puts = await partPuts(started.uploadId, numbers.length);
      expect(puts).toHaveLength(numbers.length);
      expect(puts.every((line) => /" 200 /.test(line))).toBe(true);
      // ...and both processes took some: nginx balanced them over the one shared folder.
      expect(new Set(puts.map((line) => / upstream=(\S+) /.exec(line)?.[1])).size).toBe(2);

      expect(await complete(started, parts)).toMatchObject({ status: 'ready', reason: null });
      for (const version of await mastersOf(documentId)) {
        expect(version).toMatchObject({ status: 'ready', checksum: `sha256:${masterSha}` });
        expect(Number(version.sizeBytes)).toBe(masterSize);
      }
    })
  );

  it(
    'loses no part when a process is killed (SIGKILL) while writing one: the parts stored stay, the cut one is sent again',
    logged(async () => {
      const [victim] = deployed().processes;
      const target = throughNginx(deployed());
      const documentId = await createVideo('Security Council meets on the Red Sea');
      const started = await startMaster(documentId, master);
      const numbers = partNumbers(masterSize, started.partSize);
      const staging = path.join(deployed().env.PRIVATE_MEDIA_DIR, 'uploads-in-progress', started.uploadId);

      const first = await sendParts(target, chief, started, master, numbers.slice(0, 12));
      // The rest four at a time, as the panel sends them, each part on its own so that one failing
      // leaves the others going.
      const outcomes = new Map<number, 'sent' | 'failed'>();
      const queue = numbers.slice(12);
      const lanes = Promise.all(
        [1, 2, 3, 4].map(async () => {
          while (queue.length > 0) {
            const partNumber = queue.shift() as number;
            const sent = await sendParts(target, chief, started, master, [partNumber], 1).then(
              () => 'sent' as const,
              () => 'failed' as const
            );
            outcomes.set(partNumber, sent);
          }
        })
      );

      // Killed while it streams a part into the staging folder.
      const pid = victim.pid;
      const until = Date.now() + CATCH_TIMEOUT_MS;
      let cut = partBeingWritten(pid, staging);
      while (cut === undefined && Date.now() < until) {
        await sleep(2);
        cut = partBeingWritten(pid, staging);
      }
      expect(cut).toBeDefined();
      expect(await victim.stop('SIGKILL')).toBeNull();
      await lanes;
      expect(outcomes.get(cut as number)).toBe('failed');

      await victim.start();
      // As the panel resumes: it asks which parts the server holds and sends only the others.
      const held = await heldParts(started.uploadId);
      expect(held).toEqual(expect.arrayContaining(first.map((part) => ({ ...part, size: started.partSize }))));
      const heldNumbers = held.map((part) => part.partNumber);
      // Every part whose PUT was answered 200 is held; the cut one is not.
      const acknowledged = [...outcomes].filter(([, outcome]) => outcome === 'sent').map(([partNumber]) => partNumber);
      expect(heldNumbers).toEqual(expect.arrayContaining(acknowledged));
      expect(heldNumbers).not.toContain(cut);
      const missing = numbers.filter((partNumber) => !heldNumbers.includes(partNumber));
      expect(missing.every((partNumber) => outcomes.get(partNumber) === 'failed')).toBe(true);

      const resent = await sendParts(target, chief, started, master, missing);
      const parts = [...held, ...resent].sort((a, b) => a.partNumber - b.partNumber);
      expect(parts.map((part) => part.partNumber)).toEqual(numbers);
      expect(await complete(started, parts)).toMatchObject({ status: 'ready', reason: null });
      for (const version of await mastersOf(documentId)) {
        expect(version).toMatchObject({ status: 'ready', checksum: `sha256:${masterSha}` });
        expect(Number(version.sizeBytes)).toBe(masterSize);
      }
      // The staging folder went with the completion, with what the killed process left in it.
      expect(fs.existsSync(staging)).toBe(false);
    })
  );

  it(
    'signs a journalist up in Chromium, takes the mailed code, and downloads a master from a story page through the signed link',
    logged(async () => {
      const { smtp, nginxUrl } = deployed();
      const email = 'camera@broadcaster.example';
      const clip = path.join(work, 'press-point.mov');
      generateMaster(clip, 3);
      const documentId = await createVideo('Press point at the Palais des Nations');
      const started = await startMaster(documentId, clip);
      const parts = await sendParts(throughNginx(deployed()), chief, started, clip, partNumbers(fs.statSync(clip).size, started.partSize));
      expect(await complete(started, parts)).toMatchObject({ status: 'ready', reason: null });
      const story = { title: 'Geneva talks resume', date: '2026-11-20', videos: { connect: [{ documentId, locale: 'en' }] } };
      const created = await admin().post(`${ARTICLES}?locale=en`).set(as(chief)).send(story);
      expect(created.status).toBe(201);
      await admin().post(`${ARTICLES}/${created.body.data.documentId}/actions/publish?locale=en`).set(as(chief)).send(story).expect(200);

      browser = await launchBrowser();
      // A forged X-Forwarded-For on every request: nginx replaces it with the address it saw.
      const context = await browser.newContext({ acceptDownloads: true, locale: 'en-GB', extraHTTPHeaders: { 'X-Forwarded-For': '198.51.100.23' } });
      const page = await context.newPage();
      await page.goto(`${nginxUrl}/account/signup.html`);
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      const since = smtp.mails.length;
      await page.getByRole('button', { name: 'Create my account' }).click();
      await page.waitForURL('**/account/verify.html');
      const { code } = await codeMail(smtp, email, since);
      await page.getByLabel('6-digit code').fill(code);
      await page.getByRole('button', { name: 'Confirm my email' }).click();
      await page.waitForURL('**/account/welcome.html');
      await page.getByText(`Logged in as ${email}`).waitFor();

      await page.goto(`${nginxUrl}/stories/story.html?slug=${created.body.data.slug}`);
      await page.getByRole('heading', { level: 1, name: story.title }).waitFor();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('li[data-kind=broadcast-master]').getByRole('button', { name: 'Download broadcast master' }).click(),
      ]);
      expect(download.url().startsWith(`${nginxUrl}/api/video-masters/files/`)).toBe(true);
      const saved = (await download.path()) as string;
      expect(fs.statSync(saved).size).toBe(fs.statSync(clip).size);
      expect(await sha256OfFile(saved)).toBe(await sha256OfFile(clip));
      expect(download.suggestedFilename()).toBe('Press point at the Palais des Nations - broadcast-master.mov');
      // nginx passed the file on from a process (its /api/video-masters/files/ location).
      const served = await deployed().logged((line) => line.includes('"GET /api/video-masters/files/'), 1);
      expect(served).toHaveLength(1);
      expect(served[0]).toMatch(/" 200 \d+ .* upstream=127\.0\.0\.1:\d+ upstream_status=200 /);

      // The download record holds the address nginx saw, not the forged one.
      const records = await admin().get('/video-masters/downloads').query({ user: email }).set(as(chief));
      expect(records.status).toBe(200);
      expect(records.body.data).toHaveLength(1);
      expect(records.body.data[0]).toMatchObject({ user: { email }, asset: { documentId }, rendition: 'broadcast-master', ip: '127.0.0.1' });
    }),
    180_000
  );

  it(
    'keeps the signed links of the parts and the download, and the signup code, out of nginx\'s and the processes\' logs',
    logged(async () => {
      const lines = deployed().accessLog();
      // The signed requests above were logged, their query as [redacted].
      expect(lines.filter((line) => line.includes('"PUT /video-masters/uploads/') && line.includes('?[redacted] ')).length).toBeGreaterThan(10);
      expect(lines.filter((line) => line.includes('"GET /api/video-masters/files/') && line.includes('?[redacted] '))).toHaveLength(1);
      const secret = /(signature|X-Amz-Signature|code|token)=(?!\[redacted\])/i;
      expect(lines.filter((line) => secret.test(line))).toEqual([]);
      // The parts cut by the hard kill failed at nginx; their request lines are not in its error log.
      expect(deployed().siteErrorLog()).not.toMatch(secret);
      for (const app of deployed().processes) expect(fs.readFileSync(app.logFile, 'utf8')).not.toMatch(/signature=(?!\[redacted\])/i);
    })
  );
});

describe('masters in the private bucket (S3_PRIVATE_BUCKET, s3rver)', () => {
  let stack: Stack | undefined;
  let chief = '';
  const { deployed, createVideo, startMaster, complete, mastersOf } = deployment(
    () => stack,
    () => chief
  );

  beforeAll(async () => {
    stack = await startStack();
    chief = await registerChief(throughNginx(stack));
  }, 240_000);
  afterAll(async () => {
    await stack?.close();
  }, 120_000);

  it(
    'takes a 300 MB master whose parts go straight to the bucket, the admin calls through nginx, and stores exactly its bytes',
    withLogs(
      () => stack,
      async () => {
        const documentId = await createVideo('General Assembly closes its session');
        const started = await startMaster(documentId, master);
        expect(started.storage).toBe('s3');
        const numbers = partNumbers(masterSize, started.partSize);

        // Each part URL the server signs (asked for through nginx) is a presigned PUT of the bucket.
        const signed = await deployed().request().post(`/video-masters/uploads/${started.uploadId}/parts/1`).set(as(chief));
        expect(signed.status).toBe(200);
        expect(new URL(signed.body.url).origin).toBe(new URL(deployed().s3.endpoint).origin);

        const parts = await sendParts(throughNginx(deployed()), chief, started, master, numbers);
        expect(parts.map((part) => part.partNumber)).toEqual(numbers);
        const asked = await deployed().logged((line) => line.includes(`"POST /video-masters/uploads/${started.uploadId}/parts/`), numbers.length + 1);
        expect(asked).toHaveLength(numbers.length + 1);
        // No byte of the file went through nginx: it saw the part URLs asked for, never a PUT.
        expect(deployed().accessLog().filter((line) => line.includes(`/video-masters/uploads/${started.uploadId}/parts/`) && line.includes('"PUT '))).toEqual([]);

        expect(await complete(started, parts)).toMatchObject({ status: 'ready', reason: null });
        for (const version of await mastersOf(documentId)) {
          expect(version).toMatchObject({ status: 'ready', checksum: `sha256:${masterSha}` });
          expect(Number(version.sizeBytes)).toBe(masterSize);
        }
      }
    )
  );
});
