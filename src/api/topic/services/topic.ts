import { factories } from '@strapi/strapi';
import { publicReadService } from '../../../content/public-query';

export default factories.createCoreService('api::topic.topic', ({ strapi }) => publicReadService(strapi, 'api::topic.topic') as never);
