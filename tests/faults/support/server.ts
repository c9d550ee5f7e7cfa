import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { projectRoot } from '../../../src/paths'
import { buildServerBundle, SERVER_BUNDLE, SERVER_NODE_FLAGS } from '../../../src/serverBundle'
import { freePort } from '../../helpers/freePort'
import { send } from './http'
import { until } from './wait'

export type ServerProcess = {
  pid: number
  port: number
  baseUrl: string
  /** Everything the process printed so far (stdout and stderr). */
  output: () => string
  /** Resolves when the process exits, with its code and signal and when it happened. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>
  running: () => boolean
  signal: (signal: NodeJS.Signals) => void
  /** SIGKILL if still running; removes its media directory. */
  stop: () => Promise<void>
}

/**
 * The real server as its own process, started as `npm start` starts it (NODE_ENV=production,
 * `node <SERVER_NODE_FLAGS> dist/server.js`, the bundle built from the current source once per
 * test file), API-only so no Next build is needed, with a generated secret and a database we
 * control. Resolves once /readyz answers 200.
 */
let bundled: Promise<unknown> | undefined
const bundleOnce = () => (bundled ??= buildServerBundle())

export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort()
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'speakpro-faults-media-'))
  // The parent's environment minus what belongs to jest or to this suite's in-process app.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(NODE_OPTIONS|NODE_ENV|JEST_|OPENAI_|LESSON_RELAY_|VENUE_FEEDBACK_|AI_TIMEOUT|DATABASE_URL|TEST_)/.test(k)),
  )
  await bundleOnce()
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, SERVER_BUNDLE], {
    cwd: projectRoot,
    env: {
      ...inherited,
      NODE_OPTIONS: '--no-deprecation',
      NODE_ENV: 'production',
      PAYLOAD_SECRET: randomBytes(36).toString('base64url'),
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_UI: 'false',
      AUTO_SEED: 'false',
      JOBS_AUTORUN: 'false',
      MEDIA_DIR: mediaDir,
      LOG_LEVEL: 'error',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (d) => (output += d))
  child.stderr?.on('data', (d) => (output += d))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  )
  const baseUrl = `http://127.0.0.1:${port}`
  const server: ServerProcess = {
    pid: child.pid as number,
    port,
    baseUrl,
    output: () => output,
    exited,
    running: () => child.exitCode === null && child.signalCode === null,
    signal: (s) => child.kill(s),
    stop: async () => {
      if (server.running()) {
        child.kill('SIGKILL')
        await exited
      }
      fs.rmSync(mediaDir, { recursive: true, force: true })
    },
  }
  try {
    // An early exit ends the wait too (and fails below), instead of running out the deadline.
    await until(async () => !server.running() || (await send(baseUrl, 'GET', '/readyz')).status === 200, 90_000, 'the server to be ready', 200)
    if (!server.running()) throw new Error('it exited')
  } catch (error) {
    await server.stop()
    throw new Error(`the server did not become ready (${(error as Error).message}):\n${output}`)
  }
  return server
}
