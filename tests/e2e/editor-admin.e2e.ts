import type { Browser, Page } from 'playwright-core';
import { ADMIN_LABELS } from '../../src/admin-labels/labels';
import { createVerifiedAccount } from '../helpers/accounts';
import { registerChief } from '../helpers/admin';
import { startApp, type TestApp } from '../helpers/app';
import { adminLogin, keepScreenshot, launchBrowser } from '../helpers/browser';
import { CAMPAIGN_ENV, type Campaign, campaignUntil, finished, importSubscribers, publishStory, startCampaign } from '../helpers/campaigns';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/*
 * The editor's admin (issue 13): field labels and help texts in French and English, the list
 * columns of articles and video assets, and the home page's campaign and downloads widgets.
 */

const ARTICLE = 'api::article.article';
const PERSON = 'api::person.person';
const ASSET = 'api::video-asset.video-asset';
const CM = '/admin/content-manager/collection-types';
const FR = ADMIN_LABELS;

let app: TestApp;
let smtp: SmtpSink;
let browser: Browser;
let campaign: Campaign & { subject: string };
/** A seeded story, with its people. */
let story: { documentId: string; title: string; date: string; people: { fullName: string }[] };
/** A seeded video, given a known duration and an embargo. */
let embargoed: { title: string; embargoUntil: string };
const DOWNLOADS = 2;

const keep = (name: string, shown: Page) => keepScreenshot(shown, name);
/** A field's label: its text, the star of a required field, the space after a relation's. */
const label = (page: Page, text: string) => page.getByText(new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\*?\\s*$`));
const login = (language?: 'fr') => adminLogin(browser, app.url, language, { width: 1400, height: 1000 });

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startApp({ seed: true, serveAdminPanel: true, env: { ...smtp.env(), ...CAMPAIGN_ENV } });
  const chief = await registerChief(app);

  story = await app.strapi.db.query(ARTICLE).findOne({ where: { locale: 'en', publishedAt: null }, orderBy: { id: 'asc' }, populate: { people: true } });

  // Two download links given today, for the widget to count.
  const assets = (await app.strapi.db.query(ASSET).findMany({ where: { locale: 'en', publishedAt: { $notNull: true } }, orderBy: { id: 'asc' } })) as { documentId: string }[];
  const { jwt } = await createVerifiedAccount(app, smtp, 'camera@broadcaster.example', 'Brussels-Desk-2024!');
  for (let i = 0; i < DOWNLOADS; i += 1) {
    await app.request().post(`/api/video-assets/${assets[0].documentId}/downloads`).set('Authorization', `Bearer ${jwt}`).send({ rendition: 'broadcast-master' }).expect(200);
  }

  // The draft of another video gets a duration over an hour and an embargo (the list shows drafts).
  const documents = app.strapi.documents(ASSET);
  const draft = (await documents.findOne({ documentId: assets[1].documentId, locale: 'en', populate: ['technical'] })) as unknown as {
    title: string;
    technical: Record<string, unknown> & { id?: number };
  };
  const { id: _id, ...technical } = draft.technical;
  await documents.update({ documentId: assets[1].documentId, locale: 'en', data: { technical: { ...technical, durationSeconds: 3725.4 }, embargoUntil: '2031-03-14T09:00:00.000Z' } as never });
  embargoed = { title: draft.title, embargoUntil: '2031-03-14T09:00:00.000Z' };

  // A campaign sent to the end.
  const article = await publishStory(app.strapi, { title: 'Harbour pilots train for winter storms' });
  await importSubscribers(app, chief, 'email,locale\nreader1@example.org,en\nreader2@example.org,fr\nreader3@example.org,en\n');
  const id = await startCampaign(app, chief, {
    subject: 'Storm season',
    intro: 'Our pilots at sea this week.',
    translations: { fr: { subject: 'La saison des tempêtes', intro: 'Nos pilotes en mer cette semaine.' } },
    selection: { articles: [article] },
  });
  campaign = { ...(await campaignUntil(app, chief, id, finished)), subject: 'Storm season' };

  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await smtp?.close();
});

it('labels the article and person forms in French, with help texts, components included', async () => {
  const page = await login('fr');
  await page.goto(`${app.url}${CM}/${ARTICLE}/create?plugins[i18n][locale]=en`);
  await label(page, FR[ARTICLE].fields.date.fr).waitFor({ timeout: 60000 });
  await keep('editor-admin-article-create-fr', page);
  for (const field of ['title', 'slug', 'summary', 'people', 'meeting', 'topics'] as const) {
    await label(page, FR[ARTICLE].fields[field].fr).first().waitFor();
  }
  await page.getByText(FR[ARTICLE].fields.date.helpFr).waitFor();
  await page.getByText(FR[ARTICLE].fields.slug.helpFr as string).waitFor();
  await keep('editor-admin-article-create-fr', page);

  await page.goto(`${app.url}${CM}/${PERSON}/create?plugins[i18n][locale]=en`);
  await label(page, FR[PERSON].fields.fullName.fr).waitFor({ timeout: 60000 });
  await label(page, FR[PERSON].fields.role.fr).waitFor();
  await label(page, FR[PERSON].fields.countryCode.fr).waitFor();
  // Beside the length the Content Manager states for a field with a maximum.
  await page.getByText(FR[PERSON].fields.countryCode.helpFr as string).waitFor();
  await page.getByText('max. 160 caractères').waitFor();
  await page.getByText(FR[PERSON].fields.honorific.helpFr as string).waitFor();
  await keep('editor-admin-person-create-fr', page);

  // A component's fields, on a story that has a place.
  await page.goto(`${app.url}${CM}/${ARTICLE}/${story.documentId}?plugins[i18n][locale]=en`);
  await label(page, FR['shared.location'].fields.city.fr).waitFor({ timeout: 60000 });
  await page.getByText(FR['shared.location'].fields.countryCode.helpFr as string).waitFor();
  await keep('editor-admin-article-edit-fr', page);
  // No English is left where a French text exists.
  expect(await page.getByText(FR[ARTICLE].fields.date.helpEn as string).count()).toBe(0);
  expect(await page.getByText('people', { exact: true }).count()).toBe(0);
});

it('labels the forms in English for English-speaking staff', async () => {
  const page = await login();
  await page.goto(`${app.url}${CM}/${ASSET}/create?plugins[i18n][locale]=en`);
  await label(page, 'Terms of use').waitFor({ timeout: 60000 });
  await label(page, 'Embargo until').waitFor();
  await page.getByText(FR[ASSET].fields.embargoUntil.helpEn).waitFor();
  await page.getByText(FR[ASSET].fields.credit.helpEn).waitFor();
  expect(await page.getByText('usageTerms').count()).toBe(0);
  expect(await page.getByText('embargoUntil').count()).toBe(0);
  await keep('editor-admin-video-create-en', page);
});

it('lists stories by title, date, people and status, and videos with their duration and embargo', async () => {
  // A desk screen: the status column sits after i18n's languages, in view from about 1600 pixels.
  const page = await adminLogin(browser, app.url, 'fr', { width: 1600, height: 1000 });
  await page.goto(`${app.url}${CM}/${ARTICLE}?plugins[i18n][locale]=en`);
  const head = page.locator('thead');
  await head.getByText('Date de l’événement').waitFor({ timeout: 60000 });
  await head.getByText('Personnes').waitFor();
  await head.getByText('Titre').waitFor();
  await head.getByText('Statut').waitFor();
  await head.getByText('Langues').waitFor();
  const row = page.getByRole('row').filter({ hasText: story.title });
  const day = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(story.date));
  await row.getByText(day).waitFor();
  const status = await row.getByText('Publié', { exact: true }).boundingBox();
  expect(status && status.x + status.width).toBeLessThan(1600);
  await keep('editor-admin-article-list-fr', page);
  // The people cell opens on their names.
  await row.getByRole('button', { name: `${story.people.length} éléments` }).click();
  await page.getByRole('menuitem', { name: story.people[0].fullName }).waitFor();

  await page.goto(`${app.url}${CM}/${ASSET}?plugins[i18n][locale]=en`);
  await page.locator('thead').getByText('Durée').waitFor({ timeout: 60000 });
  await page.locator('thead').getByText('Sous embargo jusqu’au').waitFor();
  const video = page.getByRole('row').filter({ hasText: embargoed.title });
  await video.getByText('1:02:05', { exact: true }).waitFor();
  await video.getByText(new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(embargoed.embargoUntil))).waitFor();
  // Every other video shows its own duration, read from its master, as m:ss or h:mm:ss.
  const durations = await page.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.querySelectorAll('td')[2]?.textContent ?? ''));
  expect(durations.length).toBeGreaterThan(1);
  for (const duration of durations) expect(duration).toMatch(/^(\d+:)?\d{1,2}:\d{2}$/);
  await keep('editor-admin-video-list-fr', page);
});

it('shows the last campaign and this week’s downloads on the home page', async () => {
  expect(campaign.sent).toBeGreaterThan(0);
  const page = await login('fr');
  await page.getByText('Dernière campagne').waitFor({ timeout: 60000 });
  const last = page.getByTestId('last-campaign-widget');
  await last.getByText(campaign.subject).waitFor();
  await last.getByText(`${campaign.sent} sur ${campaign.total} envoyés (100 %)`).waitFor();
  await expect(last.getByRole('progressbar').getAttribute('aria-valuenow')).resolves.toBe('100');
  await last.getByText('Envoyée').waitFor();
  await last.getByText(/^Terminée le /).waitFor();

  await page.getByText('Téléchargements de la semaine').waitFor();
  await page.getByTestId('downloads-week-widget').getByText('liens de téléchargement donnés ces 7 derniers jours').waitFor();
  await expect(page.getByTestId('downloads-week-count').textContent()).resolves.toBe(String(DOWNLOADS));
  // The home page scrolls inside its own frame: the full-page screenshot shows what is in view.
  await page.getByTestId('downloads-week-widget').scrollIntoViewIfNeeded();
  await keep('editor-admin-home-fr', page);

  await page.getByRole('link', { name: 'Voir les campagnes' }).click();
  await page.waitForURL(/\/admin\/plugins\/newsletter-campaigns$/);
});
