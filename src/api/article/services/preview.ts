import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import jwt from 'jsonwebtoken';
import { POPULATE } from '../middlewares/article-populate';

const UID = 'api::article.article';
const ISSUER = 'newsreel-preview';

export interface PreviewParams {
  documentId: string;
  locale?: string | null;
  status?: string | null;
}

/**
 * The admin's Preview button (Strapi 5's `admin.preview` handler) and the draft it shows. A draft
 * never gets a public URL: the handler signs a short-lived token naming one story in one locale
 * (HS256 under a key derived from APP_KEYS), the story page reads it from its URL fragment and
 * POSTs it to /api/article-previews, which answers that draft alone.
 */
const preview = ({ strapi }: { strapi: Core.Strapi }) => {
  const key = crypto.createSecretKey(crypto.createHash('sha256').update(`article-preview:${String(strapi.config.get('server.app.keys', [''])[0])}`).digest());
  // config/preview.ts; a value that is not a positive number of seconds would sign dead tokens.
  const ttl = Number(strapi.config.get('preview.tokenTtlSeconds'));
  if (!Number.isInteger(ttl) || ttl <= 0) throw new Error(`PREVIEW_TOKEN_TTL_SECONDS must be a positive number of seconds, not ${ttl}`);
  const base = () => String(strapi.config.get('server.url', '')).replace(/\/+$/, '');

  return {
    sign(documentId: string, locale: string): string {
      return jwt.sign({ l: locale }, key, { algorithm: 'HS256', subject: documentId, issuer: ISSUER, expiresIn: ttl });
    },

    /** The story and locale a valid token names, or null for a bad, tampered or expired one. */
    verify(token: unknown): { documentId: string; locale: string } | null {
      if (typeof token !== 'string' || token.length > 2000) return null;
      try {
        const claims = jwt.verify(token, key, { algorithms: ['HS256'], issuer: ISSUER }) as jwt.JwtPayload;
        if (typeof claims.sub !== 'string' || typeof claims.l !== 'string') return null;
        return { documentId: claims.sub, locale: claims.l };
      } catch {
        return null;
      }
    },

    /**
     * The page the admin's Preview opens for `uid`, or null (no preview panel) for the other types.
     * A published version opens its public page; a draft, or a published story with unsaved
     * ('modified') changes, opens the draft through a token.
     */
    async url(uid: string, { documentId, locale, status }: PreviewParams): Promise<string | null> {
      if (uid !== UID) return null;
      const language = locale || (await strapi.plugin('i18n').service('locales').getDefaultLocale()) || 'en';
      if (status === 'published') {
        const story = await strapi.documents(UID).findOne({ documentId, locale: language, status: 'published', fields: ['slug'] });
        if (story) return `${base()}/stories/story.html?slug=${encodeURIComponent(story.slug as string)}&lang=${language}`;
      }
      return `${base()}/stories/story.html?lang=${language}#preview=${this.sign(documentId, language)}`;
    },

    /** The draft a token names, sanitized as the public would get it; null when there is none. */
    async draft(token: unknown): Promise<{ found: boolean; valid: boolean; data?: unknown }> {
      const named = this.verify(token);
      if (!named) return { valid: false, found: false };
      const entry = await strapi.documents(UID).findOne({ documentId: named.documentId, locale: named.locale, status: 'draft', populate: POPULATE as never });
      if (!entry) return { valid: true, found: false };
      const data = await strapi.contentAPI.sanitize.output(entry, strapi.getModel(UID));
      return { valid: true, found: true, data };
    },
  };
};

export type PreviewService = ReturnType<typeof preview>;
export default preview;
