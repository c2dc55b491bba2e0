import { factories } from '@strapi/strapi';
import { publicReadChecks } from '../../../content/public-read';

export default factories.createCoreController('api::person.person', ({ strapi }) => publicReadChecks(strapi, 'api::person.person') as never);
