import { as, registerChief } from '../helpers/admin';
import { startApp, type TestApp } from '../helpers/app';
import { campaignUntil, finished, importSubscribers, publishStory, startCampaign } from '../helpers/campaigns';
import { captureLogs } from '../helpers/logs';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/*
 * A newcomer's `npm run develop` has no NEWSLETTER_ORGANISATION nor NEWSLETTER_POSTAL_ADDRESS.
 * With NODE_ENV=development, however the app is started, campaigns go out with a footer marked as
 * a placeholder, and a warning is logged; in production they still refuse to start.
 */

const FOOTER_UNSET = { NEWSLETTER_ORGANISATION: undefined, NEWSLETTER_POSTAL_ADDRESS: undefined, NEWSLETTER_POLL_MS: '100' };

let smtp: SmtpSink;

beforeAll(async () => {
  smtp = await startSmtpSink();
});
afterAll(async () => {
  await smtp?.close();
});

const campaignMails = (id: number) => smtp.mails.filter((mail) => mail.messageId?.startsWith(`<campaign-${id}.`));

describe('in development', () => {
  let app: TestApp;
  let chief: string;
  let story: string;

  beforeAll(async () => {
    app = await startApp({ env: { ...smtp.env(), ...FOOTER_UNSET, NODE_ENV: 'development' } });
    chief = await registerChief(app);
    story = await publishStory(app.strapi, { title: 'Harbour pilots train on a new simulator' }, { title: 'Les pilotes du port s’entraînent sur un nouveau simulateur' });
    await importSubscribers(app, chief, 'email,locale\nnew-en@example.org,en\nnew-fr@example.org,fr\n');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('sends a campaign with a placeholder footer marked as such, in each reader’s language, and warns', async () => {
    const { result: id, lines } = await captureLogs(app.strapi, async () => {
      const started = await startCampaign(app, chief, { subject: 'First try', intro: 'Testing the newsletter.', selection: { articles: [story] } });
      const campaign = await campaignUntil(app, chief, started, finished);
      expect(campaign).toMatchObject({ status: 'sent', sent: 2, failed: 0 });
      return started;
    });
    expect(lines.some((line) => /placeholder footer/.test(line) && /NEWSLETTER_ORGANISATION/.test(line) && /NEWSLETTER_POSTAL_ADDRESS/.test(line))).toBe(true);

    const mails = campaignMails(id);
    expect(mails).toHaveLength(2);
    const english = mails.find((mail) => mail.text?.includes('Harbour pilots'))!;
    const french = mails.find((mail) => mail.text?.includes('pilotes du port'))!;
    expect(english.text).toMatch(/Your organisation \(placeholder\)/);
    expect(english.text).toMatch(/Placeholder postal address: set NEWSLETTER_ORGANISATION and NEWSLETTER_POSTAL_ADDRESS/);
    expect(english.html).toMatch(/Placeholder postal address/);
    expect(french.text).toMatch(/Votre organisation \(provisoire\)/);
    expect(french.text).toMatch(/Adresse postale provisoire : définissez NEWSLETTER_ORGANISATION et NEWSLETTER_POSTAL_ADDRESS/);
  });

  it('keeps what is set and marks only what is missing', async () => {
    app.strapi.config.set('plugin::newsletter.organisation', 'Northern Council');
    try {
      const id = await startCampaign(app, chief, { subject: 'Second try', locale: 'en', selection: { articles: [story] } });
      await campaignUntil(app, chief, id, finished);
      const [mail] = campaignMails(id).filter((m) => m.text?.includes('Harbour pilots'));
      expect(mail.text).toMatch(/Northern Council · Placeholder postal address/);
      expect(mail.text).not.toMatch(/Your organisation/);
    } finally {
      app.strapi.config.set('plugin::newsletter.organisation', undefined);
    }
  });
});

describe('in production', () => {
  it('refuses to start a campaign without the footer’s sender and postal address', async () => {
    const app = await startApp({ env: { ...smtp.env(), ...FOOTER_UNSET, NODE_ENV: 'production' } });
    try {
      const chief = await registerChief(app);
      const story = await publishStory(app.strapi, { title: 'Harbour pilots train on a new simulator' });
      await importSubscribers(app, chief, 'email\nreader@example.org\n');
      const created = await app.request().post('/newsletter/campaigns').set(as(chief)).send({ subject: 'x', selection: { articles: [story] } });
      const res = await app.request().post(`/newsletter/campaigns/${created.body.data.id}/send`).set(as(chief));
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/NEWSLETTER_ORGANISATION and NEWSLETTER_POSTAL_ADDRESS/);
    } finally {
      await app.close();
    }
  });
});
