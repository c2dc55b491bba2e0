import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { as, registerChief } from '../helpers/admin';
import { startApp, type TestApp } from '../helpers/app';
import { arfComplaint, type Original, postfixDsn } from '../helpers/bounces';
import { adminLogin, keepScreenshot, launchBrowser } from '../helpers/browser';
import { CAMPAIGN_ENV, campaignUntil, finished, importSubscribers, publishStory, startCampaign } from '../helpers/campaigns';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/*
 * Deliverability in the admin, as staff meet it: a campaign goes out, one address hard-bounces
 * (a real Postfix DSN through the inbound route); in French, the list says why and since when the
 * address is suppressed, its history shows the bounce with the server's reply, and a lift through
 * the confirmation dialog brings it back, recorded in the history. The campaign shows its bounce,
 * and a complaint rate above 0.3 % raises the warning, in English and French.
 */

const INBOUND_TOKEN = 'inbound-token-for-e2e-tests-0123456789';
const BOUNCED = 'bounced@example.net';
const FINE = 'fine@example.net';

let app: TestApp;
let smtp: SmtpSink;
let browser: Browser;
let campaignId: number;
let chief: string;
/** The campaign mail each reader got, as the relay received it. */
const originals = new Map<string, Original>();

const keep = (name: string, shown: Page) => keepScreenshot(shown, name);
const login = async (language?: 'fr') => {
  const page = await adminLogin(browser, app.url, language);
  // Screenshots of dialogs show them opened, not halfway through their fade-in.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  return page;
};
const inbound = (body: string) =>
  app.request().post('/api/newsletter/events/inbound').set('Authorization', `Bearer ${INBOUND_TOKEN}`).set('Content-Type', 'message/rfc822').send(body);
const rowOf = (page: Page, email: string): Locator => page.locator('tbody tr', { hasText: email });

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startApp({
    serveAdminPanel: true,
    env: { ...smtp.env(), ...CAMPAIGN_ENV, NEWSLETTER_INBOUND_TOKEN: INBOUND_TOKEN, NEWSLETTER_BOUNCE_ADDRESS: 'bounces@news.example.org' },
  });
  chief = await registerChief(app);
  const story = await publishStory(app.strapi, { title: 'Harbour authority opens a new ferry line', summary: 'Twelve crossings a day.' });
  await importSubscribers(app, chief, `email,locale,name\n${BOUNCED},en,Bea Bounce\n${FINE},en,Finn Fine\n`);
  campaignId = await startCampaign(app, chief, { subject: 'Ferry news', locale: 'en', selection: { articles: [story] } });
  await campaignUntil(app, chief, campaignId, finished);
  for (const email of [BOUNCED, FINE]) {
    const mail = await smtp.waitFor((m) => m.messageId?.startsWith(`<campaign-${campaignId}.`) === true && smtp.sourceOf(m).rcptTo.includes(email));
    const { raw, mailFrom } = smtp.sourceOf(mail);
    originals.set(email, { raw, mailFrom, rcptTo: email });
  }
  const bounce = postfixDsn(originals.get(BOUNCED)!, {
    status: '5.1.1',
    diagnostic: `550 5.1.1 <${BOUNCED}>: Recipient address rejected: User unknown`,
  });
  await inbound(bounce).expect(202);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await smtp?.close();
});

it('shows a French admin why an address is suppressed, its bounce, and lifts the suppression after confirming', async () => {
  const page = await login('fr');
  await page.goto(`${app.url}/admin/plugins/newsletter`);
  await page.getByRole('heading', { name: 'Abonnés à la lettre' }).waitFor({ timeout: 60000 });

  // The row says suppressed, why, and since which day (in the viewer's language).
  const row = rowOf(page, BOUNCED);
  await row.getByText('Exclu·e', { exact: true }).waitFor();
  expect(await row.getByTestId('suppression').textContent()).toMatch(/^rebond définitif · \d{1,2}\s\S+\s\d{4}$/);
  await rowOf(page, FINE).getByText('Abonné·e', { exact: true }).waitFor();
  await keep('newsletter-deliverability-list-fr', page);

  await page.getByRole('button', { name: `Historique de ${BOUNCED}` }).click();
  const panel = page.getByRole('dialog');
  await panel.getByRole('heading', { name: `Historique de ${BOUNCED}` }).waitFor();
  const bounce = panel.getByTestId('history-event').first();
  await bounce.getByText('Rebond définitif').waitFor();
  await bounce.getByText('550 5.1.1', { exact: false }).waitFor();
  await bounce.getByText('Boîte des rebonds').waitFor();
  await bounce.getByText('Ferry news').waitFor();
  await bounce.getByText('5.1.1', { exact: true }).waitFor();
  await bounce.getByText('Adresse exclue').waitFor();
  await panel.getByText(/^rebond définitif · /).waitFor();
  await keep('newsletter-deliverability-history-fr', page);

  await panel.getByRole('button', { name: 'Lever la suppression' }).click();
  const confirm = page.getByRole('alertdialog');
  await confirm.getByText('Lever la suppression ?').waitFor();
  await confirm.getByText(`Les envois vers ${BOUNCED} reprendront.`, { exact: false }).waitFor();
  await keep('newsletter-deliverability-lift-fr', page);
  await confirm.getByRole('button', { name: 'Lever la suppression' }).click();
  await confirm.waitFor({ state: 'detached' });

  await panel.getByText('Suppression levée. Nouveau statut : Abonné·e.').waitFor();
  const lifted = panel.getByTestId('history-event').first();
  await lifted.getByText('Suppression levée').waitFor();
  await lifted.getByText('Statut rétabli : Abonné·e').waitFor();
  await lifted.getByText('Vous', { exact: true }).waitFor();
  await lifted.getByText('rebond définitif').waitFor();
  expect(await panel.getByTestId('history-event').count()).toBe(2);
  expect(await panel.getByRole('button', { name: 'Lever la suppression' }).count()).toBe(0);
  // The list behind the panel shows the new status too.
  await rowOf(page, BOUNCED).getByText('Abonné·e', { exact: true }).waitFor();
  expect(await rowOf(page, BOUNCED).getByTestId('suppression').count()).toBe(0);
  await keep('newsletter-deliverability-lifted-fr', page);

  const subscriber = await app.strapi.db.query('plugin::newsletter.subscriber').findOne({ where: { email: BOUNCED } });
  expect(subscriber).toMatchObject({ status: 'subscribed', suppressionReason: null });
  await page.close();
});

it('shows the history in English, and says so when an address has none', async () => {
  const page = await login();
  await page.goto(`${app.url}/admin/plugins/newsletter`);
  await page.getByRole('heading', { name: 'Newsletter subscribers' }).waitFor({ timeout: 60000 });

  // A click on the row opens the history too.
  await rowOf(page, FINE).getByText(FINE).click();
  const panel = page.getByRole('dialog');
  await panel.getByText('Nothing to report: no bounce or complaint has come back for this address.').waitFor();
  await keep('newsletter-deliverability-empty-en', page);
  await panel.getByRole('button', { name: 'Close' }).first().click();
  await panel.waitFor({ state: 'detached' });

  await page.getByRole('button', { name: `History of ${BOUNCED}` }).click();
  await panel.getByTestId('history-event').nth(1).getByText('Hard bounce').waitFor();
  await panel.getByText('Status restored: Subscribed').waitFor();
  await panel.getByText('550 5.1.1', { exact: false }).waitFor();
  await keep('newsletter-deliverability-history-en', page);
  await page.close();
});

it('shows each campaign its bounces and complaints, and warns past 0.3 % complaints', async () => {
  const page = await login();
  await page.goto(`${app.url}/admin/plugins/newsletter-campaigns`);
  await page.getByRole('heading', { name: 'Newsletter campaigns' }).waitFor({ timeout: 60000 });
  const row = rowOf(page, 'Ferry news');
  await row.getByText('1 hard, 0 soft').waitFor();
  await row.getByText('0 (0.00%)').waitFor();
  await row.click();
  await page.getByTestId('campaign-hard').getByText('1', { exact: true }).waitFor();
  expect(await page.getByTestId('campaign-soft').textContent()).toBe('0');
  expect(await page.getByTestId('campaign-rate').textContent()).toBe('0.00%');
  expect(await page.getByRole('alert').filter({ hasText: 'Complaint rate above 0.30%' }).count()).toBe(0);

  // One complaint out of two mails sent: 50 %, far past what Gmail and Yahoo accept.
  await inbound(arfComplaint(originals.get(FINE)!)).expect(202);
  await page.reload();
  await rowOf(page, 'Ferry news').getByText('1 (50.00%)').waitFor({ timeout: 60000 });
  await rowOf(page, 'Ferry news').getByText('Above 0.30%').waitFor();
  await rowOf(page, 'Ferry news').click();
  await page.getByText('Complaint rate above 0.30%').waitFor();
  await page.getByText('Gmail and Yahoo ask bulk senders to keep spam complaints below 0.3%', { exact: false }).waitFor();
  await keep('newsletter-deliverability-campaign-en', page);
  await rowOf(page, 'Ferry news').scrollIntoViewIfNeeded();
  await keep('newsletter-deliverability-campaign-list-en', page);

  // The complaint suppressed the reader.
  await page.goto(`${app.url}/admin/plugins/newsletter`);
  await rowOf(page, FINE).getByText(/^spam complaint · /).waitFor({ timeout: 60000 });
  await keep('newsletter-deliverability-complaint-en', page);
  await page.close();

  const french = await login('fr');
  await french.goto(`${app.url}/admin/plugins/newsletter-campaigns`);
  await french.getByRole('heading', { name: 'Campagnes de la lettre' }).waitFor({ timeout: 60000 });
  await rowOf(french, 'Ferry news').getByText('1 définitif, 0 temporaire').waitFor();
  await rowOf(french, 'Ferry news').getByText(/^Au-delà de 0,30[\u00a0\u202f]%$/).waitFor();
  await rowOf(french, 'Ferry news').click();
  await french.getByText(/^Taux de plaintes supérieur à 0,30[\u00a0\u202f]%$/).waitFor();
  expect(await french.getByTestId('campaign-rate').textContent()).toMatch(/^50,00[\u00a0\u202f]%$/);
  await keep('newsletter-deliverability-campaign-fr', french);
  await rowOf(french, 'Ferry news').scrollIntoViewIfNeeded();
  await keep('newsletter-deliverability-campaign-list-fr', french);

  // The list says why the reader is suppressed, and an import cannot bring them back.
  await french.goto(`${app.url}/admin/plugins/newsletter`);
  await rowOf(french, FINE).getByText(/^plainte pour spam · /).waitFor({ timeout: 60000 });
  const csv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'newsreel-e2e-')), 'readers.csv');
  fs.writeFileSync(csv, `email,locale\n${FINE},en\nnew-reader@example.net,fr\n`);
  await french.locator('input[type=file]').setInputFiles(csv);
  await french.getByText('Import terminé : 1 créé, 0 mis à jour, 0 ignoré, 1 refusé (adresses exclues ou effacées), 0 ligne en erreur.').waitFor();
  await rowOf(french, FINE).getByText('Exclu·e', { exact: true }).waitFor();
  await keep('newsletter-deliverability-complaint-fr', french);
  await french.close();
});

it('shows the server’s answer when someone else lifted the suppression first', async () => {
  const page = await login('fr');
  await page.goto(`${app.url}/admin/plugins/newsletter`);
  await page.getByRole('button', { name: `Historique de ${FINE}` }).click({ timeout: 60000 });
  const panel = page.getByRole('dialog');
  await panel.getByTestId('history-event').first().getByText('Plainte', { exact: true }).waitFor();
  await panel.getByRole('button', { name: 'Lever la suppression' }).click();
  const confirm = page.getByRole('alertdialog');
  // A complaint also unsubscribed the reader: the dialog says a lift does not resubscribe them.
  await confirm.getByText('Cette personne a signalé une campagne comme spam : elle reste désabonnée tant qu’elle ne se réabonne pas.').waitFor();

  const { id } = await app.strapi.db.query('plugin::newsletter.subscriber').findOne({ where: { email: FINE } });
  await app.request().post(`/newsletter/subscribers/${id}/lift`).set(as(chief)).expect(200);
  await confirm.getByRole('button', { name: 'Lever la suppression' }).click();

  await panel.getByText('Cette adresse n’est plus exclue : quelqu’un l’a modifiée entre-temps.', { exact: false }).waitFor();
  // The panel and the list show what the subscriber is now.
  await panel.getByText('Désabonné·e', { exact: true }).waitFor();
  await panel.getByTestId('history-event').first().getByText('Statut rétabli : Désabonné·e').waitFor();
  await rowOf(page, FINE).getByText('Désabonné·e', { exact: true }).waitFor();
  await keep('newsletter-deliverability-conflict-fr', page);
  await page.close();
});
