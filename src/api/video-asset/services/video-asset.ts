import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::video-asset.video-asset');
