import { factories } from '@strapi/strapi';
import { publicReadService } from '../../../content/public-query';

export default factories.createCoreService('api::article.article', ({ strapi }) => publicReadService(strapi, 'api::article.article') as never);
