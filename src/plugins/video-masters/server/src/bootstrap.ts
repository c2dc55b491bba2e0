import type { Core } from '@strapi/strapi';
import { ADMIN_ACTIONS } from './permissions';
import { getService } from './utils/get-service';

interface ActionProvider {
  registerMany(actions: typeof ADMIN_ACTIONS): Promise<void>;
}

/** Registers the admin permission over the download records, and the upload housekeeping jobs. */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await (strapi.service('admin::permission') as { actionProvider: ActionProvider }).actionProvider.registerMany(ADMIN_ACTIONS);
  if (!strapi.contentTypes['api::video-asset.video-asset' as keyof typeof strapi.contentTypes]) {
    strapi.log.warn('[video-masters] this app has no api::video-asset.video-asset content type: masters cannot be uploaded or downloaded (see the plugin README)');
  }
  strapi.cron.add({
    // Completed uploads whose probing process died: another process takes them over.
    'video-masters.resume-processing': {
      task: async () => {
        await getService(strapi, 'processing').resumeExpired();
      },
      options: { rule: '*/1 * * * *' },
    },
    // Uploads left unfinished, and parts no upload owns any more.
    'video-masters.stale-uploads': {
      task: async () => {
        const removed = await getService(strapi, 'uploads').cleanStale();
        if (removed > 0) strapi.log.info(`[video-masters] removed ${removed} unfinished upload(s)`);
      },
      options: { rule: '17 * * * *' },
    },
  });
};
