/**
 * Jest runs TypeScript as native ESM (NODE_OPTIONS=--experimental-vm-modules, see package.json),
 * transformed by SWC. One worker: every test file gets its own database cloned from a migrated
 * template on one embedded PostgreSQL started by the global setup.
 * @type {import('jest').Config}
 */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022', transform: { react: { runtime: 'automatic' } } },
        module: { type: 'es6' },
      },
    ],
  },
  moduleNameMapper: { '^@payload-config$': '<rootDir>/payload.config.ts' },
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  setupFiles: ['<rootDir>/tests/helpers/setupEnv.ts'],
  globalSetup: '<rootDir>/tests/helpers/globalSetup.ts',
  globalTeardown: '<rootDir>/tests/helpers/globalTeardown.ts',
  maxWorkers: 1,
  testTimeout: 60_000,
}
