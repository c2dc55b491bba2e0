/** Benchmarks (tests/bench): not part of `npm test`; each prints its figures as JSON lines. */
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/tests/bench/**/*.bench.ts'],
  testTimeout: 600000,
  maxWorkers: 1,
};
