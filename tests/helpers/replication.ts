import { execFileSync, spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import pg from 'pg'

import { embeddedBinaries, startEmbeddedPostgres } from '../../src/db/embedded'
import { freePort } from './freePort'

/**
 * A primary and a hot standby streaming from it, for the read-replica test: the primary is the
 * embedded PostgreSQL 15 (its own cluster, not the suite's), the standby a `pg_basebackup -R`
 * of it started with the same embedded binaries. As root both run as the `postgres` system
 * user, as src/db/embedded.ts does (PostgreSQL refuses to run as root).
 */
export type Replication = {
  primaryUrl: string
  replicaUrl: string
  /** Runs SQL on the primary or the standby (a connection per call). */
  primary: <Row extends Record<string, unknown> = Record<string, unknown>>(text: string, values?: unknown[]) => Promise<Row[]>
  replica: <Row extends Record<string, unknown> = Record<string, unknown>>(text: string, values?: unknown[]) => Promise<Row[]>
  /** Stops replaying WAL on the standby (it keeps receiving it): the standby stays as it is now. */
  pauseReplay: () => Promise<void>
  resumeReplay: () => Promise<void>
  /** Waits until the standby has replayed everything the primary has written so far. */
  caughtUp: (timeoutMs?: number) => Promise<void>
  stopReplica: () => Promise<void>
  /** Stops both servers and removes their directories; safe to call twice and after a failed start. */
  stop: () => Promise<void>
}

const DEBIAN_PG_BIN_DIR = '/usr/lib/postgresql/15/bin'
const DATABASE = 'speakpro'

/** pg_basebackup from PostgreSQL 15's client tools (PG_BIN_DIR, Debian's directory, PATH). */
export function findBaseBackup(env: NodeJS.ProcessEnv = process.env): string {
  const dirs = [env.PG_BIN_DIR, DEBIAN_PG_BIN_DIR, ...(env.PATH ?? '').split(path.delimiter)].filter((d): d is string => Boolean(d))
  for (const dir of dirs) {
    const file = path.join(dir, 'pg_basebackup')
    try {
      fs.accessSync(file, fs.constants.X_OK)
      const version = execFileSync(file, ['--version'], { encoding: 'utf8' })
      if (/\(PostgreSQL\) 15\./.test(version)) return file
    } catch {
      // not here, or not 15
    }
  }
  throw new Error(
    'pg_basebackup of PostgreSQL 15 not found (looked in PG_BIN_DIR, /usr/lib/postgresql/15/bin and PATH): ' +
      'install Debian\'s postgresql-client-15 (apt-get install postgresql-client-15), which CI installs',
  )
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0

/** uid/gid of the `postgres` user when running as root (startEmbeddedPostgres created it). */
function postgresUser(): { uid: number; gid: number } | Record<string, never> {
  if (!isRoot()) return {}
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
  return { uid, gid }
}

async function run<Row extends Record<string, unknown>>(url: string, text: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<Row>(text, values)).rows
  } finally {
    await client.end()
  }
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check().catch(() => false)) return
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

export async function startReplication(work: string): Promise<Replication> {
  const baseBackup = findBaseBackup()
  const owner = postgresUser()
  let stopPrimary: (() => Promise<void>) | undefined
  let standby: ChildProcess | undefined
  let standbyLog = ''

  const stopReplica = async () => {
    const child = standby
    standby = undefined
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    child.kill('SIGINT') // fast shutdown
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
  }
  const stop = async () => {
    await stopReplica().catch(() => undefined)
    const primaryStop = stopPrimary
    stopPrimary = undefined
    await primaryStop?.().catch(() => undefined)
    fs.rmSync(work, { recursive: true, force: true })
  }

  try {
    fs.mkdirSync(work, { recursive: true })
    // The postgres user must reach the data directories inside.
    fs.chmodSync(work, 0o755)
    const primaryPort = await freePort()
    const db = await startEmbeddedPostgres({
      dataDir: path.join(work, 'primary'),
      port: primaryPort,
      database: DATABASE,
      // Durability does not matter here; full_page_writes must stay on for a base backup.
      settings: { fsync: 'off' },
    })
    stopPrimary = db.stop
    const primaryUrl = db.url
    const { username, password } = new URL(primaryUrl)
    const user = decodeURIComponent(username)

    // Replication connections from this host for our user (initdb's defaults may already allow it).
    const hbaFile = (await run<{ f: string }>(db.adminUrl, "SELECT current_setting('hba_file') AS f"))[0]?.f as string
    fs.appendFileSync(hbaFile, `\nhost replication ${user} 127.0.0.1/32 password\n`)
    await run(db.adminUrl, 'SELECT pg_reload_conf()')

    const standbyDir = path.join(work, 'standby')
    fs.mkdirSync(standbyDir, { mode: 0o700 })
    if ('uid' in owner) fs.chownSync(standbyDir, owner.uid, owner.gid)
    try {
      execFileSync(baseBackup, ['--host=127.0.0.1', `--port=${primaryPort}`, `--username=${user}`, `--pgdata=${standbyDir}`, '--write-recovery-conf', '--wal-method=stream', '--checkpoint=fast', '--no-password'], {
        env: { ...process.env, PGPASSWORD: decodeURIComponent(password) },
        stdio: 'pipe',
        ...owner,
      })
    } catch (error) {
      const stderr = String((error as { stderr?: unknown }).stderr ?? '')
      throw new Error(`pg_basebackup failed: ${stderr.replaceAll(decodeURIComponent(password), '***')}`)
    }

    const replicaPort = await freePort()
    const child = spawn(
      embeddedBinaries().postgres,
      ['-D', standbyDir, '-p', String(replicaPort), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'hot_standby=on', '-c', 'fsync=off'],
      { stdio: ['ignore', 'ignore', 'pipe'], ...owner },
    )
    standby = child
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the standby did not start within 20 s:\n${standbyLog}`)), 20_000)
      child.stderr?.on('data', (chunk: Buffer) => {
        standbyLog += chunk.toString('utf8')
        if (standbyLog.includes('ready to accept read-only connections')) {
          clearTimeout(timer)
          resolve()
        }
      })
      child.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`the standby exited (code ${code}) before it was ready:\n${standbyLog}`))
      })
    })
    const url = new URL(primaryUrl)
    url.port = String(replicaPort)
    const replicaUrl = url.toString()

    // Streaming, not just started: the primary's walsender reports it.
    await until('the standby to stream from the primary', async () => {
      const rows = await run<{ state: string }>(db.adminUrl, 'SELECT state FROM pg_stat_replication')
      return rows.some((r) => r.state === 'streaming')
    }, 20_000)

    const caughtUp = async (timeoutMs = 20_000) => {
      const [{ lsn } = { lsn: '' }] = await run<{ lsn: string }>(primaryUrl, 'SELECT pg_current_wal_lsn()::text AS lsn')
      await until(`the standby to replay up to ${lsn}`, async () => {
        const [row] = await run<{ done: boolean }>(replicaUrl, 'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done', [lsn])
        return Boolean(row?.done)
      }, timeoutMs)
    }

    return {
      primaryUrl,
      replicaUrl,
      primary: (text, values) => run(primaryUrl, text, values),
      replica: (text, values) => run(replicaUrl, text, values),
      pauseReplay: async () => {
        await run(replicaUrl, 'SELECT pg_wal_replay_pause()')
        await until('replay to pause', async () => (await run<{ s: string }>(replicaUrl, 'SELECT pg_get_wal_replay_pause_state() AS s'))[0]?.s === 'paused', 10_000)
      },
      resumeReplay: async () => {
        await run(replicaUrl, 'SELECT pg_wal_replay_resume()')
      },
      caughtUp,
      stopReplica,
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
