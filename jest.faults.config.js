import base from './jest.config.js'

/**
 * `npm run test:faults`: the fault suites (tests/faults/*.faults.ts), kept out of `npm test`.
 * Each starts the real server as a separate process (as `npm start` does) and breaks something
 * under load: PostgreSQL killed and restarted, the AI server hanging, SIGTERM. Same transform
 * and environment as `npm test`; the global setup starts a durable embedded PostgreSQL with a
 * migrated template, always our own, since the database scenario kills and restarts it.
 * @type {import('jest').Config}
 */
export default {
  ...base,
  testMatch: ['<rootDir>/tests/faults/**/*.faults.ts'],
  globalSetup: '<rootDir>/tests/faults/support/globalSetup.ts',
  globalTeardown: '<rootDir>/tests/faults/support/globalTeardown.ts',
  // One at a time: each suite measures timings on a 2-core machine.
  maxWorkers: 1,
  testTimeout: 180_000,
}
