import type { Core, Modules, UID } from '@strapi/strapi';
import slugify from 'slugify';

/** The field each content type's slug is made from. */
export const SLUG_SOURCES = {
  'api::article.article': 'title',
  'api::person.person': 'fullName',
  'api::meeting.meeting': 'title',
  'api::topic.topic': 'name',
  'api::video-asset.video-asset': 'title',
} as const satisfies Partial<Record<UID.ContentType, string>>;

type SluggedUid = keyof typeof SLUG_SOURCES;
type Data = Record<string, unknown>;

const MAX_SLUG_LENGTH = 180;

const isSlugged = (uid: string): uid is SluggedUid => uid in SLUG_SOURCES;
const isBlank = (value: unknown) => value === undefined || value === null || value === '';

/** The one slug function of the project: lower case, ASCII, words joined by dashes. */
export const toSlug = (text: string): string =>
  slugify(text, { lower: true, strict: true, trim: true }).slice(0, MAX_SLUG_LENGTH).replace(/-+$/, '') || 'entry';

const slugs = ({ strapi }: { strapi: Core.Strapi }) => {
  /** `base`, or `base-2`, `base-3`… : the first one no other document of the locale uses. */
  const unique = async (uid: SluggedUid, base: string, locale: string | undefined, documentId?: string) => {
    const taken = await strapi.documents(uid).findMany({
      locale,
      status: 'draft',
      filters: { slug: { $startsWith: base } },
      fields: ['slug'],
    });
    const used = new Set(taken.filter((entry) => entry.documentId !== documentId).map((entry) => entry.slug));
    let candidate = base;
    for (let n = 2; used.has(candidate); n += 1) candidate = `${base}-${n}`;
    return candidate;
  };

  /** The slug a write should store, or undefined when the write leaves the slug alone. */
  const forWrite = async (
    uid: SluggedUid,
    action: 'create' | 'update',
    params: { data?: Data; locale?: string; documentId?: string }
  ): Promise<string | undefined> => {
    const data = params.data ?? {};
    const source = SLUG_SOURCES[uid];
    if (!isBlank(data.slug)) {
      return unique(uid, toSlug(String(data.slug)), params.locale, params.documentId);
    }

    let text = data[source];
    if (action === 'update') {
      // An update that leaves the slug out keeps the existing one; it only fills a missing slug,
      // e.g. when the update creates a new locale of the document.
      const current = (await strapi.documents(uid).findOne({
        documentId: params.documentId as string,
        locale: params.locale,
        status: 'draft',
      })) as Data | null;
      if (!('slug' in data) && current?.slug) return undefined;
      text ??= current?.[source];
    }
    if (isBlank(text)) return undefined;
    return unique(uid, toSlug(String(text)), params.locale, params.documentId);
  };

  /**
   * Document-service middleware: every create path (admin, REST, document service, seed) goes
   * through the document service, so slugs are made here once. Strapi's `uid` field only fills
   * itself in the admin form.
   */
  const middleware: Modules.Documents.Middleware.Middleware = async (context, next) => {
    const { uid, action } = context;
    if (isSlugged(uid) && (action === 'create' || action === 'update')) {
      const params = context.params as { data?: Data; locale?: string; documentId?: string };
      const slug = await forWrite(uid, action, params);
      if (slug !== undefined) params.data = { ...params.data, slug };
    }
    return next();
  };

  return { toSlug, unique, forWrite, middleware };
};

export type SlugsService = ReturnType<typeof slugs>;
export default slugs;
