import fs from 'node:fs';
import { Readable } from 'node:stream';
import { startApp, startSecondInstance, type TestApp } from '../helpers/app';

/*
 * Memory of a streamed CSV import: 50,000 lines sent as one text/csv request, produced line by
 * line by the client, to a server in its own process whose resident set size (VmRSS in /proc) is
 * sampled meanwhile. Prints the baseline and the peak growth, and the import's report
 * (50,000 created expected).
 */

const LINES = Number(process.env.BENCH_IMPORT_LINES ?? 50_000);
const PASSWORD = 'Newsroom-Desk-2024!';

let app: TestApp;
let server: Awaited<ReturnType<typeof startSecondInstance>>;

beforeAll(async () => {
  app = await startApp();
  server = await startSecondInstance();
});
afterAll(async () => {
  await server?.stop();
  await app?.close();
});

const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

const print = (figure: string, value: number, unit: string) =>
  process.stdout.write(`${JSON.stringify({ bench: 'newsletter-import-memory', figure, value, unit })}\n`);

const csv = (count: number, prefix: string) =>
  Readable.from(
    (function* lines() {
      yield 'email,locale,name\n';
      for (let i = 0; i < count; i += 1) yield `${prefix}${i}@example.org,${i % 2 ? 'fr' : 'en'},Reader number ${i}\n`;
    })()
  );

it('imports 50,000 lines with a bounded resident set', async () => {
  const admin = await server
    .request()
    .post('/admin/register-admin')
    .send({ email: 'chief@newsreel.test', firstname: 'Chief', lastname: 'Editor', password: PASSWORD });
  const token = admin.body.data.token as string;
  const send = (body: Readable) =>
    fetch(`${server.url}/newsletter/subscribers/import?status=subscribed`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv' },
      body: Readable.toWeb(body) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
  // A small import first, so the baseline includes what any first import loads (code, caches).
  await (await send(csv(2_000, 'warmup'))).json();

  const baseline = rssOf(server.pid);
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssOf(server.pid));
  }, 25);
  const started = Date.now();
  const res = await send(csv(LINES, 'reader'));
  const report = await res.json();
  clearInterval(sampler);
  const seconds = (Date.now() - started) / 1000;

  print('lines', LINES, 'lines');
  print('created', report.created, 'subscribers');
  print('rss-baseline', Math.round(baseline / 2 ** 20), 'MiB');
  print('rss-peak-growth', Math.round(((peak - baseline) / 2 ** 20) * 10) / 10, 'MiB');
  print('duration', Math.round(seconds * 10) / 10, 's');
  expect(res.status).toBe(200);
});
