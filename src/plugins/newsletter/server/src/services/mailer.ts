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
  registerRenderer(
    prefix: string,
    render: (kind: string, locale: Locale, to: string, values: Record<string, string>) => RenderedMail
  ): void;
  enqueue(message: { kind: string; locale: Locale; to: string; values: Record<string, string>; expiresAt?: number }): Promise<number>;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const fill = (template: string, values: Record<string, string>, escape: (text: string) => string) =>
  template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in values ? escape(values[name]) : whole));

/**
 * The newsletter's own mails (confirmation, welcome), queued in the account outbox of
 * signup-verification (durable, off the request path) and rendered here at send time.
 */
const mailer = ({ strapi }: { strapi: Core.Strapi }) => {
  const dir = path.join(strapi.dirs.app.root, 'src', 'plugins', 'newsletter', 'templates');
  const outbox = () => strapi.plugin('signup-verification').service('outbox') as Outbox;
  const config = () => strapi.config.get('plugin::newsletter') as NewsletterConfig;

  const render = (kind: string, locale: Locale, to: string, values: Record<string, string>): RenderedMail => {
    const name = kind.slice('newsletter:'.length) as NewsletterMail;
    const read = (part: 'html' | 'txt') => fs.readFileSync(path.join(dir, `${name}.${locale}.${part}`), 'utf8');
    const all = { email: to, siteUrl: config().frontendOrigins[0] ?? '', ...values };
    const headers: Record<string, string> = values.unsubscribeUrl
      ? { 'List-Unsubscribe': `<${values.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
      : {};
    return {
      subject: config().subjects[name][locale],
      text: fill(read('txt'), all, (text) => text),
      html: fill(read('html'), all, escapeHtml),
      headers,
    };
  };

  return {
    /** Called in register(): the outbox renders `newsletter:*` mails here. */
    registerWithOutbox(): void {
      outbox().registerRenderer('newsletter', render);
    },

    /** Queues one of the newsletter's mails. */
    async queue(name: NewsletterMail, locale: Locale, to: string, values: Record<string, string>, expiresAt?: number) {
      await outbox().enqueue({ kind: `newsletter:${name}`, locale, to, values, expiresAt });
    },
  };
};

export type MailerService = ReturnType<typeof mailer>;
export default mailer;
