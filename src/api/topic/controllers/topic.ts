import { factories } from '@strapi/strapi';
import { publicReadChecks } from '../../../content/public-read';

export default factories.createCoreController('api::topic.topic', ({ strapi }) => publicReadChecks(strapi, 'api::topic.topic') as never);
