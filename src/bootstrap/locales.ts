import type { Core } from '@strapi/strapi';

/** The content locales: English (Strapi's default `en`) and French. */
export const CONTENT_LOCALES = [
  { code: 'en', name: 'English (en)' },
  { code: 'fr', name: 'French (fr)' },
];

/** Creates the missing content locales and makes `en` the default; safe on every boot. */
export const ensureLocales = async (strapi: Core.Strapi): Promise<void> => {
  const locales = strapi.plugin('i18n').service('locales');
  for (const locale of CONTENT_LOCALES) {
    if (!(await locales.findByCode(locale.code))) {
      await locales.create(locale);
      strapi.log.info(`Created content locale ${locale.code}`);
    }
  }
  if ((await locales.getDefaultLocale()) !== 'en') await locales.setDefaultLocale({ code: 'en' });
};
