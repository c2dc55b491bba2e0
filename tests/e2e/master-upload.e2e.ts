import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { as, registerChief } from '../helpers/admin';
import { startApp, type TestApp } from '../helpers/app';
import { adminLogin, keepScreenshot, launchBrowser } from '../helpers/browser';
import { generateMaster, sha256OfFile } from '../helpers/uploads';

/*
 * A master uploaded from the video-asset edit view: Uppy sends the parts (local storage: to signed
 * URLs of the server), the progress bar climbs to 100%, then the file is probed and listed ready.
 */

const ASSET = 'api::video-asset.video-asset';

let app: TestApp;
let browser: Browser;
let work: string;
let master: string;
let size: number;
let chief: string;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'newsreel-e2e-master-'));
  master = path.join(work, 'stockholm-visit-1080i.mov');
  size = generateMaster(master, 48); // 199 MB
  app = await startApp({ seed: true, serveAdminPanel: true });
  chief = await registerChief(app);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

/** The edit view of the video asset titled `title`, logged in as the chief, with the upload panel ready. */
const openAsset = async (title: string) => {
  const asset = (await app.strapi.db.query(ASSET).findOne({ where: { title, locale: 'en', publishedAt: null } })) as { documentId: string };
  const page = await adminLogin(browser, app.url, undefined, { width: 1400, height: 1100 });
  await page.goto(`${app.url}/admin/content-manager/collection-types/${ASSET}/${asset.documentId}?plugins[i18n][locale]=en`);
  const panel = page.getByTestId('master-upload');
  await panel.getByRole('button', { name: 'Choose a file to upload' }).waitFor({ timeout: 60000 });
  return { asset, page, panel };
};

it('uploads a 200 MB master from the panel: the progress bar climbs to 100%, then the file is read and ready', async () => {
  const { asset, page, panel } = await openAsset('Secretary General and Prime Minister Kristersson in Stockholm');
  await page.getByTestId('master-upload-input').setInputFiles(master);

  // Read the figures as they change, until the bar reads 100%.
  const seen = new Set<number>();
  const figures = page.getByTestId('master-upload-figures');
  await figures.waitFor({ timeout: 30000 });
  for (const until = Date.now() + 120_000; Date.now() < until; ) {
    const text = (await figures.textContent().catch(() => '')) ?? '';
    const percent = Number(/^(\d+)%/.exec(text)?.[1] ?? NaN);
    if (Number.isFinite(percent)) {
      if (percent > 0 && percent < 100 && ![...seen].some((value) => value > 0 && value < 100)) await keepScreenshot(page, 'master-upload-progress');
      seen.add(percent);
    }
    if (percent === 100 && (await page.getByTestId('master-upload-done').isVisible())) break;
    await page.waitForTimeout(100);
  }
  expect(Math.max(...seen)).toBe(100);
  // The bar climbed: it showed values on the way, not only the end.
  expect([...seen].some((percent) => percent > 0 && percent < 100)).toBe(true);
  await expect(figures.textContent()).resolves.toMatch(/^100% · 199 MB of 199 MB/);
  await expect(page.getByRole('progressbar', { name: 'Upload progress' }).getAttribute('aria-valuenow')).resolves.toBe('100');
  await keepScreenshot(page, 'master-upload-done');

  // Probed in the background; the panel lists it ready.
  await panel.getByTestId('master-upload-recent').getByText(/Broadcast master · stockholm-visit-1080i\.mov · 199 MB · ready/).waitFor({ timeout: 60000 });
  const rows = (await app.strapi.db.query(ASSET).findMany({ where: { documentId: asset.documentId }, populate: { renditions: true } })) as {
    renditions: { kind: string; status: string; checksum: string; width: number }[];
  }[];
  for (const row of rows) {
    expect(row.renditions.find((item) => item.kind === 'broadcast-master')).toMatchObject({
      status: 'ready',
      width: 1920,
      checksum: `sha256:${await sha256OfFile(master)}`,
    });
  }
  expect(size).toBeGreaterThan(190_000_000);
  await keepScreenshot(page, 'master-upload-ready');
});

it('cancels an upload and keeps nothing of it, and says why a file is refused', async () => {
  const { page, panel } = await openAsset('Jens Stoltenberg speaks at the Heritage Foundation');
  await page.getByTestId('master-upload-input').setInputFiles(master);
  await page.getByTestId('master-upload-figures').waitFor({ timeout: 30000 });
  await panel.getByRole('button', { name: 'Cancel the upload' }).click();
  await panel.getByText('The upload was cancelled; nothing of it was kept.').waitFor();
  await panel.getByTestId('master-upload-recent').getByText(/stockholm-visit-1080i\.mov · 199 MB · cancelled/).waitFor({ timeout: 30000 });
  const staging = path.join(app.dir, 'private-media', 'uploads-in-progress');
  expect(fs.existsSync(staging) ? fs.readdirSync(staging) : []).toEqual([]);

  const notes = path.join(work, 'notes.txt');
  fs.writeFileSync(notes, 'Shot list, not a video.');
  await page.getByTestId('master-upload-input').setInputFiles(notes);
  await panel.getByRole('alert').getByText(/^The upload failed: This type of file cannot be uploaded here\. Accepted: \.mxf/).waitFor();
  await keepScreenshot(page, 'master-upload-refused');
});

it('resumes after the tab was closed mid-upload: the same file picked again sends only the parts not yet stored', async () => {
  const { asset, page } = await openAsset('Secretary General and Foreign Minister Wang Yi meet in New York');
  // A second tab of the same browser profile (same admin session and local storage).
  const later = await page.context().newPage();
  await page.getByTestId('master-upload-input').setInputFiles(master);
  const figures = page.getByTestId('master-upload-figures');
  await figures.waitFor({ timeout: 30000 });
  for (;;) {
    const percent = Number(/^(\d+)%/.exec((await figures.textContent()) ?? '')?.[1] ?? 0);
    if (percent >= 30) break;
    await page.waitForTimeout(50);
  }
  await page.close();
  await new Promise((resolve) => setTimeout(resolve, 500));

  // What the server holds: some parts, not all.
  const recent = await app.request().get('/video-masters/uploads').query({ asset: asset.documentId }).set(as(chief));
  const unfinished = recent.body.data[0] as { uploadId: string; status: string };
  expect(unfinished.status).toBe('uploading');
  const held = (await app.request().get(`/video-masters/uploads/${unfinished.uploadId}`).set(as(chief))).body.parts as unknown[];
  const total = Math.ceil(size / (8 * 1024 * 1024));
  expect(held.length).toBeGreaterThan(0);
  expect(held.length).toBeLessThan(total);

  const signed: string[] = [];
  later.on('request', (request) => {
    if (request.method() === 'POST' && /\/video-masters\/uploads\/[0-9a-f-]+\/parts\/\d+$/.test(request.url())) signed.push(request.url());
  });
  await later.goto(`${app.url}/admin/content-manager/collection-types/${ASSET}/${asset.documentId}?plugins[i18n][locale]=en`);
  const panel = later.getByTestId('master-upload');
  await panel.getByRole('button', { name: 'Choose a file to upload' }).waitFor({ timeout: 60000 });
  await later.getByTestId('master-upload-input').setInputFiles(master);
  await later.getByTestId('master-upload-done').waitFor({ timeout: 120000 });
  // The same upload, completed with only the missing parts sent.
  expect(signed.every((url) => url.includes(unfinished.uploadId))).toBe(true);
  expect(signed.length).toBe(total - held.length);
  await panel.getByTestId('master-upload-recent').getByText(/stockholm-visit-1080i\.mov · 199 MB · ready/).waitFor({ timeout: 60000 });
  await keepScreenshot(later, 'master-upload-resumed');
});

it('shows the panel in French', async () => {
  // The asset the resume test uploaded to: its panel lists an upload.
  const asset = (await app.strapi.db.query(ASSET).findOne({ where: { title: 'Secretary General and Foreign Minister Wang Yi meet in New York', locale: 'en', publishedAt: null } })) as {
    documentId: string;
  };
  const page = await adminLogin(browser, app.url, 'fr', { width: 1400, height: 1100 });
  await page.goto(`${app.url}/admin/content-manager/collection-types/${ASSET}/${asset.documentId}?plugins[i18n][locale]=fr`);
  const panel = page.getByTestId('master-upload');
  await panel.getByRole('button', { name: 'Choisir un fichier à envoyer' }).waitFor({ timeout: 60000 });
  await page.getByText('Fichiers vidéo').waitFor();
  await panel.getByText('Fichier', { exact: true }).waitFor();
  await panel.getByText('Master de diffusion', { exact: true }).waitFor();
  // The list of earlier uploads, in French too.
  await panel.getByTestId('master-upload-recent').getByText('Derniers envois').waitFor();
  await panel.getByTestId('master-upload-recent').getByText(/Master de diffusion · stockholm-visit-1080i\.mov · 199\sMo · prêt/).waitFor();
  await keepScreenshot(page, 'master-upload-fr');
});
