import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::video-asset.video-asset');
