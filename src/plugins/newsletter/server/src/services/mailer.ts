import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import type { NewsletterConfig } from '../config';

export type Locale = 'en' | 'fr';
export type NewsletterMail = 'confirm' | 'welcome';

interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

interface Outbox {
  registerRenderer(prefix: string, render: (kind: string, locale: string, to: string, values: Record<string, string>) => Promise<RenderedMail>): void;
  enqueue(message: { kind: string; locale: string; to: string; values: Record<string, string>; expiresAt?: number }): Promise<number>;
}

interface Templates {
  render(dir: string, name: string, locale: string, values: Record<string, unknown>): Promise<{ html: string; text: string }>;
}

/** This package's mail templates: dist/templates beside the built server, or templates/ beside the sources. */
const TEMPLATES = [path.resolve(__dirname, '..', 'templates'), path.resolve(__dirname, '..', '..', '..', 'templates')].find((dir) =>
  fs.existsSync(path.join(dir, 'README.md'))
) as string;

/**
 * The newsletter's own mails (confirmation, welcome), queued in the mail-outbox plugin's durable
 * outbox (off the request path) and rendered here at send time.
 */
const mailer = ({ strapi }: { strapi: Core.Strapi }) => {
  const dir = TEMPLATES;
  const outbox = () => strapi.plugin('mail-outbox').service('outbox') as Outbox;
  const config = () => strapi.config.get('plugin::newsletter') as NewsletterConfig;

  // The outbox's toolchain (MJML + Mustache), shared rather than written twice.
  const templates = () => strapi.plugin('mail-outbox').service('templates') as Templates;

  const render = async (kind: string, locale: string, to: string, values: Record<string, string>): Promise<RenderedMail> => {
    const name = kind.slice('newsletter:'.length) as NewsletterMail;
    const all = { email: to, siteUrl: config().frontendOrigins[0] ?? '', ...values };
    const headers: Record<string, string> = values.unsubscribeUrl
      ? { 'List-Unsubscribe': `<${values.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
      : {};
    return { subject: config().subjects[name][locale as Locale], ...(await templates().render(dir, name, locale, all)), headers };
  };

  return {
    /** Called in register(): the outbox renders `newsletter:*` mails here. */
    registerWithOutbox(): void {
      outbox().registerRenderer('newsletter', render);
    },

    /** Template `name` of this plugin's templates folder in `locale` (HTML and text parts). */
    renderFile(name: string, locale: Locale, values: Record<string, unknown>): Promise<{ html: string; text: string }> {
      return templates().render(dir, name, locale, values);
    },

    /** Queues one of the newsletter's mails. */
    async queue(name: NewsletterMail, locale: Locale, to: string, values: Record<string, string>, expiresAt?: number) {
      await outbox().enqueue({ kind: `newsletter:${name}`, locale, to, values, expiresAt });
    },
  };
};

export type MailerService = ReturnType<typeof mailer>;
export default mailer;
