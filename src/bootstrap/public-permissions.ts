import type { Core } from '@strapi/strapi';

/** Content types frontends read without logging in. */
export const PUBLIC_CONTENT_TYPES = [
  'api::article.article',
  'api::person.person',
  'api::meeting.meeting',
  'api::topic.topic',
  'api::video-asset.video-asset',
] as const;

const READ_ACTIONS = ['find', 'findOne'];
const PERMISSION = 'plugin::users-permissions.permission';

/**
 * The public role may find and findOne the five types and nothing else on them. Run on every
 * boot: grants what is missing, and withdraws any write access someone gave the public role,
 * because anonymous edits of newsroom content are never intended.
 */
export const grantPublicRead = async (strapi: Core.Strapi): Promise<void> => {
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
  if (!role) throw new Error('users-permissions has no public role');

  for (const uid of PUBLIC_CONTENT_TYPES) {
    const existing = (await strapi.db.query(PERMISSION).findMany({
      where: { role: role.id, action: { $startsWith: `${uid}.` } },
    })) as { id: number; action: string }[];

    for (const name of READ_ACTIONS) {
      const action = `${uid}.${name}`;
      if (!existing.some((permission) => permission.action === action)) {
        await strapi.db.query(PERMISSION).create({ data: { action, role: role.id } });
      }
    }
    const extra = existing.filter((permission) => !READ_ACTIONS.includes(permission.action.slice(uid.length + 1)));
    if (extra.length > 0) {
      await strapi.db.query(PERMISSION).deleteMany({ where: { id: { $in: extra.map((permission) => permission.id) } } });
      strapi.log.warn(`Withdrew public permissions ${extra.map((permission) => permission.action).join(', ')}`);
    }
  }
};
