import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import createError from 'http-errors';

/** users-permissions' "Advanced settings", as its admin page stores them. */
interface AdvancedSettings {
  allow_register?: boolean;
  default_role?: string;
  email_confirmation?: boolean;
  [key: string]: unknown;
}

const store = (strapi: Core.Strapi) => strapi.store({ type: 'plugin', name: 'users-permissions' });
const advanced = async (strapi: Core.Strapi) => ((await store(strapi).get({ key: 'advanced' })) ?? {}) as AdvancedSettings;

/**
 * Unverified accounts cannot log in: users-permissions' own email_confirmation switch, kept on
 * because this plugin's code is the only way to confirm an address.
 */
export const requireConfirmedEmail = async (strapi: Core.Strapi): Promise<void> => {
  const current = await advanced(strapi);
  if (current.email_confirmation !== true) {
    await store(strapi).set({ key: 'advanced', value: { ...current, email_confirmation: true } });
  }
};

/**
 * Throws the 403 when users-permissions' "Enable sign-ups" switch is off; otherwise returns the
 * type of the role new accounts get (its "Default role" setting).
 */
export const assertSignupsOpen = async (strapi: Core.Strapi): Promise<string> => {
  const settings = await advanced(strapi);
  if (settings.allow_register !== true) {
    // Not errors.ForbiddenError: Strapi's authorize step replaces its message with a bare "Forbidden".
    throw createError(403, 'Sign-ups are closed: new accounts cannot be created at the moment.', { expose: true });
  }
  return settings.default_role || 'authenticated';
};

/** The id of the role of that type, for a new account. */
export const roleId = async (strapi: Core.Strapi, type: string): Promise<number> => {
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type } });
  if (!role) throw new errors.ApplicationError(`The default role "${type}" of users-permissions does not exist.`);
  return role.id as number;
};
