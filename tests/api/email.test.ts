import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { startApp, type TestApp } from '../helpers/app';
import { captureLogs } from '../helpers/logs';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

/* Mail goes to the SMTP relay when SMTP_HOST is set, to `.eml` files in the outbox otherwise. */

const message = {
  to: 'reader@newsreel.test',
  subject: 'Your Newsreel test message',
  text: 'Plain text part with a secret 424242.',
  html: '<p>HTML part with a secret <strong>424242</strong>.</p>',
};

describe('with SMTP_HOST set', () => {
  let smtp: SmtpSink;
  let app: TestApp;
  beforeAll(async () => {
    smtp = await startSmtpSink();
    app = await startApp({ env: { ...smtp.env(), EMAIL_FROM: 'Newsreel Desk <desk@newsreel.test>' } });
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  it('delivers a mail sent through the email plugin to the SMTP server', async () => {
    await app.strapi.plugin('email').service('email').send(message);
    const mail = await smtp.waitFor((m) => m.subject === message.subject);
    expect(mail.from?.value).toEqual([{ name: 'Newsreel Desk', address: 'desk@newsreel.test' }]);
    expect(mail.text?.trim()).toBe(message.text);
    expect(mail.html).toContain('<strong>424242</strong>');
    expect(fs.existsSync(path.join(app.dir, 'mail'))).toBe(false);
  });
});

describe('without SMTP_HOST', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('writes the mail as an .eml file in the outbox and logs only the file name', async () => {
    const { lines: logged } = await captureLogs(app.strapi, () =>
      app.strapi.plugin('email').service('email').send(message)
    );

    const outbox = path.join(app.dir, 'mail');
    const files = fs.readdirSync(outbox);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    const mail = await simpleParser(fs.readFileSync(path.join(outbox, files[0])));
    expect(mail.subject).toBe(message.subject);
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe(message.to);
    expect(mail.from?.value).toEqual([{ name: 'Newsreel', address: 'no-reply@localhost' }]);
    expect(mail.text?.trim()).toBe(message.text);

    const line = logged.find((l) => l.includes(files[0]));
    expect(line).toBeDefined();
    expect(logged.join('\n')).not.toMatch(/424242|secret|Your Newsreel test message/);
  });
});
