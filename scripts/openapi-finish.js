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
];

/** Routes whose success is not 200: the generator's 200 answer moves there. */
const MOVED_ANSWERS = [
  { method: 'post', path: '/newsletter/events/inbound', status: '202', description: 'The report was read; `recorded` events were recorded and applied' },
];

/** The generator's document with the server and the other answers above; changes and returns it. */
const finish = (document) => {
  document.servers = SERVERS;
  for (const { method, path, status, answer } of OTHER_ANSWERS) {
    const operation = document.paths[path]?.[method];
    if (!operation) throw new Error(`openapi-finish: ${method.toUpperCase()} ${path} is not in the document`);
    operation.responses[status] = answer;
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
