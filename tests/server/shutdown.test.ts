import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import http from 'node:http'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'

import { projectRoot } from '../../src/paths'
import { freePort } from '../helpers/freePort'
import { createTestDatabase } from '../helpers/testApp'

let server: ChildProcess
let port: number
let drop: () => Promise<void>
let output = ''

const get = (pathname: string) =>
  new Promise<number>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: pathname, agent: false }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    }).on('error', reject)
  })

async function waitForReady(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if ((await get('/readyz').catch(() => 0)) === 200) return
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`server not ready:\n${output}`)
}

beforeAll(async () => {
  const db = await createTestDatabase()
  drop = db.drop
  port = await freePort()
  // The real entry point, in production mode, API-only (no Next build needed).
  server = spawn(process.execPath, ['--conditions=production', '--import', 'tsx', 'src/server.ts'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      NODE_OPTIONS: '--no-deprecation',
      NODE_ENV: 'production',
      PAYLOAD_SECRET: 'a'.repeat(48),
      DATABASE_URL: db.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_UI: 'false',
      AUTO_SEED: 'false',
      SHUTDOWN_TIMEOUT_MS: '20000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  server.stdout?.on('data', (d) => (output += d))
  server.stderr?.on('data', (d) => (output += d))
  await waitForReady(60_000)
}, 90_000)

afterAll(async () => {
  if (server.exitCode === null) server.kill('SIGKILL')
  await drop?.()
})

describe('SIGTERM', () => {
  it('stops accepting connections, finishes the request in flight, then exits 0', async () => {
    const body = JSON.stringify({ email: 'nobody@example.com', password: 'not-the-password' })
    const half = Math.floor(body.length / 2)
    let statusOfInflight = 0
    const inflight = new Promise<string>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, path: '/api/users/login', method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          statusOfInflight = res.statusCode ?? 0
          let text = ''
          res.on('data', (d) => (text += d))
          res.on('end', () => resolve(text))
        },
      )
      req.on('error', reject)
      req.write(body.slice(0, half))
      // The rest of the body arrives after SIGTERM.
      setTimeout(() => req.end(body.slice(half)), 1500)
    })
    await new Promise((r) => setTimeout(r, 300))
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)))
    server.kill('SIGTERM')
    await new Promise((r) => setTimeout(r, 500))

    // Not listening any more: a new connection is refused while the old request is still open.
    await expect(get('/healthz')).rejects.toMatchObject({ code: 'ECONNREFUSED' })

    const text = await inflight.catch((e) => {
      throw new Error(`${e}\n${output}`)
    })
    expect(statusOfInflight).toBe(401)
    expect(JSON.parse(text).errors[0].message).toEqual(expect.any(String))
    expect(await exited).toBe(0)
    expect(output).toContain('stopped')
  }, 60_000)
})
