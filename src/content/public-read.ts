import type { Core, UID } from '@strapi/strapi';
import type { Context } from 'koa';

/*
 * Strapi validates and sanitizes a request's whole query on every request: for our default
 * populate (a tree of five relations, each with fields, images and components) that walk cost
 * more than the database. The default populate is the same for every request, so its validation
 * and sanitization are done once per set of permissions (the requester's ability rules: the
 * public role's, an API token's, a user role's) and kept; the rest of the query (filters, sort,
 * pagination, locale) is still checked on every request by Strapi's own methods. A change of
 * permissions gives other rules, hence a fresh check.
 */

type Query = Record<string, unknown>;
interface State {
  defaultPopulate?: boolean;
  auth?: { ability?: { rules?: unknown } };
  route?: { handler?: string };
}

const MAX_KEPT = 64;

/** The core controller's own checks, on the prototype of ours (createCoreController sets it). */
interface CoreChecks {
  validateQuery(ctx: Context): Promise<void>;
  sanitizeQuery(ctx: Context): Promise<Query>;
}
const core = (controller: object) => Object.getPrototypeOf(controller) as CoreChecks;

/** Marks a request whose `populate` the route's middleware set (see default-populate.ts). */
export const markDefaultPopulate = (ctx: Context) => {
  (ctx.state as State).defaultPopulate = true;
};

const keptOf = new WeakMap<Core.Strapi, Map<string, Promise<unknown>>>();

/** `work()`'s result for `key`, computed once; a failure is not kept. */
const once = <T>(strapi: Core.Strapi, key: string, work: () => Promise<T>): Promise<T> => {
  let kept = keptOf.get(strapi);
  if (!kept) {
    kept = new Map();
    keptOf.set(strapi, kept);
  }
  let result = kept.get(key) as Promise<T> | undefined;
  if (!result) {
    if (kept.size >= MAX_KEPT) kept.clear();
    result = work();
    kept.set(key, result);
    result.catch(() => kept.delete(key));
  }
  return result;
};

/** Runs `work` with the request's query minus its populate, which is put back after. */
const withoutPopulate = async <T>(ctx: Context, work: () => Promise<T>): Promise<T> => {
  const query = ctx.query as Query;
  const { populate } = query;
  delete query.populate;
  try {
    return await work();
  } finally {
    query.populate = populate;
  }
};

/**
 * Overrides of the core controller's `validateQuery` and `sanitizeQuery` for a public type: the
 * core methods for everything but a default populate, which is checked once per permissions.
 */
export const publicReadChecks = (strapi: Core.Strapi, uid: UID.ContentType) => {
  const model = strapi.getModel(uid);
  const options = (ctx: Context) => {
    const state = ctx.state as State;
    const strictParams = strapi.config.get('api.rest.strictParams');
    return { auth: state.auth, route: state.route, ...(typeof strictParams === 'boolean' ? { strictParams } : {}) } as never;
  };
  const keyOf = (ctx: Context, step: string) => {
    const state = ctx.state as State;
    return `${step} ${state.route?.handler} ${JSON.stringify(state.auth?.ability?.rules ?? null)}`;
  };

  return {
    async validateQuery(ctx: Context): Promise<void> {
      const own = core(this);
      if (!(ctx.state as State).defaultPopulate) return own.validateQuery.call(this, ctx);
      await withoutPopulate(ctx, () => own.validateQuery.call(this, ctx));
      const populate = (ctx.query as Query).populate;
      await once(strapi, keyOf(ctx, 'validate'), () => strapi.contentAPI.validate.query({ populate }, model, options(ctx)));
    },

    async sanitizeQuery(ctx: Context): Promise<Query> {
      const own = core(this);
      if (!(ctx.state as State).defaultPopulate) return own.sanitizeQuery.call(this, ctx);
      const rest = await withoutPopulate(ctx, () => own.sanitizeQuery.call(this, ctx));
      const populate = (ctx.query as Query).populate;
      const sanitized = (await once(strapi, keyOf(ctx, 'sanitize'), () => strapi.contentAPI.sanitize.query({ populate }, model, options(ctx)))) as Query;
      return { ...rest, populate: sanitized.populate };
    },
  };
};
