import type { Core } from '@strapi/strapi';

/**
 * Runs `work` while the public role lacks `action` (e.g. 'api::topic.topic.find'), written as the
 * admin's role editor writes it (`strapi.db.query`), then grants it again, whatever `work` did.
 */
export const withoutPublicPermission = async <T>(strapi: Core.Strapi, action: string, work: () => Promise<T>): Promise<T> => {
  const permissions = strapi.db.query('plugin::users-permissions.permission');
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
  const grant = await permissions.findOne({ where: { action, role: role.id } });
  if (!grant) throw new Error(`the public role has no ${action} to take away`);
  await permissions.delete({ where: { id: grant.id } });
  try {
    return await work();
  } finally {
    await permissions.create({ data: { action, role: role.id } });
  }
};
