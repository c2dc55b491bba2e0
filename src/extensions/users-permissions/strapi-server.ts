import type { Core } from '@strapi/strapi';
import { grantReadToEveryRole } from '../../content/read-permissions';
import { keptUntilChange } from '../../content/response-cache';

/*
 * What is the app's own only: the plugins (signup-verification, video-masters) hook into
 * users-permissions from their own register().
 */

interface UsersPermissionsPlugin {
  services: {
    permission: (deps: { strapi: Core.Strapi }) => { findPublicPermissions(): Promise<unknown[]> };
    role: (deps: { strapi: Core.Strapi }) => { createRole(params: unknown): Promise<void> };
  };
}

export default (plugin: UsersPermissionsPlugin) => {
  // Every anonymous request read the public role's permissions from the database before its own
  // query; they are kept until the next change of permissions or content in any process
  // (src/content/response-cache.ts: a permission lifecycle tells every process).
  const stockPermission = plugin.services.permission;
  plugin.services.permission = (deps) => {
    const service = stockPermission(deps);
    service.findPublicPermissions = keptUntilChange(deps.strapi, service.findPublicPermissions.bind(service));
    return service;
  };

  // A role created in the admin reads what the public reads from the start (read-permissions.ts).
  const stockRole = plugin.services.role;
  plugin.services.role = (deps) => {
    const service = stockRole(deps);
    const createRole = service.createRole.bind(service);
    service.createRole = async (params) => {
      await createRole(params);
      await grantReadToEveryRole(deps.strapi);
    };
    return service;
  };
  return plugin;
};
