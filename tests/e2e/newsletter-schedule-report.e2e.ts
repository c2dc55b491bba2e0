import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Browser, Locator, Page } from 'playwright-core';
import { as, registerChief } from '../helpers/admin';
import { startApp, type TestApp } from '../helpers/app';
import { adminLoginIn, keepScreenshot, launchBrowser } from '../helpers/browser';
import { CAMPAIGN_ENV, campaignUntil, finished, getCampaign, importSubscribers, publishStory, startCampaign } from '../helpers/campaigns';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/*
 * Scheduling, missed and skipped campaigns, delivery reports and the recurring digest in the
 * admin, as a French editor in New York meets them: a draft scheduled for tomorrow 08:00 in Brussels
 * shows at the matching New York time (and at 08:00 Brussels beside it); the server's refusals of a
 * past time and of an hour the clocks skip show in French; a campaign the relay partly refused
 * shows who did not get it with the relay's reply, exports that as CSV and retries what failed only
 * for a while; a missed campaign is sent by hand, a skipped one dropped; the digest's settings
 * save, say when it next goes out, and list an occurrence skipped for want of stories.
 */

const VIEWER_ZONE = 'America/New_York';
const CAMPAIGN_ZONE = 'Europe/Brussels';
const FINE = 'fine@example.org';
const GONE = 'gone@example.org';
const BUSY = 'busy@example.org';
const DAY_MS = 86_400_000;

let app: TestApp;
let smtp: SmtpSink;
let browser: Browser;
let chief: string;
let story: string;
/** Sent while the relay refused GONE for good and BUSY for a while. */
let sentId: number;

const keep = (name: string, shown: Page) => keepScreenshot(shown, name);
const rowOf = (page: Page, text: string): Locator => page.locator('tbody tr', { hasText: text });
const campaignsPage = () => `${app.url}/admin/plugins/newsletter-campaigns`;

/** A page of the admin in `language`, in a browser whose clock is in `timezoneId`. */
const login = async (language: 'fr' | undefined, timezoneId: string) => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1100 }, timezoneId, locale: language === 'fr' ? 'fr-FR' : 'en-GB' });
  const page = await adminLoginIn(context, app.url, language);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  return page;
};

/** What a wall clock in `zone` reads at `instant`. */
const wallClock = (instant: Date, zone: string) => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(instant)
      .map((part) => [part.type, part.value])
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
};

/** `iso` as the page writes it: the browser's own Intl, in its zone and the admin's language. */
const shownInPage = (page: Page, iso: string, locale: string, style: { dateStyle: 'medium' | 'full'; timeStyle: 'short' }) =>
  page.evaluate(([at, language, dateStyle, timeStyle]) => new Intl.DateTimeFormat(language, { dateStyle, timeStyle } as Intl.DateTimeFormatOptions).format(new Date(at)), [
    iso,
    locale,
    style.dateStyle,
    style.timeStyle,
  ] as const);

/** The next night Brussels puts its clocks forward (last Sunday of March), at least two days away. */
const nextSpringForward = () => {
  const sunday = (year: number) => {
    const day = new Date(Date.UTC(year, 2, 31));
    day.setUTCDate(31 - day.getUTCDay());
    return day;
  };
  const year = new Date().getUTCFullYear();
  const night = sunday(year).getTime() > Date.now() + 2 * DAY_MS ? sunday(year) : sunday(year + 1);
  return night.toISOString().slice(0, 10);
};

const getCampaignId = async (subject: string) =>
  ((await app.request().get('/newsletter/campaigns').set(as(chief))).body.data as { id: number; subject: string }[]).find((campaign) => campaign.subject === subject)!.id;

const createDraft = async (body: Record<string, unknown>) => {
  const res = await app.request().post('/newsletter/campaigns').set(as(chief)).send(body);
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.data.id as number;
};

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startApp({
    serveAdminPanel: true,
    env: { ...smtp.env(), ...CAMPAIGN_ENV, NEWSLETTER_RETRY_BASE_SECONDS: '0', NEWSLETTER_MAX_ATTEMPTS: '2', NEWSLETTER_TIME_ZONE: CAMPAIGN_ZONE },
  });
  chief = await registerChief(app);
  story = await publishStory(
    app.strapi,
    { title: 'Harbour authority opens a new ferry line', summary: 'Twelve crossings a day.' },
    { title: 'Le port ouvre une nouvelle ligne de ferry', summary: 'Douze traversées par jour.' }
  );
  await importSubscribers(app, chief, `email,locale\n${FINE},fr\n${GONE},fr\n${BUSY},en\n`);
  smtp.reject((address) => address === GONE, 550, Infinity, '5.1.1 No such user');
  smtp.reject((address) => address === BUSY, 452, Infinity, '4.2.2 Mailbox full');
  sentId = await startCampaign(app, chief, { subject: 'Ferry news', selection: { articles: [story] } });
  expect(await campaignUntil(app, chief, sentId, finished)).toMatchObject({ sent: 1, failed: 2 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await smtp?.close();
});

it('schedules a draft for tomorrow 08:00 in Brussels and shows it in the viewer’s time, with the server’s refusals in French', async () => {
  const draftId = await createDraft({ subject: 'Weekend reads', selection: { articles: [story] } });
  const page = await login('fr', VIEWER_ZONE);
  await page.goto(campaignsPage());
  await page.getByRole('heading', { name: 'Campagnes de la lettre' }).waitFor({ timeout: 60000 });
  await rowOf(page, 'Weekend reads').getByText('Brouillon', { exact: true }).waitFor();
  await rowOf(page, 'Weekend reads').click();

  const tomorrow = wallClock(new Date(Date.now() + DAY_MS), CAMPAIGN_ZONE).date;
  await page.getByRole('heading', { name: 'Programmer l’envoi' }).waitFor();
  await page.getByLabel(/^Date/).fill(tomorrow);
  await page.getByLabel(/^Heure/).fill('08:00');
  const zone = page.getByRole('combobox', { name: 'Fuseau horaire' });
  await zone.click();
  // The viewer's own zone comes first, then the server's default.
  await page.getByRole('option', { name: `${VIEWER_ZONE} (ce navigateur)` }).waitFor();
  await page.getByRole('option', { name: `${CAMPAIGN_ZONE} (par défaut du serveur)` }).click();
  expect(await zone.textContent()).toContain(`${CAMPAIGN_ZONE} (par défaut du serveur)`);
  await keep('newsletter-schedule-picker-fr', page);
  await page.getByRole('button', { name: 'Programmer', exact: true }).click();
  await page.getByText(/^Programmée : elle partira le /).waitFor();

  // The server holds the instant of 08:00 in Brussels tomorrow.
  const scheduled = (await getCampaign(app, chief, draftId)) as unknown as { status: string; scheduledAt: string; timeZone: string };
  expect(scheduled).toMatchObject({ status: 'scheduled', timeZone: CAMPAIGN_ZONE });
  expect(wallClock(new Date(scheduled.scheduledAt), CAMPAIGN_ZONE)).toEqual({ date: tomorrow, time: '08:00' });

  // The list shows it in New York time (06:00 hours earlier, or 05:00 in the weeks the two differ on summer time).
  const row = rowOf(page, 'Weekend reads');
  await row.getByText('Programmée', { exact: true }).waitFor();
  const local = await shownInPage(page, scheduled.scheduledAt, 'fr', { dateStyle: 'medium', timeStyle: 'short' });
  expect(await row.getByTestId('campaign-scheduled-at').textContent()).toBe(local);
  expect(local).toContain(wallClock(new Date(scheduled.scheduledAt), VIEWER_ZONE).time);
  expect(local).not.toContain('08:00');
  expect(await row.getByTestId('campaign-scheduled-zone').textContent()).toMatch(new RegExp(`08:00, fuseau ${CAMPAIGN_ZONE}$`));
  await page.getByText('Départ prévu').waitFor();
  await keep('newsletter-schedule-scheduled-fr', page);
  await row.scrollIntoViewIfNeeded();
  await keep('newsletter-schedule-list-fr', page);

  // A time already past, and an hour the clocks skip, are refused with the server's reason, in French.
  await page.getByLabel(/^Date/).fill(wallClock(new Date(Date.now() - DAY_MS), CAMPAIGN_ZONE).date);
  await page.getByRole('button', { name: 'Reprogrammer' }).click();
  await page.getByText('Cette heure est passée : choisissez-en une plus tardive.').waitFor();
  const night = nextSpringForward();
  await page.getByLabel(/^Date/).fill(night);
  await page.getByLabel(/^Heure/).fill('02:30');
  await page.getByRole('button', { name: 'Reprogrammer' }).click();
  const nightInWords = new Intl.DateTimeFormat('fr', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${night}T00:00:00Z`));
  await page.getByText(`02:30 n’existe pas le ${nightInWords} dans le fuseau ${CAMPAIGN_ZONE} : les horloges avancent cette nuit-là.`).waitFor();
  // The notice of the earlier success went with the new try.
  expect(await page.getByText(/^Programmée : elle partira le /).count()).toBe(0);
  await keep('newsletter-schedule-refused-fr', page);
  expect((await getCampaign(app, chief, draftId)) as unknown as { scheduledAt: string }).toMatchObject({ scheduledAt: scheduled.scheduledAt });

  // The home page says when the next campaign goes out.
  await page.goto(`${app.url}/admin`);
  const next = page.getByTestId('next-scheduled-send');
  await next.getByText(`Prochain envoi programmé : ${local}`).waitFor({ timeout: 60000 });
  await next.getByText('Weekend reads').waitFor();
  await page.getByTestId('last-campaign-widget').getByText('Ferry news').waitFor();
  // The home page scrolls inside its own frame: the full-page screenshot shows what is in view.
  await next.scrollIntoViewIfNeeded();
  await keep('newsletter-schedule-home-fr', page);
  await page.close();
});

it('reports who did not get a campaign and why, exports it as CSV, and retries what failed for a while', async () => {
  const page = await login('fr', VIEWER_ZONE);
  await page.goto(campaignsPage());
  await rowOf(page, 'Ferry news').click({ timeout: 60000 });
  await page.getByRole('link', { name: 'Rapport de distribution' }).click();
  await page.waitForURL(new RegExp(`/admin/plugins/newsletter-campaigns/${sentId}/report$`));
  await page.getByRole('heading', { name: 'Rapport de distribution' }).waitFor();
  expect(await page.getByTestId('report-sent').textContent()).toBe('1');
  expect(await page.getByTestId('report-failed').textContent()).toBe('2');
  await page.getByText('1 refusé définitivement, 1 après toutes les tentatives').waitFor();

  const gone = page.getByTestId('report-recipient').filter({ hasText: GONE });
  await gone.getByText('Refusé définitivement').waitFor();
  await gone.getByText('550 5.1.1 No such user').waitFor();
  const busy = page.getByTestId('report-recipient').filter({ hasText: BUSY });
  await busy.getByText('Échec après toutes les tentatives').waitFor();
  await busy.getByText('452 4.2.2 Mailbox full').waitFor();
  const api = (await app.request().get(`/newsletter/campaigns/${sentId}/report`).set(as(chief))).body.data.recipients as { email: string; at: string }[];
  const goneAt = api.find((recipient) => recipient.email === GONE)!.at;
  await gone.getByText(await shownInPage(page, goneAt, 'fr', { dateStyle: 'medium', timeStyle: 'short' }), { exact: true }).waitFor();
  await keep('newsletter-report-fr', page);

  // The export is the list as CSV, every problem.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exporter en CSV' }).click()]);
  expect(download.suggestedFilename()).toBe(`newsletter-campaign-${sentId}-report.csv`);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  expect(csv.split('\n')[0]).toBe('email,problem,at,reply');
  const records = (parse(csv, { columns: true }) as Record<string, string>[]).sort((a, b) => a.email.localeCompare(b.email));
  expect(records).toEqual([
    { email: BUSY, problem: 'failed-temporary', at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/), reply: '452 4.2.2 Mailbox full' },
    { email: GONE, problem: 'failed-permanent', at: goneAt, reply: '550 5.1.1 No such user' },
  ]);

  // One kind of problem at a time.
  await page.getByRole('combobox', { name: 'Ce qui s’est passé' }).click();
  await page.getByRole('option', { name: 'Refusé définitivement (1)' }).click();
  await busy.waitFor({ state: 'detached' });
  expect(await page.getByTestId('report-recipient').count()).toBe(1);
  await keep('newsletter-report-filtered-fr', page);
  await page.getByRole('combobox', { name: 'Ce qui s’est passé' }).click();
  await page.getByRole('option', { name: 'Tous les problèmes' }).click();
  await busy.waitFor();

  // The relay takes mail again: the temporary failure goes out, the refusal for good stays.
  smtp.clearRejections();
  await page.getByRole('button', { name: 'Relancer les échecs' }).click();
  await page.getByText('1 envoi remis en file d’attente.').waitFor();
  await page.getByTestId('report-sent').getByText('2', { exact: true }).waitFor({ timeout: 30000 });
  await page.getByTestId('report-failed').getByText('1', { exact: true }).waitFor({ timeout: 30000 });
  await busy.waitFor({ state: 'detached' });
  await smtp.waitFor((mail) => mail.messageId?.startsWith(`<campaign-${sentId}.`) === true && smtp.sourceOf(mail).rcptTo.includes(BUSY));
  await keep('newsletter-report-retried-fr', page);
  await page.close();
});

it('shows why a campaign was missed or skipped, sends the missed one now and drops the skipped one', async () => {
  const missedId = await createDraft({ subject: 'Harbour nights', locale: 'fr', selection: { articles: [story] } });
  // Every process was down when its time came (tests/api/newsletter-schedule.test.ts makes that happen for real).
  await app.strapi.db.query('plugin::newsletter.campaign').update({
    where: { id: missedId },
    data: {
      status: 'missed',
      scheduledAt: new Date(Date.now() - 2 * 3_600_000),
      timeZone: CAMPAIGN_ZONE,
      statusReason: 'Not sent: its time passed more than 60 minutes ago while no server process was running. Send it now, reschedule it or drop it.',
    },
  });
  // No story was published since the last campaign: at its time, there is nothing to send.
  const skippedId = await createDraft({ subject: 'Quiet week', selection: 'since-last' });
  const at = await app.request().post(`/newsletter/campaigns/${skippedId}/schedule`).set(as(chief)).send({ at: new Date(Date.now() + 1500).toISOString() });
  expect(at.status).toBe(200);
  await campaignUntil(app, chief, skippedId, (campaign) => campaign.status === 'skipped', 20_000);

  const page = await login('fr', VIEWER_ZONE);
  await page.goto(campaignsPage());
  const missed = rowOf(page, 'Harbour nights');
  await missed.getByText('Manquée', { exact: true }).waitFor({ timeout: 60000 });
  await missed
    .getByText('Non envoyée : son heure est passée depuis plus de 60 minutes alors qu’aucun processus du serveur ne tournait. Envoyez-la maintenant ou abandonnez-la.')
    .waitFor();
  const skipped = rowOf(page, 'Quiet week');
  await skipped.getByText('Ignorée', { exact: true }).waitFor();
  await skipped.getByText('Non envoyée à son heure : Aucun reportage n’a été publié depuis la dernière campagne : il n’y a rien à envoyer.').waitFor();
  await missed.scrollIntoViewIfNeeded();
  await keep('newsletter-missed-list-fr', page);

  await skipped.getByText('Quiet week').click();
  const panel = page.getByTestId('campaign-missed');
  await panel.getByText('Rien à envoyer à son heure').waitFor();
  await panel.getByRole('button', { name: 'Envoyer maintenant' }).waitFor();
  await page.getByRole('heading', { name: 'Programmer à nouveau' }).waitFor();
  await keep('newsletter-skipped-panel-fr', page);

  await skipped.getByRole('button', { name: 'Abandonner' }).click();
  await page.getByText('Abandonnée : « Quiet week » redevient un brouillon, et ne part que si vous l’envoyez ou la programmez.').waitFor();
  await skipped.getByText('Brouillon', { exact: true }).waitFor();

  await missed.getByRole('button', { name: 'Envoyer maintenant' }).click();
  await page.getByText('Envoi lancé. La progression s’affiche ci-dessous.').waitFor();
  await missed.getByText('Envoyée', { exact: true }).waitFor({ timeout: 30000 });
  expect(await getCampaign(app, chief, missedId)).toMatchObject({ status: 'sent', failed: 0 });
  expect(await getCampaign(app, chief, skippedId)).toMatchObject({ status: 'draft' });
  await keep('newsletter-missed-sent-fr', page);
  await page.close();
});

it('saves the digest, says when it next goes out, and lists an occurrence skipped for want of new stories', async () => {
  const page = await login('fr', VIEWER_ZONE);
  await page.goto(campaignsPage());
  await page.getByRole('tab', { name: 'Lettre récurrente' }).click({ timeout: 60000 });
  await page.getByText('Désactivée : aucune lettre récurrente n’est prévue.').waitFor();
  await page.getByText('Aucune lettre récurrente n’est encore partie.').waitFor();

  // Mondays and Thursdays at 07:30, Brussels time.
  await page.getByLabel('Envoyer la lettre récurrente').check({ force: true });
  expect(await page.getByRole('checkbox', { name: 'lundi' }).getAttribute('aria-checked')).toBe('true');
  await page.getByRole('checkbox', { name: 'jeudi' }).click();
  await page.getByLabel(/^Heure/).fill('07:30');
  expect(await page.getByRole('combobox', { name: 'Fuseau horaire' }).textContent()).toContain(CAMPAIGN_ZONE);
  await page.getByText('Écrivez {date} là où doit figurer la date de chaque envoi', { exact: false }).waitFor();
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Réglages de la lettre récurrente enregistrés.').waitFor();
  const saved = (await app.request().get('/newsletter/digest').set(as(chief))).body.data as { enabled: boolean; schedule: unknown; timeZone: string; nextAt: string };
  expect(saved).toMatchObject({ enabled: true, schedule: { weekly: { days: [1, 4], time: '07:30' } }, timeZone: CAMPAIGN_ZONE });
  expect(wallClock(new Date(saved.nextAt), CAMPAIGN_ZONE).time).toBe('07:30');
  const next = await shownInPage(page, saved.nextAt, 'fr', { dateStyle: 'full', timeStyle: 'short' });
  await page.getByTestId('digest-next').getByText(`Prochaine lettre : ${next}`).waitFor();
  await page.getByTestId('digest-next').getByText(new RegExp(`07:30, fuseau ${CAMPAIGN_ZONE}$`)).waitFor();
  await page.getByRole('heading', { name: 'Lettre récurrente' }).scrollIntoViewIfNeeded();
  await keep('newsletter-digest-weekly-fr', page);

  // A cron expression: a wrong one is refused in French, then every minute, to see one come round.
  await page.getByRole('radio', { name: 'Une expression cron' }).click();
  await page.getByRole('textbox', { name: /^Expression cron/ }).fill('chaque lundi');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Non enregistré : Une expression cron a cinq champs : minute, heure, jour du mois, mois, jour de la semaine.').waitFor();
  await page.getByRole('textbox', { name: /^Expression cron/ }).fill('* * * * *');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Réglages de la lettre récurrente enregistrés.').waitFor();

  // Nothing was published since the last campaign: the occurrence is skipped, and says why.
  const deadline = Date.now() + 90_000;
  let history: { campaignId: number; status: string }[] = [];
  while (!history.some((run) => run.status === 'skipped')) {
    if (Date.now() > deadline) throw new Error(`no skipped digest: ${JSON.stringify(history)}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    history = (await app.request().get('/newsletter/digest').set(as(chief))).body.data.history;
  }
  // Turned off right away, so no other occurrence comes round meanwhile.
  await page.getByLabel('Envoyer la lettre récurrente').uncheck({ force: true });
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Désactivée : aucune lettre récurrente n’est prévue.').waitFor();
  const run = page.getByTestId('digest-run').first();
  await run.getByText('Ignorée', { exact: true }).waitFor();
  await run.getByText('Non envoyée à son heure : Aucun reportage n’a été publié depuis la dernière campagne : il n’y a rien à envoyer.').waitFor();
  await page.getByTestId('digest-run').first().scrollIntoViewIfNeeded();
  await keep('newsletter-digest-history-fr', page);

  // Its campaign opens in the list, marked as the digest's.
  const { campaignId } = history.find((one) => one.status === 'skipped')!;
  await run.getByRole('button', { name: `Ouvrir la n° ${campaignId}` }).click();
  await page.waitForURL(new RegExp(`[?&]campaign=${campaignId}$`));
  await page.getByTestId('campaign-missed').getByText('Rien à envoyer à son heure').waitFor();
  await page.locator('tbody tr', { hasText: 'Lettre récurrente' }).getByText('Ignorée', { exact: true }).waitFor();
  await keep('newsletter-digest-campaign-fr', page);
  await page.close();
});

it('shows the report, the schedule and the digest in English, in the viewer’s own zone', async () => {
  const page = await login(undefined, CAMPAIGN_ZONE);
  await page.goto(`${campaignsPage()}/${sentId}/report`);
  await page.getByRole('heading', { name: 'Delivery report' }).waitFor({ timeout: 60000 });
  await page.getByText('1 refused for good, 0 after every try').waitFor();
  await page.getByTestId('report-recipient').filter({ hasText: GONE }).getByText('Refused for good').waitFor();
  await page.getByText('Retry failed sends again what failed for a passing reason', { exact: false }).waitFor();
  await keep('newsletter-report-en', page);

  await page.goto(campaignsPage());
  const row = rowOf(page, 'Weekend reads');
  await row.getByText('Scheduled', { exact: true }).waitFor({ timeout: 60000 });
  // Viewed from Brussels, the time is the one chosen (8:00 AM), and no second zone is named.
  const { scheduledAt } = (await getCampaign(app, chief, await getCampaignId('Weekend reads'))) as unknown as { scheduledAt: string };
  const local = await shownInPage(page, scheduledAt, 'en', { dateStyle: 'medium', timeStyle: 'short' });
  expect(await row.getByTestId('campaign-scheduled-at').textContent()).toBe(local);
  expect(local).toMatch(/\b8:00\b/);
  expect(await row.getByTestId('campaign-scheduled-zone').count()).toBe(0);
  await row.click();
  await page.getByText('Goes out', { exact: true }).waitFor();
  expect(await page.getByRole('combobox', { name: 'Time zone' }).textContent()).toContain(`${CAMPAIGN_ZONE} (this browser, server default)`);
  await keep('newsletter-schedule-scheduled-en', page);
  await page.getByRole('button', { name: 'Unschedule' }).click();
  await page.getByText('Unscheduled: the campaign is a draft again.').waitFor();
  await row.getByText('Draft', { exact: true }).waitFor();
  expect(await getCampaign(app, chief, await getCampaignId('Weekend reads'))).toMatchObject({ status: 'draft' });

  await page.getByRole('tab', { name: 'Recurring digest' }).click();
  await page.getByText('Off: no digest is scheduled.').waitFor();
  await page.getByTestId('digest-run').first().getByText('Skipped', { exact: true }).waitFor();
  await page.getByText('Not sent at its time: No story was published since the last campaign: there is nothing to send.').first().waitFor();
  await keep('newsletter-digest-en', page);
  await page.close();
});
