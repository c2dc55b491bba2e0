import type { Core, UID } from '@strapi/strapi';
import { contentTypes } from '@strapi/utils';
import type { Context } from 'koa';
import { isDeepStrictEqual } from 'node:util';
import { LRUCache } from 'lru-cache';
import type { PopulateTree } from './default-populate';
import { markValidatedQuery, targetOf } from './public-query';

/*
 * Strapi validates and sanitizes a request's whole query on every request: for our default
 * populate (a tree of five relations, each with fields, images and components) that walk cost
 * more than the database. The default populate is the same for every request, so its validation
 * and sanitization are done once per set of permissions (the requester's ability rules: the
 * public role's, an API token's, a user role's) and kept. The rest of the query (filters, sort,
 * pagination, locale) is checked by Strapi's own methods once per distinct rest and permissions;
 * the most recent checks are kept, a failed check never. A change of permissions gives other
 * rules, hence fresh checks.
 *
 * Sanitizing the answer (another walk of every entry) only removes what the default populate
 * cannot hold: relations the requester may not read (the sanitized populate already left them
 * out) and private or password fields (the populate selects none: checked once from the models).
 * So an anonymous request with the default populate, when its sanitization left the populate
 * whole, skips it. Any other request is sanitized by Strapi as usual.
 */

type Query = Record<string, unknown>;
interface State {
  defaultPopulate?: boolean;
  auth?: { credentials?: unknown; ability?: { rules?: unknown } };
  route?: { handler?: string };
}

// Checks kept: three per set of permissions for the default populate, two per distinct rest of a query.
const MAX_KEPT = 1024;

/** The core controller's own checks, on the prototype of ours (createCoreController sets it). */
interface CoreChecks {
  validateQuery(ctx: Context): Promise<void>;
  sanitizeQuery(ctx: Context): Promise<Query>;
  sanitizeOutput<TData>(data: TData, ctx: Context): Promise<unknown>;
}

interface Attribute {
  type: string;
  target?: string;
  component?: string;
}
interface Model {
  attributes: Record<string, Attribute>;
}
const NOT_SCALAR = new Set(['relation', 'component', 'media', 'dynamiczone']);

/**
 * True when populating `uid` as `branch` would select a private or password field (an explicit
 * `fields` list, or every scalar field when there is none), at any depth.
 */
export const selectsPrivateFields = (strapi: Core.Strapi, uid: string, branch: PopulateTree[string]): boolean => {
  const model = strapi.getModel(uid as UID.Schema) as unknown as Model;
  const fields = branch === true ? undefined : branch.fields;
  const populate = branch === true ? {} : (branch.populate ?? {});
  const selected = fields ?? Object.keys(model.attributes).filter((name) => !NOT_SCALAR.has(model.attributes[name].type));
  const hidden = (name: string) => model.attributes[name]?.type === 'password' || contentTypes.isPrivateAttribute(model as never, name);
  if (selected.some(hidden)) return true;
  return Object.entries(populate).some(([name, nested]) => {
    const attribute = model.attributes[name];
    if (!attribute || hidden(name)) return true;
    const target = targetOf(attribute);
    return target === undefined || selectsPrivateFields(strapi, target, nested);
  });
};
const core = (controller: object) => Object.getPrototypeOf(controller) as CoreChecks;

/** Marks a request whose `populate` the route's middleware set (see default-populate.ts). */
export const markDefaultPopulate = (ctx: Context) => {
  (ctx.state as State).defaultPopulate = true;
};

const keptOf = new WeakMap<Core.Strapi, LRUCache<string, Promise<unknown>>>();

/** `work()`'s result for `key`, computed once (the most recent keys are kept); a failure is not kept. */
const once = <T>(strapi: Core.Strapi, key: string, work: () => Promise<T>): Promise<T> => {
  let kept = keptOf.get(strapi);
  if (!kept) {
    kept = new LRUCache({ max: MAX_KEPT });
    keptOf.set(strapi, kept);
  }
  let result = kept.get(key) as Promise<T> | undefined;
  if (!result) {
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
 * Overrides of the core controller's `validateQuery`, `sanitizeQuery` and `sanitizeOutput` for a
 * public type: the core methods for everything but a default populate, which is checked once per
 * permissions. (The controllers cast the object: Strapi's controller type admits only route
 * handlers besides its own methods.)
 */
export const publicReadChecks = (strapi: Core.Strapi, uid: UID.ContentType) => {
  const model = strapi.getModel(uid);
  const options = (ctx: Context) => {
    const state = ctx.state as State;
    const strictParams = strapi.config.get('api.rest.strictParams');
    return { auth: state.auth, route: state.route, ...(typeof strictParams === 'boolean' ? { strictParams } : {}) } as never;
  };
  const requesters = new WeakMap<Context, string>();
  /** The route and the requester's permissions, which decide what a check finds. */
  const requester = (ctx: Context) => {
    let key = requesters.get(ctx);
    if (key === undefined) {
      const state = ctx.state as State;
      key = `${state.route?.handler} ${JSON.stringify(state.auth?.ability?.rules ?? null)}`;
      requesters.set(ctx, key);
    }
    return key;
  };
  const keyOf = (ctx: Context, step: string) => `${step} ${requester(ctx)}`;
  /** The key of a check of the rest of the query (all but the default populate). */
  const restKeyOf = (ctx: Context, step: string) => {
    const { populate, ...rest } = ctx.query as Query;
    return `${keyOf(ctx, step)} ${JSON.stringify(rest)}`;
  };

  const sanitizedPopulate = (ctx: Context) =>
    once(strapi, keyOf(ctx, 'sanitize'), () => strapi.contentAPI.sanitize.query({ populate: (ctx.query as Query).populate }, model, options(ctx))) as Promise<Query>;
  /** Whether this request's answer may skip sanitization (see above); kept per permissions. */
  const answerIsSafe = async (ctx: Context) => {
    const state = ctx.state as State;
    if (!state.defaultPopulate || !state.auth || state.auth.credentials) return false;
    const populate = (ctx.query as Query).populate as PopulateTree;
    return once(strapi, keyOf(ctx, 'safe'), async () => isDeepStrictEqual((await sanitizedPopulate(ctx)).populate, populate) && !selectsPrivateFields(strapi, uid, { populate }));
  };

  return {
    async validateQuery(ctx: Context): Promise<void> {
      const own = core(this);
      if (!(ctx.state as State).defaultPopulate) return own.validateQuery.call(this, ctx);
      // The rest of the query is checked once per distinct query and permissions, too.
      await once(strapi, restKeyOf(ctx, 'validate rest'), () => withoutPopulate(ctx, () => own.validateQuery.call(this, ctx)));
      const populate = (ctx.query as Query).populate;
      await once(strapi, keyOf(ctx, 'validate'), () => strapi.contentAPI.validate.query({ populate }, model, options(ctx)));
    },

    async sanitizeQuery(ctx: Context): Promise<Query> {
      const own = core(this);
      if (!(ctx.state as State).defaultPopulate) return own.sanitizeQuery.call(this, ctx);
      const rest = await once(strapi, restKeyOf(ctx, 'sanitize rest'), () => withoutPopulate(ctx, () => own.sanitizeQuery.call(this, ctx)));
      // A copy, as a request's query may be changed on its way to the database. The service reads
      // a query marked so without checking it again (public-query.ts).
      return markValidatedQuery({ ...structuredClone(rest), populate: (await sanitizedPopulate(ctx)).populate });
    },

    async sanitizeOutput<TData>(data: TData, ctx: Context): Promise<unknown> {
      if (await answerIsSafe(ctx)) return data;
      return core(this).sanitizeOutput.call(this, data, ctx);
    },
  };
};
