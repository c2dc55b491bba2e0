/**
 * Browser tests (tests/e2e): Debian's Chromium through playwright-core, against the app with its
 * admin panel built by `strapi build` (globalSetup builds it). Run with `npm run test:e2e`.
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/tests/e2e/**/*.e2e.ts'],
  globalSetup: '<rootDir>/tests/helpers/global-setup-e2e.ts',
  testTimeout: 180000,
  maxWorkers: 1,
};
