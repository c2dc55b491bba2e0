/**
 * Browser tests (tests/e2e): Debian's Chromium through playwright-core, against the app with its
 * admin panel built by `strapi build` (globalSetup builds it). Run with `npm run test:e2e`.
 * After each test a screenshot of its last screen, and after a failure the page's HTML and
 * console log, are kept under tests/e2e/artifacts/.
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/tests/e2e/**/*.e2e.ts'],
  globalSetup: '<rootDir>/tests/helpers/global-setup-e2e.ts',
  testEnvironment: '<rootDir>/tests/helpers/e2e-environment.js',
  setupFilesAfterEnv: ['<rootDir>/tests/helpers/e2e-artifacts.ts'],
  testTimeout: 180000,
  maxWorkers: 1,
};
