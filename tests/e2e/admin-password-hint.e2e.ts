import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ROOT, startApp, type TestApp } from '../helpers/app';
import { launchBrowser } from '../helpers/browser';

/*
 * The admin's own password forms state the product's password rules, in English and French,
 * instead of Strapi's stock "at least 8 characters" hint, which the server would contradict.
 */

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  app = await startApp({ serveAdminPanel: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** Screenshots of what a person saw, kept for a look after the run (`.tmp/e2e/`). */
const keep = async (page: Page, name: string) => {
  const dir = path.join(ROOT, '.tmp', 'e2e');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
};

const open = async (path: string, language: 'en' | 'fr'): Promise<Page> => {
  const page = await browser.newPage();
  await page.addInitScript((value) => window.localStorage.setItem('strapi-admin-language', value), language);
  await page.goto(`${app.url}${path}`);
  return page;
};

it.each([
  ['first-admin registration', '/admin/auth/register-admin'],
  ['password reset', '/admin/auth/reset-password?code=not-a-real-code'],
])('shows the enforced rules on the %s form, in English', async (_label, path) => {
  const page = await open(path, 'en');
  const hint = page.getByText('Password rules:');
  await hint.waitFor({ timeout: 60000 });
  const text = (await hint.textContent()) ?? '';
  expect(text).toContain('At least 12 characters');
  expect(text).toContain('At least one symbol');
  expect(await page.locator('body').innerText()).not.toMatch(/at least 8 characters/i);
  await keep(page, `password-hint-${path.split('/')[3].split('?')[0]}-en`);
  await page.close();
});

it('shows them in French for a French admin', async () => {
  const page = await open('/admin/auth/register-admin', 'fr');
  const hint = page.getByText('Règles du mot de passe');
  await hint.waitFor({ timeout: 60000 });
  expect((await hint.textContent()) ?? '').toContain('Au moins 12 caractères');
  expect(await page.locator('body').innerText()).not.toMatch(/au moins 8 caractères/i);
  await keep(page, 'password-hint-register-admin-fr');
  await page.close();
});
