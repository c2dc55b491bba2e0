import { factories } from '@strapi/strapi';

const read = { policies: ['global::published-only'], middlewares: ['api::meeting.meeting-populate'] };

export default factories.createCoreRouter('api::meeting.meeting', {
  config: { find: read, findOne: read },
});
