import type { Core } from '@strapi/strapi';
import { keptUntilChange } from '../../content/response-cache';

/*
 * i18n reads its default locale from the core store each time it is asked: a public read without
 * `locale` asked on every request, one statement before its own query. It is kept until the next
 * change in any process; a change of the default locale is one (src/content/response-cache.ts).
 */

interface I18nPlugin {
  services: { locales: (deps: { strapi: Core.Strapi }) => { getDefaultLocale(): Promise<string> } };
}

export default (plugin: I18nPlugin) => {
  const stockLocales = plugin.services.locales;
  plugin.services.locales = (deps) => {
    const service = stockLocales(deps);
    service.getDefaultLocale = keptUntilChange(deps.strapi, service.getDefaultLocale.bind(service));
    return service;
  };
  return plugin;
};
