'use strict';

/*
 * One app process, started the way `strapi start` starts it
 * (node_modules/@strapi/strapi/dist/src/cli/commands/start.js): the compiled app in dist/,
 * createStrapi(...).start(), listening on HOST and PORT from the environment (config/server.ts).
 * createStrapi installs the app's own SIGTERM and SIGINT handling; nothing here adds any, so a
 * test that sends SIGTERM sees what production sees. Prints READY once it listens; a failed start
 * exits 1 (Strapi's stopWithError).
 *
 * The admin panel is served as in production: its build (dist/build, `npm run build`) is only read
 * when a page of /admin is asked for, so a start without it works and the admin API answers.
 */
const path = require('node:path');
const { createStrapi } = require('@strapi/strapi');

const root = path.resolve(__dirname, '..', '..');

createStrapi({ appDir: root, distDir: path.join(root, 'dist') })
  .start()
  .then(() => process.stdout.write('READY\n'));
