import type { Core } from '@strapi/strapi';
import { refuseTokensOlderThanPassword } from './users-permissions';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  refuseTokensOlderThanPassword(strapi);
};
