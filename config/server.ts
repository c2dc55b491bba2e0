import type { Core } from '@strapi/strapi';
import { secrets } from '../src/environment/secrets';
import { DEFAULT_PUBLIC_URL } from '../src/environment/urls';

export default ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Server => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  url: env('PUBLIC_URL', DEFAULT_PUBLIC_URL),
  // Behind a reverse proxy set TRUST_PROXY=true so client IPs (rate limits) come from X-Forwarded-For.
  proxy: { koa: env.bool('TRUST_PROXY', false) },
  app: { keys: secrets().APP_KEYS.split(',') },
  // Tests point this at a temporary folder so uploads never land in the working tree.
  dirs: { public: env('PUBLIC_DIR', './public') },
});
