import type { Core } from '@strapi/strapi';
import { enforceOnAdminProfile, enforceOnAdminUsers } from './enforcement/admin-users';
import { usersPermissionsPasswords } from './enforcement/users-permissions';

interface Limiter {
  declare(name: string, limit: { max: number; windowSeconds: number }): void;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const limiter = strapi.plugin('rate-limit').service('limiter') as Limiter;
  limiter.declare('password-policy.check', strapi.config.get('plugin::password-policy.checkRateLimit'));
  strapi.documents.use(usersPermissionsPasswords(strapi));
  enforceOnAdminUsers(strapi);
  enforceOnAdminProfile(strapi);
};
