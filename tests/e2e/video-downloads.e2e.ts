import type { Browser, Page } from 'playwright-core';
import { createVerifiedAccount } from '../helpers/accounts';
import { registerChief } from '../helpers/admin';
import { startApp, type TestApp } from '../helpers/app';
import { adminLogin, keepScreenshot, launchBrowser } from '../helpers/browser';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/*
 * What staff see of downloads: the records page (filters, in English and French) and the count
 * on a video asset's edit view.
 */

const ASSET = 'api::video-asset.video-asset';

let app: TestApp;
let smtp: SmtpSink;
let browser: Browser;
let asset: { documentId: string; title: string };

const keep = (name: string, shown: Page) => keepScreenshot(shown, name);
const login = (language?: 'fr') => adminLogin(browser, app.url, language, { width: 1400, height: 1000 });

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startApp({ seed: true, serveAdminPanel: true, env: smtp.env() });
  await registerChief(app);
  asset = await app.strapi.db.query(ASSET).findOne({ where: { locale: 'en', publishedAt: { $notNull: true } } });
  const { jwt } = await createVerifiedAccount(app, smtp, 'camera@broadcaster.example', 'Brussels-Desk-2024!');
  for (let i = 0; i < 2; i += 1) {
    await app.request().post(`/api/video-assets/${asset.documentId}/downloads`).set('Authorization', `Bearer ${jwt}`).send({ rendition: 'broadcast-master' }).expect(200);
  }
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await smtp?.close();
});

it('lists who downloaded what, filters the list, and counts downloads on the video asset', async () => {
  const page = await login();
  await page.goto(`${app.url}/admin/plugins/video-masters`);
  await page.getByRole('heading', { name: 'Video downloads' }).waitFor({ timeout: 60000 });
  await page.getByText('2 download links given').waitFor();
  await page.getByText('camera@broadcaster.example').first().waitFor();
  await page.getByText(asset.title).first().waitFor();
  await keep('video-downloads', page);

  await page.getByRole('textbox', { name: 'Account (email or id)' }).fill('nobody@');
  await page.getByText('No download matches these filters.').waitFor();
  await page.getByRole('textbox', { name: 'Account (email or id)' }).fill('camera@');
  await page.getByText('2 download links given').waitFor();

  await page.goto(`${app.url}/admin/content-manager/collection-types/${ASSET}/${asset.documentId}?plugins[i18n][locale]=en`);
  const panel = page.getByTestId('download-counts');
  await panel.getByText('2 download links given').waitFor({ timeout: 60000 });
  await panel.getByText('broadcast-master: 2').waitFor();
  await keep('video-asset-downloads-panel', page);

  // Staff block an account's downloads from its user entry, without deleting it.
  const user = await app.strapi.db.query('plugin::users-permissions.user').findOne({ where: { email: 'camera@broadcaster.example' } });
  await page.goto(`${app.url}/admin/content-manager/collection-types/plugin::users-permissions.user/${user.documentId}`);
  await page.getByText('downloadsBlocked').waitFor({ timeout: 60000 });
});

it('shows the records page in French', async () => {
  const page = await login('fr');
  await page.goto(`${app.url}/admin/plugins/video-masters`);
  await page.getByRole('heading', { name: 'Téléchargements de vidéos' }).waitFor({ timeout: 60000 });
  await page.getByText('2 liens de téléchargement donnés').waitFor();
  await page.getByRole('button', { name: 'Exporter en CSV' }).waitFor();
  await keep('video-downloads-fr', page);
});
