import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { NewsletterConfig } from '../config';
import { getService } from '../utils/get-service';
import type { Locale } from './mailer';

/** The stories campaigns are made of (see the README for the fields they need). */
const ARTICLE = 'api::article.article';

export type Selection = 'since-last' | { articles: string[] };

/** What a campaign mail shows of one story. */
export interface StoryCard {
  documentId: string;
  title: string;
  date: string;
  place: string;
  summary: string;
  url: string;
  imageUrl: string;
  imageAlt: string;
}

/**
 * A campaign mail rendered once for its language: the HTML and text split around the values that
 * change per recipient. Even indexes are fixed text, odd ones name a slot.
 */
export interface RenderedCampaign {
  subject: string;
  html: string[];
  text: string[];
}

export interface PersonalValues {
  greeting: string;
  unsubscribePage: string;
}

export interface CampaignText {
  subject: string;
  intro?: string | null;
  translations?: Partial<Record<Locale, { subject?: string; intro?: string }>> | null;
}

const SLOT = (name: keyof PersonalValues) => `\u0001${name}\u0001`;
const SLOTS = /\u0001(greeting|unsubscribePage)\u0001/;
// Staff text could hold the slot marker; it never reaches a template.
const clean = (text: string) => text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

const GREETINGS: Record<Locale, { anonymous: string; named: (name: string) => string }> = {
  en: { anonymous: 'Hello,', named: (name) => `Hello ${name},` },
  fr: { anonymous: 'Bonjour,', named: (name) => `Bonjour ${name},` },
};

/**
 * The footer's sender and postal address where they are not set, in development only, so that a
 * newcomer's `npm run develop` can send a campaign; marked as placeholders in the mail itself.
 */
const PLACEHOLDERS: Record<Locale, { organisation: string; postalAddress: string }> = {
  en: {
    organisation: 'Your organisation (placeholder)',
    postalAddress: 'Placeholder postal address: set NEWSLETTER_ORGANISATION and NEWSLETTER_POSTAL_ADDRESS',
  },
  fr: {
    organisation: 'Votre organisation (provisoire)',
    postalAddress: 'Adresse postale provisoire : définissez NEWSLETTER_ORGANISATION et NEWSLETTER_POSTAL_ADDRESS',
  },
};

const fill = (parts: string[], values: PersonalValues, escape: (text: string) => string) =>
  parts.map((part, index) => (index % 2 === 1 ? escape(values[part as keyof PersonalValues]) : part)).join('');

interface Article {
  documentId: string;
  title: string;
  slug: string;
  date: string;
  summary?: string | null;
  publishedAt: string;
  location?: { venue?: string | null; city?: string | null; countryCode?: string | null } | null;
  cover?: { url: string; alternativeText?: string | null; formats?: Record<string, { url: string }> | null } | null;
}

/**
 * Campaign content: the stories a campaign carries, and the mail rendered from them once per
 * language (MJML + Mustache, the account mails' toolchain), then personalised per recipient by
 * filling two slots: the greeting and the unsubscribe link.
 */
const composer = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.config.get('plugin::newsletter') as NewsletterConfig;
  const absolute = (url: string) => (url.startsWith('/') ? `${String(strapi.config.get('server.absoluteUrl'))}${url}` : url);

  const card = (article: Article, locale: Locale): StoryCard => {
    const country = article.location?.countryCode
      ? (new Intl.DisplayNames([locale], { type: 'region' }).of(article.location.countryCode) ?? article.location.countryCode)
      : '';
    const place = [article.location?.venue, article.location?.city, country].filter(Boolean).join(', ');
    const image = article.cover?.formats?.medium?.url ?? article.cover?.formats?.small?.url ?? article.cover?.url;
    const path = config()
      .storyPath.replace('{locale}', encodeURIComponent(locale))
      .replace('{slug}', encodeURIComponent(article.slug ?? article.documentId));
    return {
      documentId: article.documentId,
      title: clean(article.title),
      date: new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${article.date}T00:00:00Z`)),
      place: clean(place),
      summary: clean(article.summary ?? ''),
      url: `${config().frontendOrigins[0]}${path}`,
      imageUrl: image ? absolute(image) : '',
      imageAlt: clean(article.cover?.alternativeText ?? article.title),
    };
  };

  /**
   * Where the last campaign's stories ended: the snapshot time of the latest campaign that started
   * (sending, paused or sent; before snapshots were timed, its start).
   */
  const lastSnapshot = async (): Promise<Date | null> => {
    const started = { status: { $in: ['sending', 'paused', 'sent'] } };
    const campaigns = strapi.db.query('plugin::newsletter.campaign');
    const [timed, older] = (await Promise.all([
      campaigns.findOne({ where: { ...started, storiesUntil: { $notNull: true } }, orderBy: { storiesUntil: 'desc' }, select: ['storiesUntil'] }),
      campaigns.findOne({ where: { ...started, storiesUntil: null, startedAt: { $notNull: true } }, orderBy: { startedAt: 'desc' }, select: ['startedAt'] }),
    ])) as [{ storiesUntil: string | number } | null, { startedAt: string | number } | null];
    const times = [timed?.storiesUntil, older?.startedAt].filter((value) => value !== undefined && value !== null).map((value) => new Date(value!));
    return times.length ? new Date(Math.max(...times.map((time) => time.getTime()))) : null;
  };

  return {
    /**
     * The published stories of `selection` in `locale`, newest first: chosen by hand (in the order
     * given; one not published in this language is left out), or every story published after the
     * last started campaign's snapshot and up to `until` (the latest ones when none was sent yet),
     * so that no story is in two campaigns of `since-last` and none falls between them.
     */
    async stories(selection: Selection, locale: Locale, until?: Date): Promise<StoryCard[]> {
      if (!strapi.contentTypes[ARTICLE as keyof typeof strapi.contentTypes]) {
        throw new errors.ApplicationError(`Campaigns list stories of the ${ARTICLE} content type, which this app does not have.`);
      }
      const populate = { cover: true, location: true } as const;
      const articles = strapi.documents(ARTICLE as never) as unknown as {
        findMany(params: Record<string, unknown>): Promise<Article[]>;
      };
      if (selection === 'since-last') {
        const since = await lastSnapshot();
        const publishedAt = { ...(since ? { $gt: since } : {}), ...(until ? { $lte: until } : {}) };
        const found = await articles.findMany({
          locale,
          status: 'published',
          populate,
          filters: Object.keys(publishedAt).length ? { publishedAt } : {},
          sort: [{ date: 'desc' }, { publishedAt: 'desc' }],
          limit: config().maxStories,
        });
        return found.map((article) => card(article, locale));
      }
      const ids = selection.articles;
      const found = await articles.findMany({ locale, status: 'published', populate, filters: { documentId: { $in: ids } }, limit: ids.length });
      const byId = new Map(found.map((article) => [article.documentId, article]));
      return ids.flatMap((id) => (byId.has(id) ? [card(byId.get(id)!, locale)] : []));
    },

    /** The campaign's subject and intro in `locale` (the French ones when given, else the main text). */
    text(campaign: CampaignText, locale: Locale): { subject: string; intro: string } {
      const translated = locale === 'fr' ? campaign.translations?.fr : undefined;
      return { subject: translated?.subject || campaign.subject, intro: translated?.intro || campaign.intro || '' };
    },

    /**
     * The footer's sender and postal address in `locale`. Bulk mail must name its sender and a
     * postal address, so without them a campaign refuses to start, except in development
     * (`NODE_ENV=development`, however Strapi was started), where what is missing is filled with
     * a placeholder marked as such, and a warning is logged.
     */
    footer(locale: Locale): { organisation: string; postalAddress: string } {
      const organisation = config().organisation?.trim();
      const postalAddress = config().postalAddress?.trim();
      if (organisation && postalAddress) return { organisation, postalAddress };
      if (strapi.config.get('environment') !== 'development') {
        throw new errors.ApplicationError(
          'Campaigns need the sender’s name and postal address in their footer: set NEWSLETTER_ORGANISATION and NEWSLETTER_POSTAL_ADDRESS.'
        );
      }
      strapi.log.warn(
        `[newsletter] Development: this campaign's ${locale} mail has a placeholder footer; set NEWSLETTER_ORGANISATION and NEWSLETTER_POSTAL_ADDRESS (production refuses to send without them).`
      );
      return { organisation: organisation || PLACEHOLDERS[locale].organisation, postalAddress: postalAddress || PLACEHOLDERS[locale].postalAddress };
    },

    /** Renders the campaign once for `locale`, with its footer (see `footer`). */
    async render(campaign: CampaignText, locale: Locale, stories: StoryCard[]): Promise<RenderedCampaign> {
      const { organisation, postalAddress } = this.footer(locale);
      const { subject, intro } = this.text(campaign, locale);
      const paragraphs = clean(intro)
        .split(/\n\s*\n/)
        .map((paragraph) => paragraph.trim())
        .filter(Boolean);
      const parts = await getService(strapi, 'mailer').renderFile('campaign', locale, {
        subject: clean(subject),
        preview: paragraphs[0]?.slice(0, 140) ?? clean(subject),
        intro: paragraphs,
        stories,
        organisation: clean(organisation),
        postalAddress: clean(postalAddress),
        siteUrl: config().frontendOrigins[0] ?? '',
        greeting: SLOT('greeting'),
        unsubscribePage: SLOT('unsubscribePage'),
      });
      return { subject: clean(subject), html: parts.html.split(SLOTS), text: parts.text.split(SLOTS) };
    },

    /** One recipient's mail from the rendered campaign. */
    personalise(rendered: RenderedCampaign, values: PersonalValues): { subject: string; html: string; text: string } {
      // The templates' own escaping (the mail-outbox toolchain), so slots read like the rest.
      const { escapeHtml } = strapi.plugin('mail-outbox').service('templates') as { escapeHtml: (text: string) => string };
      return { subject: rendered.subject, html: fill(rendered.html, values, escapeHtml), text: fill(rendered.text, values, (text) => text) };
    },

    /** The greeting of a subscriber, by name when known. */
    greeting(locale: Locale, name?: string | null): string {
      const trimmed = name ? clean(name).trim() : '';
      return trimmed ? GREETINGS[locale].named(trimmed) : GREETINGS[locale].anonymous;
    },
  };
};

export type ComposerService = ReturnType<typeof composer>;
export default composer;
