import type { Core } from '@strapi/strapi';

/** Profile and session fields this plugin adds to the users-permissions user. */
export const USER_ATTRIBUTES = {
  firstName: { type: 'string', maxLength: 100 },
  lastName: { type: 'string', maxLength: 100 },
  organisation: { type: 'string', maxLength: 200 },
  country: { type: 'string', maxLength: 2 },
  locale: { type: 'enumeration', enum: ['en', 'fr'], default: 'en' },
  /** Asked for the newsletter at signup; subscribed once the account is verified, when the newsletter plugin is installed. */
  newsletterWish: { type: 'boolean', default: false, private: true },
  /** When the password last changed (ms): tokens issued before it stop working. */
  passwordChangedAt: { type: 'biginteger', private: true, configurable: false },
} as const;

/**
 * Adds the fields to the user in register(), before the database schema is synced (an app's
 * `src/extensions` cannot come from a package). A field the app already declares stays as the
 * app has it.
 */
export const extendUser = (strapi: Core.Strapi): void => {
  strapi.get('content-types').extend('plugin::users-permissions.user', (contentType: { attributes: Record<string, unknown> }) => {
    for (const [name, attribute] of Object.entries(USER_ATTRIBUTES)) contentType.attributes[name] ??= { ...attribute };
  });
};
