import type { Core } from '@strapi/strapi';
import { requireConfirmedEmail } from './users-permissions/settings';
import { getService } from './utils/get-service';

/** Hourly: codes a day past their expiry, and outbox rows past their keeping time, are deleted. */
const PRUNE_RULE = '23 * * * *';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await requireConfirmedEmail(strapi);
  if (!strapi.plugin('newsletter')) {
    strapi.log.info('[signup-verification] The newsletter plugin is not installed: "also subscribe me" at signup is kept on the account and not acted on.');
  }
  strapi.cron.add({
    'signup-verification.prune': {
      task: async () => {
        await getService(strapi, 'codes').prune();
        await getService(strapi, 'outbox').prune();
      },
      options: { rule: PRUNE_RULE },
    },
  });
  getService(strapi, 'outbox').start();
};
