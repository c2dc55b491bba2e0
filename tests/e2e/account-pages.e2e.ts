import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { codeMail, createVerifiedAccount } from '../helpers/accounts';
import { ROOT, startApp, type TestApp } from '../helpers/app';
import { launchBrowser } from '../helpers/browser';
import { type Clock, controlClock } from '../helpers/clock';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/*
 * The reference pages of public/account and public/stories as a journalist meets them, in
 * Chromium: sign up with the mailed code, subscribe, download a master; a wrong code and a new
 * one after the cooldown; a password reset from a story page; the whole signup in French with the
 * keyboard alone.
 */

const PASSWORD = 'Brussels-Desk-2024!';
const ARTICLE = 'api::article.article';
const ASSET = 'api::video-asset.video-asset';
const USER = 'plugin::users-permissions.user';

let app: TestApp;
let smtp: SmtpSink;
let browser: Browser;
let clock: Clock;
const contexts: BrowserContext[] = [];

const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

const open = async (options: { locale?: string } = {}) => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 1000 }, locale: options.locale ?? 'en-GB', acceptDownloads: true });
  contexts.push(context);
  return context.newPage();
};

/** A published English story with a video whose broadcast master is on disk. */
const storyWithMaster = async () => {
  const stories = await app.strapi.db.query(ARTICLE).findMany({
    where: { locale: 'en', publishedAt: { $notNull: true } },
    populate: { videos: { populate: { renditions: true } } },
    orderBy: [{ date: 'desc' }, { id: 'desc' }],
  });
  for (const story of stories) {
    for (const video of story.videos ?? []) {
      const master = video.renditions?.find((r: { kind: string; storageKey?: string }) => r.kind === 'broadcast-master' && r.storageKey);
      if (master) return { story, video, master };
    }
  }
  throw new Error('the sample content has no story with a broadcast master');
};

beforeAll(async () => {
  smtp = await startSmtpSink();
  app = await startApp({ seed: true, pages: true, env: smtp.env() });
  clock = controlClock();
  browser = await launchBrowser();
});
afterEach(async () => {
  clock.reset();
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});
afterAll(async () => {
  clock?.restore();
  await browser?.close();
  await app?.close();
  await smtp?.close();
});

const ruleStates = (page: Page) =>
  page.locator('#password-rules li').evaluateAll((items) => items.map((item) => [(item as HTMLElement).dataset.rule, item.className]));

it('signs up, confirms with the mailed code, subscribes, and downloads a master whose bytes are the file', async () => {
  const email = 'camera@broadcaster.example';
  const page = await open();
  await page.goto(`${app.url}/account/signup.html`);
  await page.getByRole('heading', { name: 'Create your Newsreel account' }).waitFor();

  // The checklist comes from GET /api/password-policy and follows the typing.
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.locator('#password-rules li[data-rule=min-length].unmet').waitFor();
  const policy = await app.request().get('/api/password-policy').expect(200);
  expect((await ruleStates(page)).map(([rule]) => rule)).toEqual(policy.body.rules.map((rule: { id: string }) => rule.id));
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.locator('#password-rules li.unmet').first().waitFor({ state: 'detached' });
  expect((await ruleStates(page)).every(([, state]) => state === 'met')).toBe(true);
  await page.getByLabel('Organisation').fill('Broadcaster Example');
  await page.getByLabel('Country (two-letter code, e.g. FR)').fill('be');

  const since = smtp.mails.length;
  await page.getByRole('button', { name: 'Create my account' }).click();
  await page.waitForURL('**/account/verify.html');
  await page.getByText(`We sent a 6-digit code to ${email}.`).waitFor();
  await page.getByText('The code is valid for 30 minutes and works once.').waitFor();
  const { code } = await codeMail(smtp, email, since);
  const account = await app.strapi.db.query(USER).findOne({ where: { email } });
  expect(account).toMatchObject({ organisation: 'Broadcaster Example', country: 'BE', confirmed: false });

  // Pasted with a space, as mail clients copy it: digits only are kept.
  await page.getByLabel('6-digit code').fill(`${code.slice(0, 3)} ${code.slice(3)}`);
  expect(await page.getByLabel('6-digit code').inputValue()).toBe(code);
  await page.getByRole('button', { name: 'Confirm my email' }).click();
  await page.waitForURL('**/account/welcome.html');
  await page.getByText('You can now download videos in broadcast quality from every story.').waitFor();
  await page.getByText(`Logged in as ${email}`).waitFor();
  // The JWT is in this tab's sessionStorage; no cookie carries it.
  expect(await page.evaluate(() => Boolean(JSON.parse(window.sessionStorage.getItem('newsreel.session') || '{}').jwt))).toBe(true);
  expect((await page.context().cookies()).filter((cookie) => /jwt|token/i.test(cookie.name + cookie.value))).toEqual([]);

  await page.getByRole('button', { name: 'Send me the newsletter' }).click();
  await page.getByText('You are subscribed to the newsletter.', { exact: false }).waitFor();
  const subscriber = await app.strapi.db.query('plugin::newsletter.subscriber').findOne({ where: { email } });
  expect(subscriber.status).toBe('subscribed');

  const { story, video, master } = await storyWithMaster();
  await page.getByRole('link', { name: 'See the latest stories' }).click();
  await page.waitForURL('**/stories/');
  await page.getByRole('link', { name: story.title }).click();
  await page.waitForURL(/story\.html\?slug=/);
  await page.getByRole('heading', { level: 1, name: story.title }).waitFor();
  const section = page.locator('section.video', { has: page.getByRole('heading', { name: video.title }) });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    section.locator('li[data-kind=broadcast-master]').getByRole('button', { name: 'Download broadcast master' }).click(),
  ]);
  await section.getByText('Your download has started.', { exact: false }).waitFor();
  const bytes = fs.readFileSync((await download.path()) as string);
  const onDisk = fs.readFileSync(path.join(ROOT, 'database', 'seed', 'media', path.basename(master.storageKey)));
  expect(bytes.length).toBe(onDisk.length);
  expect(sha256(bytes)).toBe(sha256(onDisk));
  expect(`sha256:${sha256(bytes)}`).toBe(master.checksum);
  expect(download.suggestedFilename()).toMatch(/broadcast-master\.mov$/);
  // The grant was recorded for this account.
  const records = await app.strapi.db.query('plugin::video-masters.download').count({ where: { userId: account.id, rendition: 'broadcast-master' } });
  expect(records).toBe(1);

  // Logging out forgets the token: the header offers to log in, the button explains what to do.
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByText('You are logged out.').waitFor();
  await page.getByRole('navigation').getByRole('link', { name: 'Log in' }).waitFor();
  expect(await page.evaluate(() => window.sessionStorage.getItem('newsreel.session'))).toBeNull();
  await section.locator('li[data-kind=broadcast-master]').getByRole('button', { name: 'Download broadcast master' }).click();
  await section.getByText('Broadcast-quality files are for journalists and broadcasters with an account.', { exact: false }).waitFor();
  expect(await app.strapi.db.query('plugin::video-masters.download').count({ where: { userId: account.id } })).toBe(1);
});

it('refuses a wrong code, offers a new code once the cooldown is over, and the new code works', async () => {
  const email = 'nightshift@agency.example';
  const page = await open();
  await page.clock.install();
  await page.goto(`${app.url}/account/signup.html`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  const since = smtp.mails.length;
  await page.getByRole('button', { name: 'Create my account' }).click();
  await page.waitForURL('**/account/verify.html');
  const { code } = await codeMail(smtp, email, since);
  const wrong = String((Number(code) + 1) % 1000000).padStart(6, '0');

  await page.getByLabel('6-digit code').fill(wrong);
  await page.getByRole('button', { name: 'Confirm my email' }).click();
  const error = page.locator('#code-error');
  await error.getByText('This code is not right.', { exact: false }).waitFor();
  // The message is tied to its field, which is marked invalid and focused.
  expect(await page.getByLabel('6-digit code').getAttribute('aria-invalid')).toBe('true');
  expect(await page.getByLabel('6-digit code').getAttribute('aria-describedby')).toContain('code-error');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('code');

  // Inside the cooldown: the button waits, with the seconds left shown.
  const resend = page.getByRole('button', { name: 'Send a new code' });
  expect(await resend.isDisabled()).toBe(true);
  await page.getByText(/You can ask for a new code in \d+ s\./).waitFor();

  // A minute later, for the browser and for the server.
  clock.advance(61_000);
  await page.clock.fastForward(61_000);
  await page.waitForFunction(() => !(document.getElementById('resend') as HTMLButtonElement).disabled);
  const before = smtp.mails.length;
  await resend.click();
  await page.getByText('A new code is on its way. The previous one no longer works.').waitFor();
  const { code: fresh } = await codeMail(smtp, email, before);
  expect(fresh).not.toBe(code);

  // The old code no longer works; the new one does.
  await page.getByLabel('6-digit code').fill(code);
  await page.getByRole('button', { name: 'Confirm my email' }).click();
  await error.getByText('This code is not right.', { exact: false }).waitFor();
  await page.getByLabel('6-digit code').fill(fresh);
  await page.getByRole('button', { name: 'Confirm my email' }).click();
  await page.waitForURL('**/account/welcome.html');
  await page.getByRole('heading', { name: 'Your account is ready' }).waitFor();
});

it('resets the password from a story page, comes back to it logged out, and logs in with the new password', async () => {
  const email = 'editor@station.example';
  await createVerifiedAccount(app, smtp, email, PASSWORD);
  const { story } = await storyWithMaster();
  const page = await open();
  await page.goto(`${app.url}/stories/story.html?slug=${story.slug}&lang=en`);
  await page.getByRole('heading', { level: 1, name: story.title }).waitFor();
  const storyUrl = page.url();
  await page.locator('li[data-kind=broadcast-master]').first().getByText('Broadcast-quality files are for journalists', { exact: false }).waitFor();

  await page.getByRole('navigation').getByRole('link', { name: 'Log in' }).click();
  await page.waitForURL('**/account/login.html?returnTo=*');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.waitForURL('**/account/reset.html?returnTo=*');
  await page.getByLabel('Email address').fill(email);
  const since = smtp.mails.length;
  await page.getByRole('button', { name: 'Mail me a code' }).click();
  await page.getByText(`If an account uses ${email}, a 6-digit code is on its way.`, { exact: false }).waitFor();
  const { code } = await codeMail(smtp, email, since);
  const renewed = 'Antwerp-Studio-2025#';
  await page.getByLabel('6-digit code').fill(code);
  await page.getByLabel('New password', { exact: true }).fill(renewed);
  await page.getByLabel('New password again').fill(renewed);
  await page.locator('#password-rules li.unmet').first().waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Set my new password' }).click();
  await page.getByText('Your password has been changed.', { exact: false }).waitFor();

  await page.getByRole('link', { name: 'Back to where you were' }).click();
  await page.waitForURL(storyUrl);
  await page.getByRole('heading', { level: 1, name: story.title }).waitFor();
  // Logged out: the header offers to log in.
  await page.getByRole('navigation').getByRole('link', { name: 'Log in' }).click();
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByText('The email or the password is not right.').waitFor();
  await page.getByLabel('Password').fill(renewed);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(storyUrl);
  await page.getByText(`Logged in as ${email}`).waitFor();
  await page.locator('li[data-kind=broadcast-master]').first().getByRole('button', { name: 'Download broadcast master' }).waitFor();
});

it('takes a French visitor through the whole signup with the keyboard alone', async () => {
  const email = 'redaction@chaine.example';
  const page = await open({ locale: 'fr-FR' });
  await page.goto(`${app.url}/account/signup.html`);
  await page.getByRole('heading', { name: 'Créez votre compte Newsreel' }).waitFor();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
  await page.locator('#password-rules li').first().waitFor();
  expect(await page.locator('#password-rules li').first().innerText()).toMatch(/caractères/);

  /** Presses Tab until `id` has the focus; returns the ids met on the way (the focus order). */
  const tabTo = async (id: string) => {
    const seen: string[] = [];
    for (let i = 0; i < 30; i += 1) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent?.trim() || '');
      seen.push(focused);
      if (focused === id) return seen;
    }
    throw new Error(`Tab never reached #${id}: ${seen.join(', ')}`);
  };

  await tabTo('email');
  await page.keyboard.type('pas-une-adresse');
  await page.keyboard.press('Enter');
  // The error is in French, tied to the field, and the field has the focus.
  await page.getByText('Saisissez une adresse valide, par exemple nom@exemple.org.').waitFor();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('email');
  expect(await page.locator('#email').getAttribute('aria-invalid')).toBe('true');
  await page.getByText('Corrigez les champs signalés ci-dessous.').waitFor();

  await page.keyboard.press('Control+A');
  await page.keyboard.type(email);
  const order = await tabTo('password');
  expect(order).toEqual(['password']);
  await page.keyboard.type(PASSWORD);
  await page.locator('#password-rules li.unmet').first().waitFor({ state: 'detached' });
  // Focus order follows the form: show password, the optional fields, the newsletter box, submit.
  const rest = await tabTo('newsletter');
  expect(rest).toEqual(['show-password', 'firstName', 'lastName', 'organisation', 'country', 'newsletter']);
  await page.keyboard.press('Space');
  expect(await page.locator('#newsletter').isChecked()).toBe(true);
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Créer mon compte');
  const since = smtp.mails.length;
  await page.keyboard.press('Enter');

  await page.waitForURL('**/account/verify.html');
  await page.getByRole('heading', { name: 'Consultez votre messagerie' }).waitFor();
  await page.getByText('Le code est valable 30 minutes et ne sert qu’une fois.').waitFor();
  const { mail, code } = await codeMail(smtp, email, since);
  // The mail is in the page's language too.
  expect(mail.text).toContain('Le code est valable 30 minutes');
  await tabTo('code');
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');

  await page.waitForURL('**/account/welcome.html');
  await page.getByRole('heading', { name: 'Votre compte est prêt' }).waitFor();
  await page.getByText('Vous pouvez désormais télécharger', { exact: false }).waitFor();
  // The newsletter box of the form subscribed the account once its address was proven.
  await page.getByText('Vous êtes abonné·e à la lettre.', { exact: false }).waitFor();
  const subscriber = await app.strapi.db.query('plugin::newsletter.subscriber').findOne({ where: { email } });
  expect(subscriber).toMatchObject({ status: 'subscribed', locale: 'fr' });

  // The language switch is a button the keyboard reaches too.
  await page.getByRole('button', { name: 'Read in English' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Your account is ready' }).waitFor();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
});

it('serves every reference page with no inline script, so Strapi\'s CSP holds', async () => {
  for (const file of ['account/signup.html', 'account/verify.html', 'account/welcome.html', 'account/login.html', 'account/reset.html', 'stories/index.html', 'stories/story.html', 'newsletter/confirm.html', 'newsletter/unsubscribe.html']) {
    const res = await app.request().get(`/${file}`).expect(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(res.text).not.toMatch(/\son[a-z]+=/i);
  }
  await app.request().get('/stories/').expect(200);
});
