import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import createError from 'http-errors';
import type { SignupVerificationConfig } from '../config';

export type MailKind = keyof SignupVerificationConfig['subjects'];
export type Locale = 'en' | 'fr';

/** The relay refused or could not be reached: a 503 the client may retry. */
export const mailUnavailable = () =>
  createError(503, 'We could not send the email right now. Please try again in a few minutes.', { expose: true });

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const render = (template: string, values: Record<string, string>, escape: (text: string) => string) =>
  template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in values ? escape(values[name]) : whole));

const mailer = ({ strapi }: { strapi: Core.Strapi }) => {
  const dir = path.join(strapi.dirs.app.root, 'src', 'plugins', 'signup-verification', 'templates');
  const read = (kind: MailKind, locale: Locale, part: 'html' | 'txt') =>
    fs.readFileSync(path.join(dir, `${kind}.${locale}.${part}`), 'utf8');

  return {
    /**
     * Sends one of the plugin's mails (HTML and text parts) in the account's language.
     * Throws a 503 when the relay fails; the error itself is logged, never the mail.
     */
    async send(kind: MailKind, locale: Locale, to: string, values: Record<string, string>): Promise<void> {
      const config = strapi.config.get('plugin::signup-verification') as SignupVerificationConfig;
      const all = { email: to, siteUrl: config.frontendOrigins[0] ?? '', ...values };
      try {
        await strapi.plugin('email').service('email').send({
          to,
          subject: config.subjects[kind][locale],
          text: render(read(kind, locale, 'txt'), all, (text) => text),
          html: render(read(kind, locale, 'html'), all, escapeHtml),
        });
      } catch (error) {
        strapi.log.error(`[signup-verification] could not send the ${kind} mail: ${(error as Error).message}`);
        throw mailUnavailable();
      }
    },
  };
};

export type MailerService = ReturnType<typeof mailer>;
export default mailer;
