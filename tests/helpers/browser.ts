import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { ADMIN_PASSWORD } from './admin';

/** Debian's Chromium (apt package `chromium`); nothing is downloaded. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless Chromium that makes no calls of its own (updates, sync, metrics): this machine's
 * closed network refuses them, and the tests need only the pages they open.
 */
export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });

/** Saves a full-page screenshot under .tmp/e2e/, to look at the page as staff see it. */
export const keepScreenshot = async (page: Page, name: string) => {
  const dir = path.join(path.resolve(__dirname, '..', '..'), '.tmp', 'e2e');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
};

/** A new page logged in to the admin at `url` as the chief admin, in English or French. */
export const adminLogin = async (browser: Browser, url: string, language?: 'fr', viewport = { width: 1400, height: 1100 }) =>
  adminLoginIn(await browser.newContext({ viewport }), url, language);

/** The same, in `context`: its other pages share the admin session and local storage, as tabs do. */
export const adminLoginIn = async (context: BrowserContext, url: string, language?: 'fr') => {
  const page = await context.newPage();
  if (language) await page.addInitScript((locale) => window.localStorage.setItem('strapi-admin-language', locale), language);
  await page.goto(`${url}/admin/auth/login`);
  await page.locator('input[name=email]').fill('chief@newsreel.test');
  await page.locator('input[name=password]').fill(ADMIN_PASSWORD);
  await page.locator('button[type=submit]').click();
  await page.waitForURL(/\/admin\/?$/, { timeout: 60000 });
  return page;
};
