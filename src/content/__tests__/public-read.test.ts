import type { Core } from '@strapi/strapi';
import { selectsPrivateFields } from '../public-read';

/*
 * The answer of a default populate skips Strapi's output sanitization only when the populate
 * selects no private or password field at any depth: the check on a stubbed set of models.
 */

const models: Record<string, { attributes: Record<string, Record<string, unknown>> }> = {
  'api::story.story': {
    attributes: {
      title: { type: 'string' },
      notes: { type: 'text', private: true },
      author: { type: 'relation', relation: 'manyToOne', target: 'api::person.person' },
      cover: { type: 'media' },
      files: { type: 'component', component: 'media.file', repeatable: true },
    },
  },
  'api::clean.clean': { attributes: { title: { type: 'string' }, author: { type: 'relation', relation: 'manyToOne', target: 'api::person.person' } } },
  'api::person.person': { attributes: { name: { type: 'string' }, secret: { type: 'password' }, slug: { type: 'uid' } } },
  'media.file': { attributes: { label: { type: 'string' }, key: { type: 'string', private: true } } },
  'plugin::upload.file': { attributes: { url: { type: 'string' }, hash: { type: 'string' } } },
};
const strapi = { getModel: (uid: string) => models[uid], config: { get: (_key: string, fallback: unknown) => fallback } } as unknown as Core.Strapi;

beforeAll(() => {
  // @strapi/utils reads the global strapi's config for the app-wide private attributes.
  (globalThis as { strapi?: unknown }).strapi = strapi;
});
afterAll(() => {
  delete (globalThis as { strapi?: unknown }).strapi;
});

it('finds a private field among every scalar field of the type when no fields are listed', () => {
  expect(selectsPrivateFields(strapi, 'api::story.story', { populate: {} })).toBe(true);
  expect(selectsPrivateFields(strapi, 'api::story.story', { fields: ['title'], populate: {} })).toBe(false);
});

it('finds a password or private field of a relation or a component, unless its fields leave it out', () => {
  expect(selectsPrivateFields(strapi, 'api::clean.clean', { populate: { author: true } })).toBe(true);
  expect(selectsPrivateFields(strapi, 'api::clean.clean', { populate: { author: { fields: ['name', 'slug'] } } })).toBe(false);
  expect(selectsPrivateFields(strapi, 'api::story.story', { fields: ['title'], populate: { files: true } })).toBe(true);
  expect(selectsPrivateFields(strapi, 'api::story.story', { fields: ['title'], populate: { files: { fields: ['label'] }, cover: { fields: ['url'] } } })).toBe(false);
});

it('counts an unknown populated attribute as unsafe', () => {
  expect(selectsPrivateFields(strapi, 'api::clean.clean', { fields: ['title'], populate: { nothing: true } })).toBe(true);
});
