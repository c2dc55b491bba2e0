#!/usr/bin/env node
'use strict';

/*
 * `npm run seed`: loads the sample content (database/seed) into the configured database now.
 * Safe to run again: entries that exist are left as they are and only missing ones are created.
 * `--skip-build` uses dist/ as it is (after `npm run build`, or while tests hold dist/ open).
 */
const path = require('node:path');

const main = async () => {
  // Only this explicit run seeds; the boot-time seed stays out of the way.
  process.env.SEED_SAMPLE_CONTENT = 'false';
  const { compileStrapi, createStrapi } = require('@strapi/strapi');
  const appDir = path.resolve(__dirname, '..');
  const appContext = process.argv.includes('--skip-build')
    ? { appDir, distDir: path.join(appDir, 'dist') }
    : await compileStrapi({ appDir });
  const strapi = await createStrapi({ ...appContext, serveAdminPanel: false }).load();
  const dist = (...parts) => require(path.join(appContext.distDir, 'src', ...parts));
  try {
    const report = await dist('seed', 'sample-content').loadSampleContent(strapi);
    console.log(`Sample content: ${report.created} entries created, ${report.existing} already there.`);
  } finally {
    await dist('bootstrap', 'idle-database').waitForIdleDatabase(strapi);
    await strapi.destroy();
  }
};

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  }
);
