import { factories } from '@strapi/strapi';
import { publicReadService } from '../../../content/public-query';

export default factories.createCoreService('api::meeting.meeting', ({ strapi }) => publicReadService(strapi, 'api::meeting.meeting') as never);
