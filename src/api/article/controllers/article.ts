import { factories } from '@strapi/strapi';
import { publicReadChecks } from '../../../content/public-read';

export default factories.createCoreController('api::article.article', ({ strapi }) => publicReadChecks(strapi, 'api::article.article') as never);
