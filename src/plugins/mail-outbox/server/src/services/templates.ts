import type { Core } from '@strapi/strapi';
import { createTemplates, escapeHtml, type TemplateParts } from '../mail/templates';

/** A rendered mail, ready for the email plugin. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
}

/**
 * The mail template toolchain every plugin renders with (MJML + Mustache, mail/templates.ts), and
 * the one way mail leaves: the email plugin.
 */
const templates = ({ strapi }: { strapi: Core.Strapi }) => {
  const compiled = createTemplates();
  return {
    /** Template `name` of folder `dir` in `locale`: HTML and text parts filled with `values`. */
    render(dir: string, name: string, locale: string, values: Record<string, unknown>): Promise<TemplateParts> {
      return compiled.render(dir, name, locale, values);
    },

    /** The HTML escaping of the templates, for values filled in after rendering (campaign slots). */
    escapeHtml,

    /** Sends a rendered mail through the email plugin; throws what the relay said. */
    async send(to: string, mail: RenderedMail, messageId: string): Promise<void> {
      const { headers, ...content } = mail;
      await strapi.plugin('email').service('email').send({ to, ...content, headers: { ...headers, 'Message-ID': messageId } });
    },
  };
};

export type TemplatesService = ReturnType<typeof templates>;
export default templates;
