import type { Core } from '@strapi/strapi';
import { ADMIN_ACTIONS } from './permissions';

interface ActionProvider {
  registerMany(actions: typeof ADMIN_ACTIONS): Promise<void>;
}

/** Registers the admin permission over the download records. */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await (strapi.service('admin::permission') as { actionProvider: ActionProvider }).actionProvider.registerMany(ADMIN_ACTIONS);
};
