import type { Core } from '@strapi/strapi';
import { declareLimits } from './limits';
import { checkTokensAgainstSessions, stampPasswordChanges } from './users-permissions/token-validity';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  declareLimits(strapi);
  checkTokensAgainstSessions(strapi);
  strapi.documents.use(stampPasswordChanges);
};
