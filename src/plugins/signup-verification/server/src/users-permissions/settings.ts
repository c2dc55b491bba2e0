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
 * The role a new account gets, as set in users-permissions' settings; throws the 403 when its
 * "Enable sign-ups" switch is off.
 */
export const signupRole = async (strapi: Core.Strapi): Promise<number> => {
  const settings = await advanced(strapi);
  if (settings.allow_register !== true) {
    // Not errors.ForbiddenError: Strapi's authorize step replaces its message with a bare "Forbidden".
    throw createError(403, 'Sign-ups are closed: new accounts cannot be created at the moment.', { expose: true });
  }
  const type = settings.default_role || 'authenticated';
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type } });
  if (!role) throw new errors.ApplicationError(`The default role "${type}" of users-permissions does not exist.`);
  return role.id as number;
};
