import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import pg from 'pg'

import { startEmbeddedPostgres } from '../../../src/db/embedded'
import { projectRoot } from '../../../src/paths'
import { freePort } from '../../helpers/freePort'
import { TEMPLATE_DB } from '../../helpers/globalSetup'
import { CLUSTER_SETTINGS, startPostgres, stopCluster } from './cluster'

/**
 * `npm run test:faults`: one embedded PostgreSQL for the run, like `npm test`'s (a migrated
 * template that each suite clones), but always our own (never TEST_DATABASE_URL: the database
 * scenario kills it) and durable at COMMIT (see CLUSTER_SETTINGS). Its data directory and port
 * are passed on so a suite can kill it and start it again.
 */
export default async function globalSetup(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'speakpro-faults-'))
  // The postgres system user (when we are root) must reach its data directory.
  fs.chmodSync(dataDir, 0o755)
  const port = await freePort()
  // src/db/embedded.ts initialises the cluster (the postgres user, credentials); then it runs
  // under startPostgres, like every restart the database scenario makes (see there why).
  const initial = await startEmbeddedPostgres({ dataDir, port, database: 'postgres', settings: CLUSTER_SETTINGS })
  await initial.stop()
  const db = { adminUrl: initial.adminUrl, stop: () => stopCluster(dataDir) }
  await startPostgres(dataDir, port, db.adminUrl)
  Object.assign(process.env, { TEST_ADMIN_DATABASE_URL: db.adminUrl, FAULTS_PG_DATA_DIR: dataDir, FAULTS_PG_PORT: String(port) })

  try {
    const client = new pg.Client({ connectionString: db.adminUrl })
    await client.connect()
    await client.query(`CREATE DATABASE ${TEMPLATE_DB}`)
    await client.end()
    const url = new URL(db.adminUrl)
    url.pathname = `/${TEMPLATE_DB}`
    execFileSync(path.join(projectRoot, 'node_modules/.bin/tsx'), ['src/scripts/migrate.ts'], {
      cwd: projectRoot,
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: url.toString(), NODE_OPTIONS: '--no-deprecation --conditions=production' },
      stdio: 'pipe',
    })
  } catch (error) {
    // Jest runs no teardown after a failed setup: leave no cluster behind.
    await db.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
    const output = [(error as { stdout?: Buffer }).stdout, (error as { stderr?: Buffer }).stderr].map((b) => b?.toString() ?? '').join('\n')
    throw new Error(`${(error as Error).message}\n${output}`.trim())
  }
}
