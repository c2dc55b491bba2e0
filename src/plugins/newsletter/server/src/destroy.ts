import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';

/** Lets the campaign batch in hand finish and gives back what this process had claimed. */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await getService(strapi, 'scheduler').stop();
  await getService(strapi, 'sender').stop();
};
