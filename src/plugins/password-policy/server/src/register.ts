import type { Core } from '@strapi/strapi';
import { enforceOnAdminProfile, enforceOnAdminUsers } from './enforcement/admin-users';
import { usersPermissionsPasswords } from './enforcement/users-permissions';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  strapi.documents.use(usersPermissionsPasswords(strapi));
  enforceOnAdminUsers(strapi);
  enforceOnAdminProfile(strapi);
};
