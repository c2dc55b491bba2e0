import type { Core } from '@strapi/strapi';
import { findPasswordRoute } from '../enforcement/password-routes';
import { isPasswordGiven, normalise } from '../rules';
import { getService } from '../utils/get-service';
import { requestLocale } from '../utils/locale';

type Body = Record<string, unknown>;

const parentOf = (body: Body, path: string[]): Body | undefined => {
  let node: unknown = body;
  for (const key of path.slice(0, -1)) node = (node as Body | undefined)?.[key];
  return node && typeof node === 'object' ? (node as Body) : undefined;
};

/** NFKC-normalises a string field in place, so hashes and log-ins agree on one encoding. */
const normaliseField = (body: Body, path: string[]) => {
  const parent = parentOf(body, path);
  const key = path[path.length - 1];
  if (parent && typeof parent[key] === 'string') parent[key] = normalise(parent[key] as string);
};

/**
 * App-level middleware (after the body parser): on every route that sets a password, the policy
 * answers first, with one `details.errors[]` entry per failed rule. Log-in routes only get the
 * same normalisation, so a password typed with composed or decomposed accents matches its hash.
 */
const guard: Core.MiddlewareFactory = (_config, { strapi }) => async (ctx, next) => {
  const route = findPasswordRoute(ctx.method, ctx.path);
  const body = ctx.request.body as Body | undefined;
  if (route && body && typeof body === 'object') {
    const parent = parentOf(body, route.password);
    const key = route.password[route.password.length - 1];
    if (route.sets && parent && isPasswordGiven(parent[key])) {
      getService(strapi, 'policy').assert(parent[key], route.identity(body), requestLocale(ctx));
    }
    for (const path of [route.password, ...route.companions]) normaliseField(body, path);
  }
  await next();
};

export default guard;
