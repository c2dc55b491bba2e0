import { factories } from '@strapi/strapi';
import { publicReadService } from '../../../content/public-query';

export default factories.createCoreService('api::person.person', ({ strapi }) => publicReadService(strapi, 'api::person.person') as never);
