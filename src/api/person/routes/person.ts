import { factories } from '@strapi/strapi';

const read = { policies: ['global::published-only'], middlewares: ['api::person.person-populate'] };

export default factories.createCoreRouter('api::person.person', {
  config: { find: read, findOne: read },
});
