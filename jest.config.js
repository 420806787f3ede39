// One jest run over every project: @swc/jest strips types (tsc checks them in `npm run typecheck`).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools', '<rootDir>/infra'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testTimeout: 120000,
  // The compiled CLI, Chromium for the browser tests, and one private PostgreSQL cluster per test run
  // (initdb + pg_ctl on a temp dir, loopback, free port).
  globalSetup: '<rootDir>/tools/jest/setup.ts',
  globalTeardown: '<rootDir>/tools/jest/pg-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/tools/jest/cleanup.ts'],
};
