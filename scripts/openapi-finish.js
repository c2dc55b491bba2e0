'use strict';

/*
 * What `strapi openapi generate` leaves out of docs/openapi.json, added after it
 * (`npm run openapi` runs this file on the document; tests/api/openapi.test.ts applies `finish` to
 * a fresh generation and compares):
 * - the server: the generator writes the URL of the machine it ran on (http://localhost:1337) and
 *   paths without the `/api` prefix that every content-API route has, so a client following the
 *   document called `/articles`. The server is `/api`, relative to wherever the document is read.
 * - answers other than 200 that carry a body: the generator writes only 200.
 * - routes that never answer 200: their 200 moves to the status they do answer.
 * - GET /metrics, whose 200 is Prometheus text behind its own bearer token.
 * - the newsletter's admin routes of scheduling, the digest and the delivery report (the generator
 *   documents content-API routes only): served under /newsletter with an admin JWT, so each path
 *   names its own server, `/`.
 */

const SERVERS = [{ url: '/api', description: 'The content API of the server that serves this document (/api/openapi.json)' }];

const OTHER_ANSWERS = [
  {
    method: 'post',
    path: '/newsletter/subscribe',
    status: '202',
    answer: {
      description: 'A visitor: the subscription waits for the link of the confirmation mail sent now',
      content: {
        'application/json': {
          schema: {
            type: 'object',
            properties: { status: { type: 'string', const: 'pending' } },
            required: ['status'],
            additionalProperties: false,
          },
        },
      },
    },
  },
  {
    method: 'get',
    path: '/health/ready',
    status: '503',
    answer: {
      description: 'Not ready: still booting, shutting down (SIGTERM), or the database does not answer',
      content: {
        'application/json': {
          schema: {
            type: 'object',
            properties: {
              status: { type: 'string', const: 'unavailable' },
              failing: { type: 'string', enum: ['boot', 'shutdown', 'database'] },
              message: { type: 'string' },
            },
            required: ['status', 'failing', 'message'],
            additionalProperties: false,
          },
        },
      },
    },
  },
  { method: 'get', path: '/metrics', status: '401', answer: { description: 'No token, or not METRICS_TOKEN (WWW-Authenticate: Bearer)' } },
  { method: 'get', path: '/metrics', status: '404', answer: { description: 'METRICS_TOKEN is unset: the route is off' } },
];

/** Routes whose 200 is not JSON (the generator writes none for them). */
const TEXT_ANSWERS = [
  {
    method: 'get',
    path: '/metrics',
    description: 'Prometheus text exposition format 0.0.4',
    mediaType: 'text/plain; version=0.0.4; charset=utf-8',
    security: [{ metricsToken: [] }],
  },
];

/** Routes whose success is not 200: the generator's 200 answer moves there. */
const MOVED_ANSWERS = [
  { method: 'post', path: '/newsletter/events/inbound', status: '202', description: 'The report was read; `recorded` events were recorded and applied' },
];

const ADMIN_SERVERS = [{ url: '/', description: 'The admin API of the same server (no /api prefix; an admin JWT)' }];
const ADMIN_SECURITY = [{ adminJwt: [] }];
const ref = (name) => ({ $ref: `#/components/schemas/${name}` });
const body = (schema) => ({ required: true, content: { 'application/json': { schema } } });
const json = (schema, description) => ({ description, content: { 'application/json': { schema } } });
const data = (schema) => ({ type: 'object', properties: { data: schema }, required: ['data'], additionalProperties: false });
const nullable = (type, extra = {}) => ({ type: [type, 'null'], ...extra });
const PROBLEM = { type: 'string', enum: ['failed-permanent', 'failed-temporary', 'bounced-hard', 'bounced-soft', 'complained', 'unsubscribed'] };
const RECURRENCE = {
  oneOf: [
    {
      type: 'object',
      properties: {
        weekly: {
          type: 'object',
          properties: { days: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 6 }, minItems: 1 }, time: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' } },
          required: ['days', 'time'],
          additionalProperties: false,
        },
      },
      required: ['weekly'],
      additionalProperties: false,
    },
    { type: 'object', properties: { cron: { type: 'string', description: 'Five fields: minute hour day-of-month month day-of-week' } }, required: ['cron'], additionalProperties: false },
  ],
};
const TRANSLATIONS = nullable('object', { properties: { fr: { type: 'object', properties: { subject: { type: 'string' }, intro: { type: 'string' } } } } });
const ADMIN_SCHEMAS = {
  NewsletterCampaign: {
    type: 'object',
    description: 'A campaign as the admin API shows it (more fields may follow)',
    properties: {
      id: { type: 'integer' },
      subject: { type: 'string' },
      intro: { type: 'string' },
      locale: nullable('string', { enum: ['en', 'fr', null] }),
      status: { type: 'string', enum: ['draft', 'scheduled', 'missed', 'skipped', 'sending', 'paused', 'sent', 'failed'] },
      total: { type: 'integer' },
      sent: { type: 'integer' },
      failed: { type: 'integer' },
      pausedReason: nullable('string'),
      startedAt: nullable('string'),
      finishedAt: nullable('string'),
      scheduledAt: nullable('string', { format: 'date-time', description: 'UTC' }),
      timeZone: nullable('string', { description: 'The IANA time zone the schedule was given in' }),
      statusReason: nullable('string', { description: 'Why the campaign is missed or skipped' }),
      digest: { type: 'boolean', description: 'Created by the recurring digest' },
    },
    required: ['id', 'subject', 'status', 'total', 'sent', 'failed', 'scheduledAt', 'timeZone', 'statusReason', 'digest'],
  },
  NewsletterDigest: {
    type: 'object',
    properties: {
      enabled: { type: 'boolean' },
      schedule: RECURRENCE,
      timeZone: { type: 'string' },
      subject: { type: 'string', description: '{date} is replaced by the occurrence date in each language' },
      intro: { type: 'string' },
      translations: TRANSLATIONS,
      locales: { type: 'array', items: { type: 'string', enum: ['en', 'fr'] } },
      enabledAt: nullable('string', { format: 'date-time' }),
      nextAt: nullable('string', { format: 'date-time' }),
      history: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            campaignId: { type: 'integer' },
            occurrence: { type: 'string', format: 'date-time' },
            subject: { type: 'string' },
            status: { type: 'string' },
            reason: nullable('string'),
            sent: { type: 'integer' },
          },
          required: ['campaignId', 'occurrence', 'subject', 'status', 'reason', 'sent'],
          additionalProperties: false,
        },
      },
    },
    required: ['enabled', 'schedule', 'timeZone', 'subject', 'intro', 'translations', 'locales', 'enabledAt', 'nextAt', 'history'],
    additionalProperties: false,
  },
};
const ID = [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }];
const ERRORS = { 400: { description: 'Bad input (message in error.message)' }, 401: { description: 'No admin JWT' }, 403: { description: 'Missing permission' }, 404: { description: 'No such campaign' } };
const campaignAnswer = json(data(ref('NewsletterCampaign')), 'The campaign');
const COUNT = { type: 'integer', minimum: 0 };
const ADMIN_PATHS = {
  '/newsletter/campaigns/{id}/schedule': {
    post: {
      tags: ['Newsletter (admin)'],
      summary: 'Schedule a campaign for a local time in a named time zone',
      parameters: ID,
      requestBody: body({
        type: 'object',
        properties: {
          at: { type: 'string', description: 'A local date and time read in timeZone (2027-03-30T08:00), or an ISO time with an offset', examples: ['2027-03-30T08:00'] },
          timeZone: { type: 'string', description: 'IANA name; default NEWSLETTER_TIME_ZONE', examples: ['Europe/Brussels'] },
        },
        required: ['at'],
        additionalProperties: false,
      }),
      responses: { 200: campaignAnswer, ...ERRORS, 409: { description: 'Not a draft, scheduled, missed or skipped campaign' } },
    },
    delete: {
      tags: ['Newsletter (admin)'],
      summary: 'Unschedule (or drop a missed campaign): back to draft',
      parameters: ID,
      responses: { 200: campaignAnswer, ...ERRORS, 409: { description: 'Not scheduled, missed or skipped' } },
    },
  },
  '/newsletter/campaigns/{id}/report': {
    get: {
      tags: ['Newsletter (admin)'],
      summary: 'Delivery report: counts and the recipients with a problem, newest first',
      parameters: [
        ...ID,
        { name: 'problem', in: 'query', schema: PROBLEM },
        { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
        { name: 'pageSize', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 25 } },
      ],
      responses: {
        200: json(
          {
            type: 'object',
            properties: {
              data: {
                type: 'object',
                properties: {
                  counts: {
                    type: 'object',
                    properties: Object.fromEntries(
                      ['queued', 'sent', 'failed', 'failedPermanent', 'failedTemporary', 'skipped', 'bounced', 'bouncedHard', 'bouncedSoft', 'complained', 'unsubscribed'].map((key) => [key, COUNT])
                    ),
                    required: ['queued', 'sent', 'failed', 'bounced', 'complained', 'unsubscribed'],
                    additionalProperties: false,
                  },
                  recipients: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        email: { type: 'string' },
                        problem: PROBLEM,
                        at: nullable('string', { format: 'date-time', description: 'UTC' }),
                        reply: nullable('string', { description: 'The SMTP reply line as received, code included' }),
                      },
                      required: ['email', 'problem', 'at', 'reply'],
                      additionalProperties: false,
                    },
                  },
                },
                required: ['counts', 'recipients'],
                additionalProperties: false,
              },
              meta: {
                type: 'object',
                properties: {
                  pagination: {
                    type: 'object',
                    properties: { page: COUNT, pageSize: COUNT, pageCount: COUNT, total: COUNT },
                    required: ['page', 'pageSize', 'pageCount', 'total'],
                    additionalProperties: false,
                  },
                },
                required: ['pagination'],
              },
            },
            required: ['data', 'meta'],
            additionalProperties: false,
          },
          'The report'
        ),
        ...ERRORS,
      },
    },
  },
  '/newsletter/campaigns/{id}/report/export': {
    get: {
      tags: ['Newsletter (admin)'],
      summary: 'The recipients with a problem as CSV (email, problem, at, reply), streamed',
      parameters: [...ID, { name: 'problem', in: 'query', schema: PROBLEM }],
      responses: { 200: { description: 'CSV attachment', content: { 'text/csv': { schema: { type: 'string' } } } }, ...ERRORS },
    },
  },
  '/newsletter/campaigns/{id}/retry-failed': {
    post: {
      tags: ['Newsletter (admin)'],
      summary: 'Queue again the temporary failures of still-subscribed addresses',
      parameters: ID,
      responses: {
        202: json({ type: 'object', properties: { requeued: COUNT }, required: ['requeued'], additionalProperties: false }, 'How many rows were queued again (0 on a second press)'),
        ...ERRORS,
        409: { description: 'The campaign was never sent' },
      },
    },
  },
  '/newsletter/digest': {
    get: { tags: ['Newsletter (admin)'], summary: 'The recurring digest', responses: { 200: json(data(ref('NewsletterDigest')), 'Its settings, next occurrence and history'), 401: ERRORS[401], 403: ERRORS[403] } },
    put: {
      tags: ['Newsletter (admin)'],
      summary: 'Replace the digest settings (turning it on counts occurrences from now)',
      requestBody: body({
        type: 'object',
        properties: {
          enabled: { type: 'boolean' },
          schedule: RECURRENCE,
          timeZone: { type: 'string' },
          subject: { type: 'string', maxLength: 200 },
          intro: { type: 'string', maxLength: 5000 },
          translations: TRANSLATIONS,
          locales: { type: 'array', items: { type: 'string', enum: ['en', 'fr'] }, minItems: 1 },
        },
        required: ['enabled', 'schedule', 'subject', 'locales'],
        additionalProperties: false,
      }),
      responses: { 200: json(data(ref('NewsletterDigest')), 'The saved digest'), 400: ERRORS[400], 401: ERRORS[401], 403: ERRORS[403] },
    },
  },
};

/** The generator's document with the server and the other answers above; changes and returns it. */
const finish = (document) => {
  document.servers = SERVERS;
  document.components.schemas = { ...document.components.schemas, ...ADMIN_SCHEMAS };
  document.components.securitySchemes = {
    ...document.components.securitySchemes,
    adminJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The token of POST /admin/login' },
    metricsToken: { type: 'http', scheme: 'bearer', description: 'The METRICS_TOKEN setting' },
  };
  for (const [path, item] of Object.entries(ADMIN_PATHS)) {
    if (document.paths[path]) throw new Error(`openapi-finish: ${path} is already in the document`);
    document.paths[path] = { servers: ADMIN_SERVERS, ...Object.fromEntries(Object.entries(item).map(([method, operation]) => [method, { security: ADMIN_SECURITY, ...operation }])) };
  }
  for (const { method, path, status, answer } of OTHER_ANSWERS) {
    const operation = document.paths[path]?.[method];
    if (!operation) throw new Error(`openapi-finish: ${method.toUpperCase()} ${path} is not in the document`);
    operation.responses[status] = answer;
  }
  for (const { method, path, description, mediaType, security } of TEXT_ANSWERS) {
    const operation = document.paths[path]?.[method];
    if (!operation) throw new Error(`openapi-finish: ${method.toUpperCase()} ${path} is not in the document`);
    operation.responses['200'] = { description, content: { [mediaType]: { schema: { type: 'string' } } } };
    operation.security = security;
  }
  for (const { method, path, status, description } of MOVED_ANSWERS) {
    const operation = document.paths[path]?.[method];
    if (!operation?.responses?.['200']) throw new Error(`openapi-finish: ${method.toUpperCase()} ${path} has no 200 answer to move`);
    operation.responses[status] = { ...operation.responses['200'], description };
    delete operation.responses['200'];
  }
  return document;
};

module.exports = { finish };

if (require.main === module) {
  const fs = require('node:fs');
  const file = process.argv[2];
  if (!file) throw new Error('usage: node scripts/openapi-finish.js docs/openapi.json');
  fs.writeFileSync(file, `${JSON.stringify(finish(JSON.parse(fs.readFileSync(file, 'utf8'))), null, 2)}\n`);
}
