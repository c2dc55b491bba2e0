import type { Browser, Page } from 'playwright-core';
import { registerChief } from '../helpers/admin';
import { startApp, type TestApp } from '../helpers/app';
import { adminLogin, keepScreenshot, launchBrowser } from '../helpers/browser';
import { CAMPAIGN_ENV, importSubscribers, publishStory } from '../helpers/campaigns';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/*
 * The campaigns page as staff use it: write a campaign, see its preview, send a test to oneself,
 * send it and watch the progress reach the end, with the history listing it; then the page in French.
 */

let app: TestApp;
let smtp: SmtpSink;
let browser: Browser;

const keep = (name: string, shown: Page) => keepScreenshot(shown, name);
const login = (language?: 'fr') => adminLogin(browser, app.url, language);

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startApp({ serveAdminPanel: true, env: { ...smtp.env(), ...CAMPAIGN_ENV } });
  const chief = await registerChief(app);
  await publishStory(
    app.strapi,
    { title: 'Harbour pilots train for winter storms', summary: 'A day at sea with the pilots of the northern port.' },
    { title: 'Les pilotes du port s’entraînent aux tempêtes', summary: 'Une journée en mer avec les pilotes du port nord.' }
  );
  await importSubscribers(app, chief, 'email,locale\nreader1@example.org,en\nreader2@example.org,fr\nreader3@example.org,en\n');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await smtp?.close();
});

it('writes a campaign, previews it, sends a test, sends it and shows it finished in the history', async () => {
  const page = await login();
  await page.goto(`${app.url}/admin/plugins/newsletter-campaigns`);
  await page.getByRole('heading', { name: 'Newsletter campaigns' }).waitFor({ timeout: 60000 });
  await page.getByText('No campaign yet.').waitFor();

  await page.getByRole('button', { name: 'New campaign' }).click();
  await page.getByRole('textbox', { name: /^Subject/ }).first().fill('Storm season');
  await page.getByRole('textbox', { name: 'Introduction', exact: true }).fill('Our pilots at sea this week.');
  await page.getByRole('textbox', { name: 'Subject in French' }).fill('La saison des tempêtes');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.getByText('Draft saved. Check the preview, send a test, then send.').waitFor();

  // The preview renders the mail itself, with the story card.
  const preview = page.frameLocator('iframe[title="Preview"]');
  await preview.getByText('Harbour pilots train for winter storms').waitFor();
  // Twice in the mail: the inbox preview line (hidden) and the paragraph.
  await preview.getByText('Our pilots at sea this week.').last().waitFor();
  await keep('newsletter-campaign-draft', page);

  await page.getByRole('button', { name: 'Send a test to me' }).click();
  await page.getByText('A test went to your address, one per language.').waitFor();
  await smtp.waitFor((mail) => mail.subject === '[Test] La saison des tempêtes');

  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await page.getByText('Sending started. Progress shows below.').waitFor();
  await page.getByText('3 sent, 0 failed, of 3 (100%)').waitFor({ timeout: 30000 });
  await page.locator('tbody tr', { hasText: 'Storm season' }).getByText('Sent').waitFor();
  await keep('newsletter-campaign-sent', page);
  expect(smtp.mails.filter((mail) => mail.messageId?.startsWith('<campaign-'))).toHaveLength(3);
  await page.close();
});

afterEach(async () => {
  // What the page showed when a step failed.
  for (const [index, page] of browser.contexts().flatMap((context) => context.pages()).entries()) await keep(`newsletter-campaigns-last-${index}`, page);
});

it('speaks French to a French admin', async () => {
  const page = await login('fr');
  await page.goto(`${app.url}/admin/plugins/newsletter-campaigns`);
  await page.getByRole('heading', { name: 'Campagnes de la lettre' }).waitFor({ timeout: 60000 });
  await page.getByRole('button', { name: 'Nouvelle campagne' }).waitFor();
  await page.getByText('Historique').waitFor();
  await page.locator('tbody tr', { hasText: 'Storm season' }).getByText('Envoyée').waitFor();
  await keep('newsletter-campaigns-fr', page);
  await page.close();
});
