import type { Core } from '@strapi/strapi';
import { MAX_JSON_BODY, MAX_UPLOAD_BYTES } from '../src/environment/limits';
import { frontendOrigins } from '../src/environment/urls';

const originOf = (value: string | undefined): string[] => (value ? [new URL(value).origin] : []);

export default ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Middlewares => {
  // The admin previews media straight from the bucket, so its origin must be allowed.
  const mediaOrigins = [...originOf(env('S3_PUBLIC_URL')), ...originOf(env('S3_ENDPOINT'))];
  return [
    // strapi::logger's line, with codes, tokens and signatures in query strings redacted.
    { name: 'global::request-log', config: { redact: env.array('LOG_REDACT_QUERY', []) } },
    // Counts, route templates and times of requests for GET /api/metrics.
    'global::request-metrics',
    'plugin::rate-limit.retry-after',
    'strapi::errors',
    {
      name: 'strapi::security',
      config: {
        contentSecurityPolicy: {
          useDefaults: true,
          directives: {
            // The admin's upload panel PUTs master parts straight to the (possibly http) bucket.
            'connect-src': ["'self'", 'https:', ...mediaOrigins],
            'img-src': ["'self'", 'data:', 'blob:', 'market-assets.strapi.io', ...mediaOrigins],
            'media-src': ["'self'", 'data:', 'blob:', ...mediaOrigins],
            upgradeInsecureRequests: null,
          },
        },
      },
    },
    // Takes strapi::cors's empty Access-Control-Allow-Origin off answers to requests without Origin.
    'global::cors-without-origin',
    { name: 'strapi::cors', config: { origin: frontendOrigins(env('FRONTEND_URLS')) } },
    'strapi::poweredBy',
    'strapi::query',
    'global::body-errors',
    {
      name: 'strapi::body',
      config: {
        jsonLimit: MAX_JSON_BODY,
        formLimit: MAX_JSON_BODY,
        textLimit: MAX_JSON_BODY,
        // text/* bodies stay unread: the newsletter's CSV import streams them (no route takes text).
        text: false,
        formidable: { maxFileSize: MAX_UPLOAD_BYTES },
      },
    },
    // Normalises passwords and applies the password policy before any controller sees them.
    'plugin::password-policy.guard',
    // ETag, 304 and Cache-Control for public content-API answers (see README, "HTTP caching").
    {
      name: 'global::http-cache',
      config: { maxAge: env.int('HTTP_CACHE_MAX_AGE', 30), staleWhileRevalidate: env.int('HTTP_CACHE_STALE_WHILE_REVALIDATE', 60) },
    },
    'strapi::session',
    { name: 'strapi::favicon', config: { path: 'public/favicon.ico' } },
    'strapi::public',
  ];
};
