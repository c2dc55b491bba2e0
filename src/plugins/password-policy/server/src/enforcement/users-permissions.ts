import type { Core, Modules } from '@strapi/strapi';
import { isPasswordGiven, normalise } from '../rules';
import type { Identity } from '../services/policy';
import { getService } from '../utils/get-service';
import { currentLocale } from '../utils/locale';

const UP_USER = 'plugin::users-permissions.user';

type Data = Record<string, unknown>;

/**
 * Document-service middleware: users-permissions creates and edits users through the document
 * service on every path (register, reset, change-password, /api/users, the Content Manager), so
 * this is where the policy is enforced with the account's full identity, before anything is
 * written. The password is stored NFKC-normalised, like every log-in compares it.
 */
export const usersPermissionsPasswords =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (context, next) => {
    if (context.uid !== UP_USER || (context.action !== 'create' && context.action !== 'update')) return next();
    const params = context.params as { data?: Data; documentId?: string };
    const password = params.data?.password;
    if (!isPasswordGiven(password)) return next();

    let identity: Identity = { email: params.data?.email, username: params.data?.username };
    if (context.action === 'update' && params.documentId) {
      const current = await strapi.documents(UP_USER).findOne({ documentId: params.documentId });
      identity = { email: identity.email ?? current?.email, username: identity.username ?? current?.username };
    }
    getService(strapi, 'policy').assert(password, identity, currentLocale(strapi));
    params.data = { ...params.data, password: normalise(password as string) };
    return next();
  };
