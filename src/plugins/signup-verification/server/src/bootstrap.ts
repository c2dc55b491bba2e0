import type { Core } from '@strapi/strapi';
import { requireConfirmedEmail } from './users-permissions';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await requireConfirmedEmail(strapi);
};
