import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startApp, type TestApp } from '../helpers/app';
import { launchBrowser } from '../helpers/browser';
import { publishStory } from '../helpers/campaigns';

/*
 * A story link works whatever the reader's language: the slug is found in any language, the
 * reader's language version is shown when there is one (its slug put in the address), and the
 * original otherwise, with a note, in English and in French.
 */

const ARTICLE = 'api::article.article';

let app: TestApp;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** A sample story published in both languages. */
let both: { en: { slug: string; title: string }; fr: { slug: string; title: string } };
/** A story published in English only. */
let englishOnly: { slug: string; title: string };

const open = async (locale: string): Promise<Page> => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale });
  contexts.push(context);
  return context.newPage();
};
const slugInAddress = (page: Page) => new URL(page.url()).searchParams.get('slug');
const linkOf = (entry: { slug?: string | null; title?: string | null } | null) => ({ slug: String(entry?.slug), title: String(entry?.title) });

beforeAll(async () => {
  app = await startApp({ seed: true, pages: true });
  browser = await launchBrowser();
  const [en] = await app.strapi.documents(ARTICLE).findMany({ locale: 'en', status: 'published', limit: 1 });
  const fr = await app.strapi.documents(ARTICLE).findOne({ documentId: en.documentId, locale: 'fr', status: 'published' });
  both = { en: linkOf(en), fr: linkOf(fr) };
  const documentId = await publishStory(app.strapi, { title: 'Harbour pilots train on a new simulator', summary: 'A week of night exercises.' });
  const only = await app.strapi.documents(ARTICLE).findOne({ documentId, locale: 'en', status: 'published' });
  englishOnly = linkOf(only);
});
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

it('opens an English link in a French browser in French, with the French slug in the address', async () => {
  const page = await open('fr-FR');
  await page.goto(`${app.url}/stories/story.html?slug=${both.en.slug}`);
  await page.getByRole('heading', { level: 1, name: both.fr.title }).waitFor();
  expect(slugInAddress(page)).toBe(both.fr.slug);
  expect(await page.locator('#story-language').isHidden()).toBe(true);
  expect(await page.locator('#story-status').textContent()).toBe('');
});

it('opens an English link with ?lang=fr in French, and a French link in an English browser in English', async () => {
  const french = await open('en-GB');
  await french.goto(`${app.url}/stories/story.html?slug=${both.en.slug}&lang=fr`);
  await french.getByRole('heading', { level: 1, name: both.fr.title }).waitFor();
  expect(slugInAddress(french)).toBe(both.fr.slug);
  expect(new URL(french.url()).searchParams.get('lang')).toBe('fr');

  const english = await open('en-GB');
  await english.goto(`${app.url}/stories/story.html?slug=${both.fr.slug}`);
  await english.getByRole('heading', { level: 1, name: both.en.title }).waitFor();
  expect(slugInAddress(english)).toBe(both.en.slug);
});

it('shows a story that has no French version in English to a French reader, with a note in French', async () => {
  const page = await open('fr-FR');
  await page.goto(`${app.url}/stories/story.html?slug=${englishOnly.slug}`);
  await page.getByRole('heading', { level: 1, name: englishOnly.title }).waitFor();
  await page.getByText('Ce reportage n’est pas disponible en français ; voici la version originale, en anglais.').waitFor();
  expect(await page.locator('#story').getAttribute('lang')).toBe('en');
  expect(slugInAddress(page)).toBe(englishOnly.slug);

  // Switching to English keeps the story and drops the note; back to French brings it again.
  await page.getByRole('button', { name: 'Read in English' }).click();
  await page.locator('#story-language').waitFor({ state: 'hidden' });
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(englishOnly.title);
  await page.getByRole('button', { name: 'Lire en français' }).click();
  await page.getByText('Ce reportage n’est pas disponible en français', { exact: false }).waitFor();
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(englishOnly.title);
});

it('says so in English when an English reader opens a story that exists in French only', async () => {
  const [en] = await app.strapi.documents(ARTICLE).findMany({ locale: 'en', status: 'published', filters: { slug: both.en.slug } });
  await app.strapi.documents(ARTICLE).unpublish({ documentId: en.documentId, locale: 'en' });
  try {
    const page = await open('en-GB');
    await page.goto(`${app.url}/stories/story.html?slug=${both.fr.slug}`);
    await page.getByRole('heading', { level: 1, name: both.fr.title }).waitFor();
    await page.getByText('This story is not available in English; here is the original, in French.').waitFor();
    expect(await page.locator('#story').getAttribute('lang')).toBe('fr');
  } finally {
    await app.strapi.documents(ARTICLE).publish({ documentId: en.documentId, locale: 'en' });
  }
});

it('still says that a story does not exist when no language has its slug', async () => {
  const page = await open('fr-FR');
  await page.goto(`${app.url}/stories/story.html?slug=no-such-story`);
  await page.getByText('Ce reportage n’existe pas ou n’est plus publié.').waitFor();
  expect(await page.locator('#story').isHidden()).toBe(true);
});
