import type { Core } from '@strapi/strapi';
import { email, relay } from './parts/common';
import stock from './parts/stock-plugins';

// config/plugins.ts of the fresh app that gets every Newsreel plugin (scripts/fresh-app/run.sh),
// written as their READMEs tell someone installing them, added to what create-strapi-app wrote
// (moved to config/parts/stock-plugins.ts by run.sh).
const config = (params: Core.Config.Shared.ConfigParams): Core.Config.Plugin => ({
  ...stock(params),
  email: email(params.env),
  'rate-limit': { enabled: true },
  'password-policy': { enabled: true },
  'mail-outbox': { enabled: true },
  'signup-verification': {
    enabled: true,
    config: { frontendOrigins: ['http://localhost:1337'] },
  },
  newsletter: {
    enabled: true,
    config: {
      frontendOrigins: ['http://localhost:1337'],
      organisation: 'Fresh App Ltd',
      postalAddress: '2 Quay Road, 1000 Brussels, Belgium',
      sending: { transport: { ...relay(params.env), pool: true, maxConnections: 2 } },
      // Postmark's webhook on; the other event sources stay off (404).
      deliverability: { postmark: { user: 'fresh-postmark', password: 'fresh-postmark-secret' } },
    },
  },
  'video-masters': {
    enabled: true,
    config: { storage: { dir: '.tmp/private-media' } },
  },
});

export default config;
