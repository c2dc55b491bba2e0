import type { Browser, BrowserContext } from 'playwright-core';
import { recipient } from '../helpers/accounts';
import { startApp, type TestApp } from '../helpers/app';
import { launchBrowser } from '../helpers/browser';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/*
 * The landing pages of the newsletter's mails, as a reader meets them: the confirmation link, then
 * the unsubscribe link of the welcome mail. Opening a page changes nothing; its button does.
 */

let app: TestApp;
let smtp: SmtpSink;
let browser: Browser;
let context: BrowserContext;

const status = async (email: string) =>
  ((await app.strapi.db.query('plugin::newsletter.subscriber').findOne({ where: { email } })) as { status: string }).status;
/** The page link of a mail (`…html#token=…`), from its text part. */
const linkIn = (text: string | undefined, page: string) => new RegExp(`(https?://\\S+/newsletter/${page}\\.html#token=[\\w.-]+)`).exec(text ?? '')![1];

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startApp({ pages: true, env: smtp.env() });
  browser = await launchBrowser();
});
beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1000, height: 800 }, locale: 'fr-FR' });
});
afterEach(async () => {
  await context.close();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await smtp?.close();
});

it('confirms a subscription with its button, then unsubscribes with the welcome mail\'s button, never on opening', async () => {
  const email = 'lectrice@example.org';
  const since = smtp.mails.length;
  await app.request().post('/api/newsletter/subscribe').send({ email, locale: 'fr' }).expect(202);
  const confirmation = await smtp.waitFor((mail) => smtp.mails.indexOf(mail) >= since && recipient(mail) === email);

  const page = await context.newPage();
  await page.goto(linkIn(confirmation.text, 'confirm'));
  await page.getByRole('heading', { name: 'Lettre Newsreel' }).waitFor();
  // Opening the link (as a mail scanner would) confirms nothing.
  expect(await status(email)).toBe('pending');
  const welcomeSince = smtp.mails.length;
  await page.getByRole('button', { name: 'Confirmer mon abonnement' }).click();
  await page.getByText('Vous êtes abonné·e. La prochaine lettre vous parviendra.').waitFor();
  expect(await status(email)).toBe('subscribed');

  const welcome = await smtp.waitFor((mail) => smtp.mails.indexOf(mail) >= welcomeSince && recipient(mail) === email);
  await page.goto(linkIn(welcome.text, 'unsubscribe'));
  await page.getByRole('heading', { name: 'Quitter la lettre Newsreel' }).waitFor();
  expect(await status(email)).toBe('subscribed');
  // The page reads in English at a click, and the button still works.
  await page.getByRole('button', { name: 'Read in English' }).click();
  await page.getByRole('button', { name: 'Unsubscribe' }).click();
  await page.getByText('You will not receive the newsletter any more.').waitFor();
  expect(await status(email)).toBe('unsubscribed');
});

it('says so when a link is broken or its token is missing', async () => {
  const page = await context.newPage();
  await page.goto(`${app.url}/newsletter/confirm.html#token=not-a-real-token`);
  await page.getByRole('button', { name: 'Confirmer mon abonnement' }).click();
  await page.getByText('Ce lien n’est pas valable ou a expiré.', { exact: false }).waitFor();

  await page.goto(`${app.url}/newsletter/unsubscribe.html`);
  await page.getByText('Cette page a besoin du lien de votre message.', { exact: false }).waitFor();
  expect(await page.getByRole('button', { name: 'Me désabonner' }).isDisabled()).toBe(true);
});
