import type { Core } from '@strapi/strapi';
import { declareLimits } from './limits';
import { describeTakenOverRoutes } from './users-permissions/route-schemas';
import { checkTokensAgainstSessions, stampPasswordChanges } from './users-permissions/token-validity';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  declareLimits(strapi);
  checkTokensAgainstSessions(strapi);
  strapi.documents.use(stampPasswordChanges);
  describeTakenOverRoutes(strapi);
};
