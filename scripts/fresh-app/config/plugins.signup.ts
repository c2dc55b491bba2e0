import type { Core } from '@strapi/strapi';
import { signupPlugins } from './parts/common';
import stock from './parts/stock-plugins';

// config/plugins.ts of the fresh app that gets signup-verification and the plugins it requires as
// peers (rate-limit, password-policy, mail-outbox), without its optional partner, the newsletter
// (scripts/fresh-app/run.sh), added to what create-strapi-app wrote (moved to config/parts/stock-plugins.ts).
const config = (params: Core.Config.Shared.ConfigParams): Core.Config.Plugin => ({
  ...stock(params),
  ...signupPlugins(params.env),
});

export default config;
