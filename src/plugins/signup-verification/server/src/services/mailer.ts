import path from 'node:path';
import type { Core } from '@strapi/strapi';
import type { SignupVerificationConfig } from '../config';
import { createTemplates, escapeHtml, type TemplateParts } from '../mail/templates';

export type MailKind = keyof SignupVerificationConfig['subjects'];
export type Locale = 'en' | 'fr';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
}

/**
 * Mail rendering and sending. The templates (MJML + Mustache, see mail/templates.ts) are shared:
 * the newsletter renders its own files through `renderTemplate`.
 */
const mailer = ({ strapi }: { strapi: Core.Strapi }) => {
  const dir = path.join(strapi.dirs.app.root, 'src', 'plugins', 'signup-verification', 'templates');
  const templates = createTemplates();

  return {
    /** Template `name` of folder `dir` in `locale`, HTML and text parts. */
    renderTemplate(templateDir: string, name: string, locale: Locale, values: Record<string, unknown>): Promise<TemplateParts> {
      return templates.render(templateDir, name, locale, values);
    },

    /** The HTML escaping of the templates, for values filled in after rendering (campaign slots). */
    escapeHtml,

    /** One of this plugin's mails in the account's language, HTML and text. */
    async render(kind: MailKind, locale: Locale, to: string, values: Record<string, string>): Promise<RenderedMail> {
      const config = strapi.config.get('plugin::signup-verification') as SignupVerificationConfig;
      const all = { email: to, siteUrl: config.frontendOrigins[0] ?? '', ...values };
      return { subject: config.subjects[kind][locale], ...(await templates.render(dir, kind, locale, all)) };
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
