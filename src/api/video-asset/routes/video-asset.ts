import { factories } from '@strapi/strapi';

const read = { policies: ['global::published-only'], middlewares: ['api::video-asset.video-asset-populate'] };

export default factories.createCoreRouter('api::video-asset.video-asset', {
  config: { find: read, findOne: read },
});
