import type { Browser } from 'playwright-core';
import { registerChief } from '../helpers/admin';
import { startApp, type TestApp } from '../helpers/app';
import { adminLogin, keepScreenshot, launchBrowser } from '../helpers/browser';

/*
 * A story's life in the admin as a French-speaking editor lives it: create a person and a story
 * about them through the French labels, preview the draft on its page (through the signed preview
 * token), publish it, and find it on the public stories page, where the draft never showed.
 */

const PERSON = 'Ingrid Halvorsen';
const TITLE = 'Harbour authority opens its new pilot station';

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  app = await startApp({ serveAdminPanel: true, pages: true });
  await registerChief(app);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

it('creates a person and a story about them, previews the draft, publishes it and finds it on the stories page', async () => {
  const page = await adminLogin(browser, app.url, 'fr', { width: 1600, height: 1100 });
  const base = `${app.url}/admin/content-manager/collection-types`;

  await page.goto(`${base}/api::person.person/create?plugins[i18n][locale]=en`);
  await page.getByRole('textbox', { name: /^Nom complet/ }).fill(PERSON, { timeout: 60000 });
  await page.getByRole('textbox', { name: /^Fonction/ }).fill('Harbour master');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.waitForURL(/api::person\.person\/(?!create)[a-z0-9]+/);
  // Published first, so that the story links a person the public can read.
  await page.getByRole('button', { name: 'Publier' }).click();
  await page.getByText('Publié', { exact: true }).first().waitFor({ timeout: 30000 });

  await page.goto(`${base}/api::article.article/create?plugins[i18n][locale]=en`);
  await page.getByRole('textbox', { name: /^Titre/ }).fill(TITLE, { timeout: 60000 });
  await page.getByText('Le jour où l’événement a eu lieu, pas celui de la publication de l’article.').waitFor();
  const date = page.getByRole('combobox', { name: /^Date de l’événement/ });
  // The date picker takes a typed date when the field loses the focus (Enter would submit the form).
  await date.fill('14/05/2026');
  await date.blur();
  expect(await date.inputValue()).toBe('14/05/2026');
  await page.getByRole('combobox', { name: /^Personnes/ }).click();
  await page.getByRole('option', { name: PERSON }).click();
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.waitForURL(/api::article\.article\/(?!create)[a-z0-9]+/);
  const saved = await app.strapi.db.query('api::article.article').findOne({ where: { title: TITLE }, populate: { people: true } });
  expect(saved.people.map((person: { fullName: string }) => person.fullName)).toEqual([PERSON]);
  expect(saved.date).toBe('2026-05-14');

  // The draft is nowhere in the public API.
  const before = await app.request().get('/api/articles').query({ locale: 'en' }).expect(200);
  expect(JSON.stringify(before.body)).not.toContain(TITLE);

  await page.getByRole('link', { name: 'Ouvrir l’aperçu' }).click();
  const frame = page.frameLocator('iframe');
  await frame.getByText('Draft preview: this version is not published.').waitFor({ timeout: 60000 });
  await frame.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  await frame.getByText(PERSON).waitFor();
  await keepScreenshot(page, 'admin-preview-draft');
  await page.goBack();

  await page.getByRole('button', { name: 'Publier' }).click();
  await page.getByText('Publié', { exact: true }).first().waitFor({ timeout: 30000 });

  const stories = await page.context().newPage();
  await stories.goto(`${app.url}/stories/?lang=en`);
  await stories.getByRole('link', { name: TITLE }).click();
  await stories.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  await stories.getByText(PERSON).waitFor();
});
