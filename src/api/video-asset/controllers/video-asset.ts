import { factories } from '@strapi/strapi';
import { publicReadChecks } from '../../../content/public-read';

export default factories.createCoreController('api::video-asset.video-asset', ({ strapi }) => publicReadChecks(strapi, 'api::video-asset.video-asset') as never);
