import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';

/** Hourly: rows past their keeping time are deleted. */
const PRUNE_RULE = '23 * * * *';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  strapi.cron.add({
    'mail-outbox.prune': {
      task: () => getService(strapi, 'outbox').prune(),
      options: { rule: PRUNE_RULE },
    },
  });
  getService(strapi, 'outbox').start();
};
