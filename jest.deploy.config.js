/**
 * The reference deployment (tests/deploy): Debian's nginx with deploy/'s site config in front of
 * two app processes started as `strapi start` starts them, on one PostgreSQL database, with
 * s3rver and the SMTP sink. Run with `npm run test:deploy` (TEST_DATABASE=postgres).
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/tests/deploy/**/*.deploy.ts'],
  testTimeout: 300000,
  maxWorkers: 1,
};
