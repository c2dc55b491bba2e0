/** Unit tests sit in __tests__/ beside the code; API tests boot the compiled app (tests/api). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/tests'],
  testMatch: ['<rootDir>/src/**/__tests__/**/*.test.ts', '<rootDir>/tests/api/**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  globalSetup: '<rootDir>/tests/helpers/global-setup.ts',
  setupFiles: ['<rootDir>/tests/helpers/isolate-env.ts'],
  testTimeout: 120000,
  // Two cores: one Strapi per worker.
  maxWorkers: 2,
};
