import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

const USER = 'plugin::users-permissions.user';

export interface Account {
  id: number;
  email: string;
  confirmed?: boolean;
  blocked?: boolean;
  downloadsBlocked?: boolean;
}

interface JwtService {
  getToken(ctx: unknown): Promise<{ id?: number | string } | null>;
}

/**
 * Downloads are for accounts that confirmed their email. users-permissions would answer 401 to
 * any token of an unconfirmed account (this app logs nobody in before the code), so the route
 * reads the token itself, through users-permissions' jwt service (the same checks of signature,
 * expiry, password changes and sessions), then tells the cases apart:
 * none or invalid 401; unverified 403; downloads blocked by staff 403.
 *
 * The 403s are PolicyErrors (a kind of ForbiddenError): Strapi's router turns any other
 * ForbiddenError raised behind it into a bare "Forbidden", dropping the message and details.
 */
const verifiedAccount = async (context: { state: { user?: Account } }, _config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const jwt = strapi.plugin('users-permissions').service('jwt') as JwtService;
  let payload: { id?: number | string } | null;
  try {
    payload = await jwt.getToken(context);
  } catch {
    throw new errors.UnauthorizedError('Your session has ended. Log in again to download videos.');
  }
  if (!payload?.id) throw new errors.UnauthorizedError('Log in with a verified account to download videos.');
  const user = (await strapi.db.query(USER).findOne({ where: { id: payload.id } })) as Account | null;
  if (!user || user.blocked) throw new errors.UnauthorizedError('Your session has ended. Log in again to download videos.');
  if (!user.confirmed) {
    throw new errors.PolicyError('Confirm your email address with the code we sent you, then download again.', { reason: 'unverified' });
  }
  if (user.downloadsBlocked) {
    throw new errors.PolicyError('Downloads are blocked for this account. Contact the newsroom.', { reason: 'blocked' });
  }
  context.state.user = user;
  return true;
};

export default verifiedAccount;
