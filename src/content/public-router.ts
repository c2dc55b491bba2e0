import { factories, type Core, type UID } from '@strapi/strapi';
import { z, type ZodType } from 'zod';
import type { PopulateTree } from './default-populate';

/*
 * The public read routes of a content type, with response schemas that say what they answer: the
 * default populate's relations and fields, for `strapi openapi generate`. Strapi's own schemas
 * describe every field of every relation as required, and a documentId as a UUID; our answers
 * carry teasers and Strapi's documentIds are not UUIDs.
 */

interface Attribute {
  type: string;
  enum?: string[];
  private?: boolean;
  relation?: string;
  target?: string;
  component?: string;
  repeatable?: boolean;
  multiple?: boolean;
}
type Attributes = Record<string, Attribute>;
type Branch = PopulateTree[string];

const TO_MANY = new Set(['oneToMany', 'manyToMany']);
const NOT_SCALAR = new Set(['relation', 'component', 'media', 'dynamiczone', 'password']);

const scalar = (attribute: Attribute): ZodType => {
  switch (attribute.type) {
    case 'integer':
    case 'float':
    case 'decimal':
      return z.number();
    case 'boolean':
      return z.boolean();
    case 'enumeration':
      return z.enum(attribute.enum as [string, ...string[]]);
    case 'json':
    case 'blocks':
      return z.unknown();
    // biginteger comes as a string, like dates and texts
    default:
      return z.string();
  }
};

const imageFormat = z.object({ url: z.string(), width: z.number().optional(), height: z.number().optional() }).loose();
const media = z
  .object({
    id: z.number(),
    documentId: z.string(),
    url: z.string(),
    alternativeText: z.string().nullable().optional(),
    width: z.number().nullable().optional(),
    height: z.number().nullable().optional(),
    mime: z.string().optional(),
    formats: z.record(z.string(), imageFormat).nullable().optional(),
  })
  .loose();

const scalarsOf = (attributes: Attributes, fields?: string[]) =>
  Object.fromEntries(
    Object.entries(attributes)
      .filter(([name, attribute]) => !attribute.private && !NOT_SCALAR.has(attribute.type) && (!fields || fields.includes(name)))
      .map(([name, attribute]) => [name, scalar(attribute).nullable().optional()])
  );

/** The shape of an entry of `uid` (a content type or a component) populated as `branch` says. */
const entryOf = (strapi: Core.Strapi, attributes: Attributes, branch: Branch, entity: boolean): ZodType => {
  const fields = branch === true ? undefined : branch.fields;
  const populate = branch === true ? {} : (branch.populate ?? {});
  const shape: Record<string, ZodType> = { id: z.number(), ...scalarsOf(attributes, fields) };
  if (entity) {
    shape.documentId = z.string();
    // Components have no documentId; content types may add their own timestamps and locale.
  }
  for (const [name, nested] of Object.entries(populate)) {
    const attribute = attributes[name];
    if (!attribute) continue;
    if (attribute.type === 'media') {
      shape[name] = (attribute.multiple ? z.array(media) : media.nullable()).optional();
    } else if (attribute.type === 'component') {
      const component = strapi.components[attribute.component as UID.Component];
      const entry = entryOf(strapi, component.attributes as unknown as Attributes, nested, false);
      shape[name] = (attribute.repeatable ? z.array(entry) : entry.nullable()).optional();
    } else if (attribute.type === 'relation') {
      const target = strapi.contentType(attribute.target as UID.ContentType);
      const entry = entryOf(strapi, target.attributes as unknown as Attributes, nested, true);
      shape[name] = (TO_MANY.has(attribute.relation ?? '') ? z.array(entry) : entry.nullable()).optional();
    }
  }
  return z.object(shape).loose();
};

const pagination = z.object({ page: z.number(), pageSize: z.number(), pageCount: z.number(), total: z.number() });

/** `{data: [entry], meta: {pagination}}` and `{data: entry, meta}` of `uid` with `populate`. */
export const answerSchemas = (strapi: Core.Strapi, uid: UID.ContentType, populate: PopulateTree) => {
  const entry = entryOf(strapi, strapi.contentType(uid).attributes as unknown as Attributes, { populate }, true);
  return {
    list: z.object({ data: z.array(entry), meta: z.object({ pagination }).loose() }).describe('With the default populate; `populate` or `fields` in the query change the entries'),
    one: z.object({ data: entry, meta: z.object({}).loose() }).describe('With the default populate; `populate` or `fields` in the query change the entry'),
  };
};

interface DescribedRoute {
  handler: string;
  request?: { params?: Record<string, ZodType> };
  response?: ZodType;
}

/**
 * The core router of a public type: `find` and `findOne` only for anonymous visitors (the public
 * role's permissions), behind the published-only policy and the type's populate middleware.
 */
export const publicReadRouter = (uid: UID.ContentType, populateMiddleware: string, populate: PopulateTree) => {
  const read = { policies: ['global::published-only'], middlewares: [populateMiddleware] };
  const core = factories.createCoreRouter(uid, { config: { find: read, findOne: read } }) as unknown as {
    type: string;
    prefix?: string;
    routes: DescribedRoute[];
  };
  let described = false;
  return {
    type: core.type,
    prefix: core.prefix,
    get routes() {
      const routes = core.routes;
      if (!described) {
        described = true;
        const schemas = answerSchemas(strapi, uid, populate);
        for (const route of routes) {
          if (route.handler === `${uid}.find`) route.response = schemas.list;
          if (route.handler === `${uid}.findOne`) {
            route.response = schemas.one;
            route.request = { ...route.request, params: { ...route.request?.params, id: z.string().describe('The documentId') } };
          }
        }
      }
      return routes;
    },
  };
};
