import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, openPages, pageLog } from './browser';

/*
 * After each browser test: a screenshot of the last screen of every page still open; after a
 * failure, also the page's HTML and its console log. Kept under tests/e2e/artifacts/ (ignored by
 * git; .ci/run keeps them).
 */

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 90);

afterEach(async () => {
  const test = (globalThis as { __e2eTest?: { name: string; failed: boolean } }).__e2eTest;
  const file = path.basename(expect.getState().testPath ?? 'unknown', '.e2e.ts');
  const dir = path.join(ARTIFACTS, file);
  fs.mkdirSync(dir, { recursive: true });
  const base = slug(test?.name ?? expect.getState().currentTestName ?? 'test');
  const pages = openPages();
  for (const [index, page] of pages.entries()) {
    const name = `${base}${pages.length > 1 ? `-${index + 1}` : ''}`;
    try {
      await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true, timeout: 15000 });
      if (test?.failed) {
        fs.writeFileSync(path.join(dir, `${name}.failed.html`), await page.content());
        fs.writeFileSync(path.join(dir, `${name}.failed.console.txt`), `${page.url()}\n\n${pageLog(page).join('\n')}\n`);
      }
    } catch (error) {
      // A page that crashed or closed meanwhile: say so, and keep what there is.
      fs.writeFileSync(path.join(dir, `${name}.unavailable.txt`), `${(error as Error).message}\n\n${pageLog(page).join('\n')}\n`);
    }
  }
});
