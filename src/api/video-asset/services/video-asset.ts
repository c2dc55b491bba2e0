import { factories } from '@strapi/strapi';
import { publicReadService } from '../../../content/public-query';

export default factories.createCoreService('api::video-asset.video-asset', ({ strapi }) => publicReadService(strapi, 'api::video-asset.video-asset') as never);
