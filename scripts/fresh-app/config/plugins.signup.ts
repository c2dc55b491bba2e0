import type { Core } from '@strapi/strapi';
import { email } from './parts/common';
import stock from './parts/stock-plugins';

// config/plugins.ts of the fresh app that gets signup-verification and the plugins it requires as
// peers (rate-limit, password-policy, mail-outbox), without its optional partner, the newsletter
// (scripts/fresh-app/run.sh): what create-strapi-app wrote (moved to config/parts/stock-plugins.ts)
// and an email provider. No entry for the plugins: they boot and work on their defaults.
const config = (params: Core.Config.Shared.ConfigParams): Core.Config.Plugin => ({
  ...stock(params),
  email: email(params.env),
});

export default config;
