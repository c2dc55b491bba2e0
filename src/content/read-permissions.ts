import type { Core } from '@strapi/strapi';

/** Content types frontends read without logging in. */
export const PUBLIC_CONTENT_TYPES = [
  'api::article.article',
  'api::person.person',
  'api::meeting.meeting',
  'api::topic.topic',
  'api::video-asset.video-asset',
] as const;

const READ_ACTIONS = PUBLIC_CONTENT_TYPES.flatMap((uid) => [`${uid}.find`, `${uid}.findOne`]);
const PERMISSION = 'plugin::users-permissions.permission';
const ROLE = 'plugin::users-permissions.role';

interface Permission {
  id: number;
  action: string;
  role: { id: number } | null;
}

/**
 * Every Users & Permissions role may find and findOne the five types: the public role, so that
 * frontends read without logging in, and every role a user can have, because a request that
 * carries a JWT is judged by the user's role alone (never the public role's): a journalist's
 * frontend sending its token got 403 where anonymous visitors read. Run on every boot, so an
 * older database gets the grants at its next start, and after a role is created in the admin
 * (src/extensions/users-permissions). Grants what is missing; withdraws any write access someone
 * gave the public role on these types, because anonymous edits of newsroom content are never
 * intended.
 */
export const grantReadToEveryRole = async (strapi: Core.Strapi): Promise<void> => {
  const roles = (await strapi.db.query(ROLE).findMany({ select: ['id', 'type'] })) as { id: number; type: string }[];
  const granted = (await strapi.db.query(PERMISSION).findMany({
    where: { action: { $in: READ_ACTIONS } },
    populate: { role: { select: ['id'] } },
  })) as Permission[];
  const has = new Set(granted.map((permission) => `${permission.role?.id} ${permission.action}`));
  for (const role of roles) {
    for (const action of READ_ACTIONS) {
      if (!has.has(`${role.id} ${action}`)) await strapi.db.query(PERMISSION).create({ data: { action, role: role.id } });
    }
  }

  const publicRole = roles.find((role) => role.type === 'public');
  if (!publicRole) throw new Error('users-permissions has no public role');
  const writes = (await strapi.db.query(PERMISSION).findMany({
    where: { role: publicRole.id, $or: PUBLIC_CONTENT_TYPES.map((uid) => ({ action: { $startsWith: `${uid}.` } })) },
  })) as Permission[];
  const extra = writes.filter((permission) => !READ_ACTIONS.includes(permission.action));
  if (extra.length > 0) {
    await strapi.db.query(PERMISSION).deleteMany({ where: { id: { $in: extra.map((permission) => permission.id) } } });
    strapi.log.warn(`Withdrew public permissions ${extra.map((permission) => permission.action).join(', ')}`);
  }
};
