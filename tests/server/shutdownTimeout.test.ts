import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'

import { afterAll, describe, expect, it } from '@jest/globals'

import { projectRoot } from '../../src/paths'
import { freePort } from '../helpers/freePort'

/**
 * The real entry point as its own process, on an embedded PostgreSQL it starts itself (no
 * DATABASE_URL), as `npm run dev` runs. Shutdown must end within SHUTDOWN_TIMEOUT_MS whatever
 * it waits for, and never leave that database running.
 */
const SHUTDOWN_TIMEOUT_MS = 1500
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'speakpro-shutdown-'))
// The postgres user (when we are root) must reach the data directory.
fs.chmodSync(dataDir, 0o755)
const pidFile = path.join(dataDir, 'pg', 'postmaster.pid')
let pgPort: number
let current: { child: ChildProcess; output: () => string } | undefined

afterAll(async () => {
  if (current?.child.exitCode === null) current.child.kill('SIGKILL')
  const pid = postmasterPid()
  if (pid && alive(pid)) {
    process.kill(pid, 'SIGCONT')
    process.kill(pid, 'SIGINT')
    await until(() => !alive(pid), 10_000)
  }
  fs.rmSync(dataDir, { recursive: true, force: true })
})

const postmasterPid = () => {
  try {
    return Number.parseInt(fs.readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10) || undefined
  } catch {
    return undefined
  }
}

/** Running, not a zombie waiting to be reaped by whoever inherited it. */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

/** Every process of the cluster, backends included (their command line names no data dir). */
const clusterProcesses = (postmaster: number) =>
  fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8')
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
        return (Number(entry) === postmaster || ppid === postmaster) && alive(Number(entry))
      } catch {
        return false
      }
    })

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (check()) return true
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return check()
}

const get = (port: number, pathname: string) =>
  new Promise<number>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: pathname, agent: false }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    }).on('error', reject)
  })

async function startServer(): Promise<{ child: ChildProcess; port: number; exited: Promise<number | null>; output: () => string }> {
  pgPort ??= await freePort()
  const port = await freePort()
  let output = ''
  const child = spawn(process.execPath, ['--conditions=production', '--import', 'tsx', 'src/server.ts'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      NODE_OPTIONS: '--no-deprecation',
      NODE_ENV: 'production',
      ALLOW_EMBEDDED_DB: 'true',
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
      PAYLOAD_SECRET: 'a'.repeat(48),
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_UI: 'false',
      AUTO_SEED: 'false',
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (d) => (output += d))
  child.stderr?.on('data', (d) => (output += d))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  current = { child, output: () => output }
  const ready = await until(() => child.exitCode !== null || output.includes('[speakpro] ready'), 90_000)
  if (!ready || child.exitCode !== null) throw new Error(`server not ready:\n${output}`)
  expect(await get(port, '/readyz')).toBe(200)
  return { child, port, exited, output: () => output }
}

describe('shutdown of a server with its own embedded database', () => {
  it('stops the database and exits 0 when everything closes in time', async () => {
    const server = await startServer()
    const postmaster = postmasterPid()!
    expect(alive(postmaster)).toBe(true)
    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)
    expect(server.output()).toContain('stopped')
    await until(() => clusterProcesses(postmaster).length === 0, 5000)
    expect(clusterProcesses(postmaster)).toEqual([])
  }, 60_000)

  it('exits 1 at SHUTDOWN_TIMEOUT_MS when a request never finishes, and stops the database on the way out', async () => {
    const server = await startServer()
    const postmaster = postmasterPid()!
    // A client that sends half its body and then nothing: the request stays in flight.
    const stalled = http.request({ host: '127.0.0.1', port: server.port, path: '/api/users/login', method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': 100 } })
    stalled.on('error', () => undefined)
    stalled.write('{"email":')
    await new Promise((resolve) => setTimeout(resolve, 300))
    const sent = Date.now()
    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(1)
    expect(Date.now() - sent).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 3000)
    expect(server.output()).toContain('shutdown timeout: still waiting for 1 request(s) in flight')
    stalled.destroy()
    // Stopped by the exit hook's fast shutdown, not killed: the cluster shut down cleanly.
    expect(clusterProcesses(postmaster)).toEqual([])
    expect(fs.existsSync(pidFile)).toBe(false)
  }, 60_000)

  it('exits 1 at SHUTDOWN_TIMEOUT_MS when closing never settles, and the database is gone all the same', async () => {
    const server = await startServer()
    const postmaster = postmasterPid()!
    // A postmaster that no longer acts on signals (frozen, as a hung host would be): stopping
    // the embedded database, the last step of runtime.close, never settles.
    process.kill(postmaster, 'SIGSTOP')
    const sent = Date.now()
    server.child.kill('SIGTERM')
    const code = await server.exited
    const took = Date.now() - sent
    expect(code).toBe(1)
    expect(server.output()).toContain(`shutdown timeout: still waiting for the database pool and the embedded database to close after ${SHUTDOWN_TIMEOUT_MS} ms`)
    expect(server.output()).not.toContain('[speakpro] stopped')
    // The timeout, then at most the exit hook's wait for a fast shutdown (5 s) before it kills.
    expect(took).toBeGreaterThanOrEqual(SHUTDOWN_TIMEOUT_MS)
    expect(took).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 8000)
    await until(() => clusterProcesses(postmaster).length === 0, 5000)
    expect(clusterProcesses(postmaster)).toEqual([])
  }, 60_000)
})
