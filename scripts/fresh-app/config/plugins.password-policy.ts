import type { Core } from '@strapi/strapi';
import stock from './parts/stock-plugins';

// config/plugins.ts of the fresh app that gets only the password policy and its peer, the rate
// limiter (scripts/fresh-app/run.sh), as their READMEs tell someone installing them, added to
// what create-strapi-app wrote (moved to config/parts/stock-plugins.ts by run.sh).
const config = (params: Core.Config.Shared.ConfigParams): Core.Config.Plugin => ({
  ...stock(params),
  'rate-limit': { enabled: true },
  'password-policy': {
    enabled: true,
    config: { minLength: 12 },
  },
});

export default config;
