import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ROOT, startApp, type TestApp } from '../helpers/app';
import { launchBrowser } from '../helpers/browser';

/*
 * The newsletter page of the admin, as staff use it: counts and the table, a CSV import from the
 * file picker with its report shown, and a search.
 */

const PASSWORD = 'Newsroom-Desk-2024!';

let app: TestApp;
let browser: Browser;
let page: Page;

const keep = async (name: string, shown: Page = page) => {
  const dir = path.join(ROOT, '.tmp', 'e2e');
  fs.mkdirSync(dir, { recursive: true });
  await shown.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
};

beforeAll(async () => {
  app = await startApp({ serveAdminPanel: true });
  await app
    .request()
    .post('/admin/register-admin')
    .send({ email: 'chief@newsreel.test', firstname: 'Chief', lastname: 'Editor', password: PASSWORD })
    .expect(200);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`${app.url}/admin/auth/login`);
  await page.getByLabel('Email').fill('chief@newsreel.test');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.waitForURL(/\/admin\/?$/, { timeout: 60000 });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

it('imports a CSV from the page, shows the report, and lists and searches the subscribers', async () => {
  await page.goto(`${app.url}/admin/plugins/newsletter`);
  await page.getByRole('heading', { name: 'Newsletter subscribers' }).waitFor({ timeout: 60000 });
  await page.getByText('No subscriber matches.').waitFor();

  const csv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'newsreel-e2e-')), 'readers.csv');
  fs.writeFileSync(csv, 'email,locale,name\nana@example.org,fr,Ana Reporter\nbo@example.org,en,Bo Writer\nbroken-line,en,Nobody\n');
  await page.locator('input[type=file]').setInputFiles(csv);
  await page.getByText('Import done: 2 created, 0 updated, 0 skipped, 0 refused (suppressed or erased), 1 line(s) with errors.').waitFor();
  await page.getByText('Line 4: "broken-line" is not an email address').waitFor();
  await page.locator('td', { hasText: 'ana@example.org' }).waitFor();
  expect(await page.getByTestId('count-subscribed').textContent()).toBe('2');
  await keep('newsletter-admin-import');

  await page.getByPlaceholder('Search by email or name').fill('Bo Wr');
  await page.locator('td', { hasText: 'bo@example.org' }).waitFor();
  await page.locator('td', { hasText: 'ana@example.org' }).waitFor({ state: 'detached' });
  await keep('newsletter-admin-search');
});

it('speaks French to a French admin', async () => {
  const french = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await french.addInitScript(() => window.localStorage.setItem('strapi-admin-language', 'fr'));
  // A new page has its own storage: log in again, in French.
  await french.goto(`${app.url}/admin/auth/login`);
  await french.getByLabel('Email').fill('chief@newsreel.test');
  await french.getByLabel('Mot de passe').fill(PASSWORD);
  await french.locator('button[type=submit]').click();
  await french.waitForURL(/\/admin\/?$/, { timeout: 60000 });
  // Opened directly, with the user's permissions arriving late (as on a slow link): the import
  // button must still appear once they arrive.
  await french.route('**/admin/users/me/permissions', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await french.goto(`${app.url}/admin/plugins/newsletter`);
  await french.getByRole('heading', { name: 'Abonnés à la lettre' }).waitFor({ timeout: 60000 });
  await french.getByRole('button', { name: 'Importer un CSV' }).waitFor();
  await french.getByRole('button', { name: 'Exporter en CSV' }).waitFor();
  await french.getByText('2 abonné·es correspondent').waitFor();
  await keep('newsletter-admin-fr', french);
  await french.close();
});
