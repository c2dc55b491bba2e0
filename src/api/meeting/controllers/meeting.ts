import { factories } from '@strapi/strapi';
import { publicReadChecks } from '../../../content/public-read';

export default factories.createCoreController('api::meeting.meeting', ({ strapi }) => publicReadChecks(strapi, 'api::meeting.meeting') as never);
