import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import type { SignupVerificationConfig } from '../config';

export type MailKind = keyof SignupVerificationConfig['subjects'];
export type Locale = 'en' | 'fr';

interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** What this plugin uses of the mail-outbox plugin's services. */
interface MailOutbox {
  outbox: {
    registerRenderer(prefix: string, render: (kind: string, locale: string, to: string, values: Record<string, string>) => Promise<RenderedMail>): void;
    enqueue(message: { kind: string; locale: string; to: string; values: Record<string, string>; expiresAt?: number }): Promise<number>;
  };
  templates: {
    render(dir: string, name: string, locale: string, values: Record<string, unknown>): Promise<{ html: string; text: string }>;
  };
}

/** Kinds of this plugin's mails in the outbox: `signup-verification:<kind>`. */
const PREFIX = 'signup-verification';

/** This package's mail templates: dist/templates beside the built server, or templates/ beside the sources. */
const TEMPLATES = [path.resolve(__dirname, '..', 'templates'), path.resolve(__dirname, '..', '..', '..', 'templates')].find((dir) =>
  fs.existsSync(path.join(dir, 'README.md'))
) as string;

/**
 * The account mails: queued in the mail-outbox plugin's durable outbox (so no answer waits on the
 * relay) and rendered at send time from this plugin's templates, with the outbox's toolchain.
 */
const mailer = ({ strapi }: { strapi: Core.Strapi }) => {
  const dir = TEMPLATES;
  const config = () => strapi.config.get('plugin::signup-verification') as SignupVerificationConfig;
  const mailOutbox = <Name extends keyof MailOutbox>(name: Name) => strapi.plugin('mail-outbox').service(name) as MailOutbox[Name];

  /** One of this plugin's mails in the account's language, HTML and text. */
  const render = async (kind: string, locale: string, to: string, values: Record<string, string>): Promise<RenderedMail> => {
    const name = kind.slice(PREFIX.length + 1) as MailKind;
    const all = { email: to, siteUrl: config().frontendOrigins[0] ?? '', ...values };
    return { subject: config().subjects[name][locale as Locale], ...(await mailOutbox('templates').render(dir, name, locale, all)) };
  };

  return {
    /** Called in register(): the outbox renders `signup-verification:*` mails here. */
    registerWithOutbox(): void {
      mailOutbox('outbox').registerRenderer(PREFIX, render);
    },

    /** Queues one of this plugin's mails; the values are sealed in the row (a code is one of them). */
    async queue(message: { kind: MailKind; locale: Locale; to: string; values: Record<string, string>; expiresAt?: number }): Promise<void> {
      await mailOutbox('outbox').enqueue({ ...message, kind: `${PREFIX}:${message.kind}` });
    },
  };
};

export type MailerService = ReturnType<typeof mailer>;
export default mailer;
