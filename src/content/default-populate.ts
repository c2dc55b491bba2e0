import type { Core } from '@strapi/strapi';

export type PopulateTree = Record<string, true | { populate?: PopulateTree; fields?: string[] }>;

/**
 * A route middleware that gives list and detail answers their relations without a `populate`
 * parameter. A client that asks for its own `populate` gets exactly that instead.
 */
export const defaultPopulate =
  (populate: PopulateTree): Core.MiddlewareFactory =>
  () =>
  async (ctx, next) => {
    if (ctx.query.populate === undefined) {
      ctx.query.populate = populate;
    }
    await next();
  };

/** What a story teaser shows of an article, for the reverse relations. */
export const ARTICLE_TEASER: PopulateTree[string] = {
  fields: ['title', 'slug', 'date', 'summary', 'locale'],
  populate: { cover: true },
};
