import { factories } from '@strapi/strapi';

const read = { policies: ['global::published-only'], middlewares: ['api::topic.topic-populate'] };

export default factories.createCoreRouter('api::topic.topic', {
  config: { find: read, findOne: read },
});
