import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import type { SignupVerificationConfig } from '../config';

export type MailKind = keyof SignupVerificationConfig['subjects'];
export type Locale = 'en' | 'fr';
export const MAIL_KINDS: MailKind[] = ['signup', 'reset', 'resetNotice', 'alreadyRegistered'];

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const fill = (template: string, values: Record<string, string>, escape: (text: string) => string) =>
  template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in values ? escape(values[name]) : whole));

/** The plugin's mails: rendered from the editable templates, handed to the email plugin. */
const mailer = ({ strapi }: { strapi: Core.Strapi }) => {
  const dir = path.join(strapi.dirs.app.root, 'src', 'plugins', 'signup-verification', 'templates');
  const read = (kind: MailKind, locale: Locale, part: 'html' | 'txt') =>
    fs.readFileSync(path.join(dir, `${kind}.${locale}.${part}`), 'utf8');

  return {
    /** One mail in the account's language, HTML and text. */
    render(kind: MailKind, locale: Locale, to: string, values: Record<string, string>): RenderedMail {
      const config = strapi.config.get('plugin::signup-verification') as SignupVerificationConfig;
      const all = { email: to, siteUrl: config.frontendOrigins[0] ?? '', ...values };
      return {
        subject: config.subjects[kind][locale],
        text: fill(read(kind, locale, 'txt'), all, (text) => text),
        html: fill(read(kind, locale, 'html'), all, escapeHtml),
      };
    },

    /** Sends a rendered mail through the email plugin; throws what the relay said. */
    async send(to: string, mail: RenderedMail, messageId: string): Promise<void> {
      const { headers, ...content } = mail;
      await strapi.plugin('email').service('email').send({ to, ...content, headers: { ...headers, 'Message-ID': messageId } });
    },
  };
};

export type MailerService = ReturnType<typeof mailer>;
export default mailer;
