import type { Core } from '@strapi/strapi';
import { applyAdminLayout } from './bootstrap/admin-layout';
import { applyContentIndexesAfterSync } from './bootstrap/content-indexes';
import { ensureLocales } from './bootstrap/locales';
import { tuneSqlite } from './bootstrap/sqlite';
import { tuneGarbageCollector } from './bootstrap/v8';
import { grantReadToEveryRole } from './content/read-permissions';
import { invalidateOnDefaultLocaleChange, invalidateOnPermissionChange, invalidateOnWrite, responseCacheOf } from './content/response-cache';
import slugs from './content/slugs';
import { drainOnSigterm, lifecycleOf } from './operations/lifecycle';
import { metricsOf } from './operations/metrics';
import { seedOnBoot } from './seed/sample-content';

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    tuneGarbageCollector();
    applyContentIndexesAfterSync(strapi);
    strapi.documents.use(slugs({ strapi }).middleware);
    // Any content change empties the cache of public answers, in every process.
    strapi.documents.use(invalidateOnWrite(strapi));
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    // A change of the public role's permissions or of the default locale empties the response
    // cache and what is kept until a change; watched before the steps below make either.
    invalidateOnPermissionChange(strapi);
    invalidateOnDefaultLocaleChange(strapi);
    await tuneSqlite(strapi);
    await ensureLocales(strapi);
    await grantReadToEveryRole(strapi);
    await applyAdminLayout(strapi);
    await seedOnBoot(strapi);
    const cache = responseCacheOf(strapi);
    await cache.listen();
    // Media-library edits (alt texts, replaced files) and the video-masters plugin's file writes
    // change answers without going through the document service.
    for (const event of ['media.create', 'media.update', 'media.delete', 'video-masters.asset-files.changed']) {
      strapi.eventHub.on(event, () => cache.invalidate());
    }
    // Readiness, SIGTERM draining and metrics (src/operations/): last, once everything above is up.
    metricsOf(strapi);
    const lifecycle = lifecycleOf(strapi);
    lifecycle.watch(strapi.server.httpServer);
    drainOnSigterm(strapi);
    lifecycle.ready();
  },

  async destroy({ strapi }: { strapi: Core.Strapi }) {
    await responseCacheOf(strapi).close();
  },
};
