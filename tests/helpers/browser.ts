import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { ADMIN_PASSWORD } from './admin';

/** Debian's Chromium (apt package `chromium`); nothing is downloaded. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the browser tests keep screenshots, and a failure's HTML and console log (git-ignored). */
export const ARTIFACTS = path.resolve(__dirname, '..', 'e2e', 'artifacts');

/** Pages of the browsers launched here, in the order they opened, with their console lines. */
const pages: Page[] = [];
const logs = new WeakMap<Page, string[]>();

const track = (page: Page) => {
  const log: string[] = [];
  logs.set(page, log);
  pages.push(page);
  const at = () => new Date().toISOString();
  page.on('console', (message) => log.push(`${at()} [${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => log.push(`${at()} [pageerror] ${error.message}`));
  // Addresses without query or fragment: signed links and tokens stay out of the artefacts.
  const address = (url: string) => url.split(/[?#]/)[0];
  page.on('requestfailed', (request) => log.push(`${at()} [requestfailed] ${request.method()} ${address(request.url())} ${request.failure()?.errorText ?? ''}`));
  page.on('response', (response) => {
    if (response.status() >= 400) log.push(`${at()} [response] ${response.status()} ${response.request().method()} ${address(response.url())}`);
  });
  page.on('close', () => pages.splice(pages.indexOf(page), 1));
};

/** The pages still open, oldest first (tests/helpers/e2e-artifacts.ts shoots them after each test). */
export const openPages = (): Page[] => pages.filter((page) => !page.isClosed());

/** The console messages, page errors and failed requests of `page`. */
export const pageLog = (page: Page): string[] => logs.get(page) ?? [];

/**
 * Headless Chromium that makes no calls of its own (updates, sync, metrics): this machine's
 * closed network refuses them, and the tests need only the pages they open. Every page it opens
 * is tracked for the artefacts kept after each test.
 */
export const launchBrowser = async (): Promise<Browser> => {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...options: Parameters<Browser['newContext']>) => {
    const context = await newContext(...options);
    context.on('page', track);
    return context;
  };
  return browser;
};

/** Saves a full-page screenshot under tests/e2e/artifacts/, to look at the page as people see it. */
export const keepScreenshot = async (page: Page, name: string) => {
  const dir = path.join(ARTIFACTS, 'screens');
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
