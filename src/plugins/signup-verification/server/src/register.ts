import type { Core } from '@strapi/strapi';
import { declareLimits } from './limits';
import { getService } from './utils/get-service';
import { limitAuthRoutes, takeOverAuthActions } from './users-permissions/auth-routes';
import { describeTakenOverRoutes } from './users-permissions/route-schemas';
import { checkTokensAgainstSessions, stampPasswordChanges } from './users-permissions/token-validity';
import { extendUser } from './users-permissions/user-attributes';

/** Everything this plugin does to users-permissions is done here, so any app gets it by installing the plugin. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  declareLimits(strapi);
  getService(strapi, 'mailer').registerWithOutbox();
  extendUser(strapi);
  takeOverAuthActions(strapi);
  limitAuthRoutes(strapi);
  checkTokensAgainstSessions(strapi);
  strapi.documents.use(stampPasswordChanges);
  describeTakenOverRoutes(strapi);
};
