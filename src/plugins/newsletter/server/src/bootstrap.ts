import type { Core } from '@strapi/strapi';
import { ADMIN_ACTIONS } from './permissions';
import { getService } from './utils/get-service';

const PERMISSION = 'plugin::users-permissions.permission';
const ROLE = 'plugin::users-permissions.role';

/** Content-API actions of this plugin, by users-permissions role type. */
const GRANTS: Record<string, string[]> = {
  public: ['plugin::newsletter.subscription.subscribe'],
  authenticated: [
    'plugin::newsletter.subscription.subscribe',
    'plugin::newsletter.subscription.mine',
    'plugin::newsletter.subscription.leave',
  ],
};

/** Visitors may ask for the newsletter; accounts may also see and end their own subscription. */
const grantPermissions = async (strapi: Core.Strapi) => {
  for (const [type, actions] of Object.entries(GRANTS)) {
    const role = await strapi.db.query(ROLE).findOne({ where: { type } });
    if (!role) continue;
    for (const action of actions) {
      const existing = await strapi.db.query(PERMISSION).findOne({ where: { role: role.id, action } });
      if (!existing) await strapi.db.query(PERMISSION).create({ data: { action, role: role.id } });
    }
  }
};

/**
 * Accounts that asked for the newsletter at signup before this plugin existed kept the wish on
 * the user (`newsletterWish`): verified ones are subscribed now, once, and the wish is cleared.
 * Unverified ones keep it until their code comes back (signup-verification asks then).
 */
const migrateSignupWishes = async (strapi: Core.Strapi) => {
  // The field is signup-verification's; without that plugin there is no wish to read.
  if (!strapi.contentType('plugin::users-permissions.user').attributes.newsletterWish) return;
  const users = (await strapi.db.query('plugin::users-permissions.user').findMany({
    where: { newsletterWish: true, confirmed: true, blocked: false },
    select: ['id', 'email', 'locale'],
  })) as { id: number; email: string; locale?: 'en' | 'fr' | null }[];
  for (const user of users) {
    try {
      await getService(strapi, 'subscribers').subscribeAccount(user);
    } catch (error) {
      strapi.log.warn(`[newsletter] account ${user.id} asked for the newsletter but could not be subscribed: ${(error as Error).message}`);
    }
    await strapi.db.query('plugin::users-permissions.user').update({ where: { id: user.id }, data: { newsletterWish: false } });
  }
  if (users.length > 0) strapi.log.info(`[newsletter] subscribed ${users.length} account(s) that asked at signup`);
};

interface ActionProvider {
  registerMany(actions: typeof ADMIN_ACTIONS): Promise<void>;
}

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await (strapi.service('admin::permission') as { actionProvider: ActionProvider }).actionProvider.registerMany(ADMIN_ACTIONS);
  await grantPermissions(strapi);
  await migrateSignupWishes(strapi);
  if (!strapi.contentTypes['api::article.article' as keyof typeof strapi.contentTypes]) {
    strapi.log.warn('[newsletter] this app has no api::article.article content type: subscribers work, but campaigns have no stories to send (see the plugin README)');
  }
  await getService(strapi, 'ledger').ensureTable();
  await getService(strapi, 'events').ensureTables();
  await getService(strapi, 'digest').ensureTable();
  getService(strapi, 'sender').start();
  getService(strapi, 'scheduler').start();
};
