import type { Core } from '@strapi/strapi';
import { ensureLocales } from './bootstrap/locales';
import { grantPublicRead } from './bootstrap/public-permissions';
import { tuneSqlite } from './bootstrap/sqlite';
import { tuneGarbageCollector } from './bootstrap/v8';
import slugs from './content/slugs';
import { seedOnBoot } from './seed/sample-content';

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    tuneGarbageCollector();
    strapi.documents.use(slugs({ strapi }).middleware);
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await tuneSqlite(strapi);
    await ensureLocales(strapi);
    await grantPublicRead(strapi);
    await seedOnBoot(strapi);
  },
};
