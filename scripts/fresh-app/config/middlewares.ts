// config/middlewares.ts of both fresh apps (scripts/fresh-app/run.sh): Strapi's stock list plus
// what the rate-limit and password-policy READMEs ask for.
export default [
  'plugin::rate-limit.retry-after',
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  'strapi::body',
  'plugin::password-policy.guard',
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];
