import type { Core } from '@strapi/strapi';
import { markDefaultPopulate } from './public-read';

export type PopulateTree = Record<string, true | { populate?: PopulateTree; fields?: string[] }>;

/** Image sizes a frontend draws (srcset); Strapi's `large` is left to clients that ask. */
const IMAGE_FORMATS = ['thumbnail', 'small', 'medium'] as const;

/** What a frontend shows of an image: its URL, size, text and the formats above. */
export const IMAGE = { fields: ['url', 'alternativeText', 'width', 'height', 'mime', 'formats'] };

type Json = unknown;

/** Each format cut to what an `<img srcset>` needs: `{url, width, height}`. */
const slimFormats = (formats: Record<string, { url?: string; width?: number; height?: number }>) =>
  Object.fromEntries(
    IMAGE_FORMATS.filter((name) => formats[name]).map((name) => {
      const { url, width, height } = formats[name];
      return [name, { url, width, height }];
    })
  );

/** Walks an answer and slims every image's formats (images are the objects with `url` and `formats`). */
const slimImages = (value: Json): void => {
  if (Array.isArray(value)) {
    value.forEach(slimImages);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const entry = value as Record<string, Json>;
  if ('url' in entry && entry.formats && typeof entry.formats === 'object') {
    entry.formats = slimFormats(entry.formats as Record<string, { url?: string; width?: number; height?: number }>);
    return;
  }
  Object.values(entry).forEach(slimImages);
};

/**
 * A route middleware that gives list and detail answers the relations a frontend shows, with the
 * fields it shows, when the request names neither `populate` nor `fields`. A client that asks for
 * its own `populate` or `fields` gets exactly that instead, untouched.
 */
export const defaultPopulate =
  (populate: PopulateTree): Core.MiddlewareFactory =>
  () =>
  async (ctx, next) => {
    const ours = ctx.query.populate === undefined && ctx.query.fields === undefined;
    if (ours) {
      ctx.query.populate = populate;
      // The controller checks this populate once per permissions (public-read.ts).
      markDefaultPopulate(ctx);
    }
    await next();
    if (ours && ctx.status === 200) slimImages((ctx.body as { data?: Json } | undefined)?.data);
  };

/** Teasers: the fields a list or a card shows of a related entry. */
export const PERSON_TEASER = {
  fields: ['fullName', 'slug', 'honorific', 'role', 'organisation', 'countryCode'],
  populate: { portrait: IMAGE },
};
export const MEETING_TEASER = { fields: ['title', 'slug', 'kind', 'startsAt', 'endsAt'], populate: { location: true as const } };
export const TOPIC_TEASER = { fields: ['name', 'slug'] };
export const ARTICLE_TEASER = { fields: ['title', 'slug', 'date', 'summary', 'locale'], populate: { cover: IMAGE } };

/** A rendition as a player or a download button needs it (the storage key is private anyway). */
export const RENDITION = {
  fields: ['kind', 'label', 'container', 'codecs', 'width', 'height', 'bitrate', 'sizeBytes', 'durationSeconds', 'status'],
  populate: { file: { fields: ['url', 'mime', 'size'] } },
};
export const VIDEO_TEASER = {
  fields: ['title', 'slug', 'recordedAt', 'credit', 'embargoUntil'],
  populate: {
    poster: IMAGE,
    technical: { fields: ['durationSeconds', 'width', 'height', 'frameRate', 'scanType'] },
    renditions: RENDITION,
  },
};
