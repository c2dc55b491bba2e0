import type { Core } from '@strapi/strapi';
import { requireConfirmedEmail } from './users-permissions/settings';
import { getService } from './utils/get-service';

/** Hourly: codes a day past their expiry are deleted. */
const PRUNE_RULE = '23 * * * *';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await requireConfirmedEmail(strapi);
  if (!strapi.plugin('newsletter')) {
    strapi.log.info('[signup-verification] The newsletter plugin is not installed: "also subscribe me" at signup is kept on the account and not acted on.');
  }
  strapi.cron.add({
    'signup-verification.prune': {
      task: () => getService(strapi, 'codes').prune(),
      options: { rule: PRUNE_RULE },
    },
  });
};
