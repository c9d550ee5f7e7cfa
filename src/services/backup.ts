import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import pg from 'pg'

import { projectRoot } from '../paths'
import { findBalanceMismatches } from './economy/verify'

/**
 * Backups and restores of the app's database with PostgreSQL's own client tools (`pg_dump`,
 * `pg_restore`), in pg_dump's custom format. The scripts (`npm run db:backup`, `db:restore`)
 * are thin wrappers; everything that can go wrong is decided here, so that the tests exercise
 * the same code operators run.
 */

/** A failure with the message an operator should read; `exitCode` 2 means "refused, nothing done". */
export class BackupError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message)
    this.name = 'BackupError'
  }
}

export type PgTool = 'pg_dump' | 'pg_restore' | 'psql'

/** Where PG_BIN_DIR and PATH are read from (process.env unless a caller, e.g. a test, says otherwise). */
export type EnvVars = Record<string, string | undefined>

/** Where Debian's `postgresql-client-15` puts the real binaries (`/usr/bin` has version-picking wrappers). */
export const DEBIAN_PG_BIN_DIR = '/usr/lib/postgresql/15/bin'

const isExecutable = (file: string): boolean => {
  try {
    fs.accessSync(file, fs.constants.X_OK)
    return fs.statSync(file).isFile()
  } catch {
    return false
  }
}

/**
 * `PG_BIN_DIR` when set (and then only there: a wrong explicit setting must not silently fall
 * back to another version), else Debian's PostgreSQL 15 directory, else the first one on PATH.
 */
export function findPgTool(tool: PgTool, env: EnvVars = process.env): string {
  if (env.PG_BIN_DIR) {
    const file = path.join(env.PG_BIN_DIR, tool)
    if (!isExecutable(file)) throw new BackupError(`${tool} not found in PG_BIN_DIR (${env.PG_BIN_DIR})`)
    return file
  }
  const debian = path.join(DEBIAN_PG_BIN_DIR, tool)
  if (isExecutable(debian)) return debian
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, tool))) return path.join(dir, tool)
  }
  throw new BackupError(
    `${tool} not found (looked in PG_BIN_DIR, ${DEBIAN_PG_BIN_DIR} and PATH): install the PostgreSQL client tools ` +
      `(Debian: apt-get install postgresql-client-15) or set PG_BIN_DIR to the directory holding ${tool}`,
  )
}

export type Version = { major: number; text: string }

/** `pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)` → 15. */
export function parseToolVersion(output: string): Version {
  const match = /\(PostgreSQL\)\s+((\d+)(?:\.\d+)*\S*)/.exec(output)
  if (!match) throw new BackupError(`cannot read the version from "${output.trim()}"`)
  return { major: Number(match[2]), text: match[1] as string }
}

export async function toolVersion(binary: string): Promise<Version> {
  const { stdout } = await runTool(binary, ['--version'], { timeoutMs: 10_000 })
  return parseToolVersion(stdout)
}

/** The server's version, from `server_version_num` (150018 → 15). */
export async function serverVersion(databaseUrl: string): Promise<Version> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ num: string; text: string }>(
      `SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS text`,
    )
    const num = Number(rows[0]?.num)
    return { major: Math.floor(num / 10_000), text: String(rows[0]?.text).split(' ')[0] as string }
  })
}

/**
 * pg_dump refuses to dump a newer server, and an older pg_restore cannot read what a newer
 * pg_dump wrote; one rule for both: the tool's major version must be at least the server's.
 */
export function checkVersions(tool: PgTool, binary: string, client: Version, server: Version): void {
  if (client.major < server.major) {
    throw new BackupError(
      `${tool} ${client.text} (${binary}) is older than the server (PostgreSQL ${server.text}): ` +
        `install postgresql-client-${server.major} and set PG_BIN_DIR to its bin directory`,
    )
  }
}

export type Connection = {
  /** libpq environment for the tools: the password travels here, never on a command line. */
  env: Record<string, string>
  database: string
  /** `user@host:port/database`, for logs (no password). */
  label: string
  /** Query parameters of the URL that libpq has no equivalent for (ignored, worth a warning). */
  ignored: string[]
}

/** URL query parameters (as node-postgres and libpq URLs spell them) and their libpq variables. */
const QUERY_ENV: Record<string, string> = {
  host: 'PGHOST',
  port: 'PGPORT',
  sslmode: 'PGSSLMODE',
  sslrootcert: 'PGSSLROOTCERT',
  sslcert: 'PGSSLCERT',
  sslkey: 'PGSSLKEY',
  application_name: 'PGAPPNAME',
  connect_timeout: 'PGCONNECT_TIMEOUT',
  options: 'PGOPTIONS',
  target_session_attrs: 'PGTARGETSESSIONATTRS',
}

/** Splits a `postgres://` URL into libpq's PG* variables. */
export function connectionFromUrl(databaseUrl: string): Connection {
  let url: URL
  try {
    url = new URL(databaseUrl)
  } catch {
    throw new BackupError('DATABASE_URL is not a valid URL')
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new BackupError('DATABASE_URL must be a postgres:// or postgresql:// URL')
  }
  const env: Record<string, string> = {}
  const user = decodeURIComponent(url.username)
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || user
  if (url.hostname) env.PGHOST = url.hostname.replace(/^\[(.*)\]$/, '$1')
  if (url.port) env.PGPORT = url.port
  if (user) env.PGUSER = user
  if (url.password) env.PGPASSWORD = decodeURIComponent(url.password)
  if (database) env.PGDATABASE = database
  const ignored: string[] = []
  for (const [key, value] of url.searchParams) {
    const name = QUERY_ENV[key]
    if (name) env[name] = value
    else if (key === 'ssl' && !url.searchParams.has('sslmode')) {
      // node-postgres' `ssl=true`: encrypted; libpq's nearest mode that needs no local CA file.
      if (value === 'true' || value === '1') env.PGSSLMODE = 'require'
    } else ignored.push(key)
  }
  // node-postgres' own mode "encrypt, do not verify" is libpq's `require`.
  if (env.PGSSLMODE === 'no-verify') env.PGSSLMODE = 'require'
  env.PGAPPNAME ??= 'speakpro-backup'
  env.PGCONNECT_TIMEOUT ??= '15'
  const label = `${user || '(default user)'}@${env.PGHOST ?? 'localhost'}:${env.PGPORT ?? '5432'}/${database}`
  return { env, database, label, ignored }
}

/** The tools' environment: ours wins; PG* settings of the operator's shell that we do not set still apply. */
function toolEnv(connection: Connection | undefined, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...connection?.env, ...extra }
  // The tools never read it, but there is no reason to hand them a second copy of the password.
  delete env.DATABASE_URL
  return env
}

export type ToolResult = { stdout: string; stderr: string }

type RunOptions = {
  env?: NodeJS.ProcessEnv
  timeoutMs: number
  /** Strings to blank out of anything that ends up in an error message (the password). */
  secrets?: (string | undefined)[]
}

const STDERR_LIMIT = 64 * 1024
const STDOUT_LIMIT = 32 * 1024 * 1024

/** Blanks out secrets (short ones are left alone: blanking "a" everywhere would garble the message). */
export function redact(text: string, secrets: (string | undefined)[]): string {
  let out = text
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('***')
  return out
}

/**
 * Runs a client tool without a shell: the arguments are never re-parsed, and the password is
 * only in the environment. Stops it after `timeoutMs` (TERM, then KILL), and fails with the end
 * of its stderr, which is where pg_dump and pg_restore say what went wrong.
 */
export function runTool(binary: string, args: string[], options: RunOptions): Promise<ToolResult> {
  const secrets = options.secrets ?? []
  const name = path.basename(binary)
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { env: options.env ?? toolEnv(undefined), stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < STDOUT_LIMIT) stdout += chunk
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_LIMIT)
    })
    let killer: NodeJS.Timeout | undefined
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGTERM')
      killer = setTimeout(() => child.kill('SIGKILL'), 5000)
    }, options.timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(new BackupError(`could not run ${binary}: ${error.message}`))
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      clearTimeout(killer)
      const said = redact(stderr.trim(), secrets)
      if (timedOut) {
        reject(new BackupError(`${name} did not finish within ${Math.round(options.timeoutMs / 1000)} s and was stopped${said ? `:\n${said}` : ''}`))
      } else if (code !== 0) {
        reject(new BackupError(`${name} failed (${signal ? `signal ${signal}` : `exit code ${code}`})${said ? `:\n${said}` : ''}`))
      } else {
        resolve({ stdout, stderr: redact(stderr, secrets) })
      }
    })
  })
}

async function withClient<T>(databaseUrl: string, body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 15_000, application_name: 'speakpro-backup' })
  try {
    await client.connect()
  } catch (error) {
    // pg's messages name the user and host, never the password; redact anyway in case a URL is echoed.
    const password = safePassword(databaseUrl)
    throw new BackupError(`cannot connect to the database: ${redact((error as Error).message, [password])}`)
  }
  try {
    return await body(client)
  } finally {
    await client.end().catch(() => undefined)
  }
}

function safePassword(databaseUrl: string): string | undefined {
  try {
    return decodeURIComponent(new URL(databaseUrl).password) || undefined
  } catch {
    return undefined
  }
}

export type ArchiveInfo = {
  entries: number
  createdAt?: string
  database?: string
  serverVersion?: string
  dumpedBy?: string
}

/** `pg_restore --list` reads the whole table of contents: a file that passes is a readable archive. */
export async function readArchive(file: string, options: { timeoutMs?: number; env?: EnvVars } = {}): Promise<ArchiveInfo> {
  if (!fs.existsSync(file)) throw new BackupError(`backup file not found: ${file}`, 2)
  if (!fs.statSync(file).isFile()) throw new BackupError(`not a file: ${file}`, 2)
  const binary = findPgTool('pg_restore', options.env)
  let stdout: string
  try {
    ;({ stdout } = await runTool(binary, ['--list', file], { timeoutMs: options.timeoutMs ?? 60_000, env: toolEnv(undefined) }))
  } catch (error) {
    throw new BackupError(`${file} is not a readable pg_dump custom-format archive (damaged, truncated or another format): ${(error as Error).message}`)
  }
  const header = (label: string) => new RegExp(`^;\\s+${label}:?\\s+(.+)$`, 'm').exec(stdout)?.[1]?.trim()
  return {
    entries: stdout.split('\n').filter((l) => l && !l.startsWith(';')).length,
    createdAt: header('Archive created at'),
    database: header('dbname'),
    serverVersion: header('Dumped from database version'),
    dumpedBy: header('Dumped by pg_dump version'),
  }
}

export type BackupOptions = {
  databaseUrl: string
  /** Where to write; must not exist yet (a backup never overwrites another). */
  out: string
  timeoutMs?: number
  env?: EnvVars
  log?: (message: string) => void
}

export type BackupResult = {
  file: string
  bytes: number
  ms: number
  entries: number
  tool: { binary: string; version: string }
  server: { version: string }
  target: string
}

export const DEFAULT_TIMEOUT_MS = 60 * 60 * 1000

/** UTC, to the second, without characters some file systems refuse: 20261125T183012Z. */
export const backupTimestamp = (date = new Date()): string => date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')

/**
 * `pg_dump --format=custom`: compressed, restorable selectively and in any order by
 * pg_restore. Written to a private temporary file first, so a failed or interrupted dump never
 * leaves something at `out` that looks like a backup.
 */
export async function backupDatabase(options: BackupOptions): Promise<BackupResult> {
  const started = Date.now()
  const log = options.log ?? (() => undefined)
  const out = path.resolve(options.out)
  if (fs.existsSync(out)) throw new BackupError(`${out} already exists; a backup never overwrites a file`, 2)
  const connection = connectionFromUrl(options.databaseUrl)
  const secrets = [connection.env.PGPASSWORD]
  if (connection.ignored.length) log(`ignoring DATABASE_URL parameter(s) the PostgreSQL tools do not know: ${connection.ignored.join(', ')}`)
  const binary = findPgTool('pg_dump', options.env)
  const [tool, server] = await Promise.all([toolVersion(binary), serverVersion(options.databaseUrl)])
  checkVersions('pg_dump', binary, tool, server)
  log(`backing up ${connection.label} (PostgreSQL ${server.text}) with pg_dump ${tool.text} (${binary})`)

  // Dumps hold password hashes and learners' data: the directory and file are private.
  fs.mkdirSync(path.dirname(out), { recursive: true, mode: 0o700 })
  const partial = `${out}.partial-${process.pid}`
  fs.closeSync(fs.openSync(partial, 'wx', 0o600))
  try {
    await runTool(
      binary,
      [
        '--format=custom',
        // zlib level 6, pg_dump's own default for this format, stated so nobody has to look it up.
        '--compress=6',
        // Never prompt: without a TTY it would hang; a missing or wrong password fails at once.
        '--no-password',
        // A migration or long transaction holding an exclusive lock fails the backup instead of stalling it.
        '--lock-wait-timeout=60s',
        `--file=${partial}`,
      ],
      { env: toolEnv(connection), timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, secrets },
    )
    const archive = await readArchive(partial, { env: options.env })
    // Typically DATABASE_URL unset where it should be set: the embedded database is then a new, empty one.
    if (!archive.entries) log(`warning: ${connection.label} is empty (no tables, no data): is this the right database?`)
    // link + unlink rather than rename: fails instead of replacing a file that appeared meanwhile.
    fs.linkSync(partial, out)
    return {
      file: out,
      bytes: fs.statSync(out).size,
      ms: Date.now() - started,
      entries: archive.entries,
      tool: { binary, version: tool.text },
      server: { version: server.text },
      target: connection.label,
    }
  } finally {
    fs.rmSync(partial, { force: true })
  }
}

/** Tables Payload keeps for itself; rows there (jobs, preferences, migrations) are not the app's data. */
const isBookkeeping = (table: string): boolean => table.startsWith('payload_')

/** Public tables (outside Payload's bookkeeping) that have at least one row. */
export async function tablesWithRows(databaseUrl: string): Promise<string[]> {
  return withClient(databaseUrl, async (client) => {
    const tables = (
      await client.query<{ name: string }>(
        `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
      )
    ).rows
      .map((r) => r.name)
      .filter((t) => !isBookkeeping(t))
    if (!tables.length) return []
    const probe = tables
      .map((t, i) => `SELECT ${i} AS i WHERE EXISTS (SELECT 1 FROM public.${client.escapeIdentifier(t)})`)
      .join(' UNION ALL ')
    const { rows } = await client.query<{ i: number }>(probe)
    return rows.map((r) => tables[r.i] as string)
  })
}

/** Key tables whose counts are printed after a restore (those that exist). */
export const KEY_TABLES = ['users', 'reward_ledger', 'user_progress', 'lesson_sessions', 'levels', 'districts', 'modules', 'venues', 'media', 'analytics_events']

export type SanityReport = {
  /** Names in `payload_migrations` (batch ≥ 1), or null when the table is missing. */
  applied: string[] | null
  /** This app's migrations that the restored database lacks (the app applies them at boot). */
  missing: string[]
  /** Migrations in the database this app does not know (a backup from newer code). */
  unknown: string[]
  balanceMismatches: number
  counts: Record<string, number>
  /** Reasons the restored database is not usable by this app as it is. */
  problems: string[]
  warnings: string[]
}

/**
 * The names of this app's migrations, read from `src/migrations/index.ts` as text: importing
 * it loads Payload and drizzle, about ten seconds of a script that otherwise starts at once.
 * (A test checks this against the imported list.)
 */
export function appMigrationNames(): string[] {
  const index = fs.readFileSync(path.join(projectRoot, 'src/migrations/index.ts'), 'utf8')
  return [...index.matchAll(/^\s*name:\s*['"]([^'"]+)['"]/gm)].map((m) => m[1] as string)
}

/** Is this a SpeakPro database this app can run on, and are its balances consistent? */
export async function sanityCheck(databaseUrl: string): Promise<SanityReport> {
  const expected = appMigrationNames()
  return withClient(databaseUrl, async (client) => {
    const report: SanityReport = { applied: null, missing: [], unknown: [], balanceMismatches: 0, counts: {}, problems: [], warnings: [] }
    const existing = new Set(
      (await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`)).rows.map((r) => r.name),
    )
    if (!existing.has('payload_migrations')) {
      report.problems.push('the restored database has no payload_migrations table: this is not a backup of this app')
      return report
    }
    const rows = (await client.query<{ name: string; batch: number | null }>('SELECT name, batch FROM payload_migrations')).rows
    if (rows.some((r) => r.batch === -1)) report.problems.push('the restored database was changed by dev `push` and cannot take migrations')
    report.applied = rows.filter((r) => r.batch !== -1).map((r) => r.name)
    const applied = new Set(report.applied)
    report.missing = expected.filter((n) => !applied.has(n))
    report.unknown = report.applied.filter((n) => !expected.includes(n)).sort()
    if (report.missing.length) report.warnings.push(`${report.missing.length} migration(s) of this app are not applied yet (run npm run migrate, or start the app): ${report.missing.join(', ')}`)
    if (report.unknown.length) report.warnings.push(`the backup has migration(s) this code does not know (made by a newer version?): ${report.unknown.join(', ')}`)

    for (const table of KEY_TABLES.filter((t) => existing.has(t))) {
      report.counts[table] = Number((await client.query(`SELECT count(*) AS n FROM public.${client.escapeIdentifier(table)}`)).rows[0].n)
    }
    if (existing.has('users') && existing.has('reward_ledger')) {
      const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 })
      try {
        report.balanceMismatches = (await findBalanceMismatches(pool)).length
      } finally {
        await pool.end()
      }
      if (report.balanceMismatches) report.problems.push(`${report.balanceMismatches} balance(s) differ from the ledger (see npm run economy:verify)`)
    }
    return report
  })
}

export type RestoreOptions = {
  databaseUrl: string
  file: string
  /** Replace a database that already holds data. */
  force?: boolean
  timeoutMs?: number
  env?: EnvVars
  log?: (message: string) => void
}

export type RestoreResult = {
  ms: number
  archive: ArchiveInfo
  target: string
  tool: { binary: string; version: string }
  /** Tables that held rows before (replaced because of `force`). */
  replaced: string[]
  sanity: SanityReport
}

/** `dbname='…'` for `pg_restore --dbname`: a bare name containing `=` would be read as a connection string. */
const conninfoDbname = (name: string): string => `dbname='${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`

/**
 * `pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction`:
 * the archive's objects are dropped where they exist and recreated, owned by the connecting
 * role, without the source's GRANTs, all in one transaction, so a failure anywhere (a
 * damaged file, a lock that does not come, a full disk) leaves the database as it was.
 */
export async function restoreDatabase(options: RestoreOptions): Promise<RestoreResult> {
  const started = Date.now()
  const log = options.log ?? (() => undefined)
  const file = path.resolve(options.file)
  // First the file, so that a typo or a damaged download is reported before anything connects.
  const archive = await readArchive(file, { env: options.env })
  const connection = connectionFromUrl(options.databaseUrl)
  const secrets = [connection.env.PGPASSWORD]
  if (connection.ignored.length) log(`ignoring DATABASE_URL parameter(s) the PostgreSQL tools do not know: ${connection.ignored.join(', ')}`)
  const binary = findPgTool('pg_restore', options.env)
  const [tool, server] = await Promise.all([toolVersion(binary), serverVersion(options.databaseUrl)])
  checkVersions('pg_restore', binary, tool, server)

  const replaced = await tablesWithRows(options.databaseUrl)
  if (replaced.length && !options.force) {
    // The tables an operator recognises first (users, ledger…), not the alphabet's version tables.
    const ordered = [...KEY_TABLES.filter((t) => replaced.includes(t)), ...replaced.filter((t) => !KEY_TABLES.includes(t))]
    const shown = ordered.slice(0, 5).join(', ') + (ordered.length > 5 ? `, … ${ordered.length} tables` : '')
    throw new BackupError(
      `refusing to restore: ${connection.label} already holds data (rows in ${shown}). ` +
        'Restoring replaces every table in the backup. Re-run with --force to replace it, or restore into an empty database.',
      2,
    )
  }
  const others = await withClient(options.databaseUrl, async (client) =>
    Number((await client.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)).rows[0].n),
  )
  if (others) log(`warning: ${others} other session(s) are connected to ${connection.database}; stop the app first (it may block the restore, and it caches what it has read)`)
  log(
    `restoring ${file} (${archive.entries} entries, made ${archive.createdAt ?? '?'} from ${archive.database ?? '?'}, PostgreSQL ${archive.serverVersion ?? '?'}) ` +
      `into ${connection.label} (PostgreSQL ${server.text}) with pg_restore ${tool.text} (${binary})${replaced.length ? ', replacing its data (--force)' : ''}`,
  )

  // A lock held by a running app would otherwise make the restore wait without end.
  const pgOptions = [connection.env.PGOPTIONS ?? process.env.PGOPTIONS, '-c lock_timeout=60s'].filter(Boolean).join(' ')
  try {
    await runTool(
      binary,
      ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--no-password', `--dbname=${conninfoDbname(connection.database)}`, file],
      { env: toolEnv(connection, { PGOPTIONS: pgOptions }), timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, secrets },
    )
  } catch (error) {
    throw new BackupError(`restore failed; nothing was changed (it runs as a single transaction): ${(error as Error).message}`)
  }
  const ms = Date.now() - started
  const sanity = await sanityCheck(options.databaseUrl)
  return { ms, archive, target: connection.label, tool: { binary, version: tool.text }, replaced, sanity }
}

/** 524288 → "512.0 KiB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`
}
