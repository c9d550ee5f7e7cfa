import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import pg from 'pg'

import { startEmbeddedPostgres } from '../../src/db/embedded'
import { projectRoot } from '../../src/paths'
import { freePort } from './freePort'

export const TEMPLATE_DB = 'speakpro_test_template'

/**
 * One real PostgreSQL for the whole run: `TEST_DATABASE_URL` (a server where we may create
 * databases) or a throwaway embedded cluster. The committed migrations are applied once to a
 * template database, by the same script operators use; each test file clones it.
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.TEST_DATABASE_URL
  if (!adminUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'speakpro-test-'))
    fs.chmodSync(dataDir, 0o755)
    const db = await startEmbeddedPostgres({
      dataDir,
      port: await freePort(),
      database: 'postgres',
      // Durability is irrelevant for a throwaway cluster; speed is not.
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
    })
    adminUrl = db.adminUrl
    ;(globalThis as Record<string, unknown>).__speakproTestDb = { stop: db.stop, dataDir }
  }
  process.env.TEST_ADMIN_DATABASE_URL = adminUrl

  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`)
  await client.query(`CREATE DATABASE ${TEMPLATE_DB}`)
  await client.end()

  const url = new URL(adminUrl)
  url.pathname = `/${TEMPLATE_DB}`
  execFileSync(path.join(projectRoot, 'node_modules/.bin/tsx'), ['src/scripts/migrate.ts'], {
    cwd: projectRoot,
    env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: url.toString(), NODE_OPTIONS: '--no-deprecation --conditions=production' },
    stdio: 'pipe',
  })
}
