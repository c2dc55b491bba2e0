'use strict';

/*
 * A second Strapi server in its own process, for tests of what several processes share (limits,
 * counters). It boots the compiled app with the environment it is given and prints READY.
 */
const path = require('node:path');
const { createStrapi } = require('@strapi/strapi');

const main = async () => {
  const root = path.resolve(__dirname, '..', '..');
  const strapi = await createStrapi({ appDir: root, distDir: path.join(root, 'dist'), serveAdminPanel: false }).load();
  await new Promise((resolve) => strapi.server.listen(Number(process.env.PORT), '127.0.0.1', resolve));
  // SIGTERM is the app's own: it drains, then exits 0 (src/operations/lifecycle.ts).
  process.stdout.write('READY\n');
};

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
