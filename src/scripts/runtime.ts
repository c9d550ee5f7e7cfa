// First: `.env` must be in process.env before the config below is evaluated.
import '../loadDotEnv'

import config from '@payload-config'

import { bootPayload } from '../boot'
import { EmbeddedDatabaseError } from '../db/embedded'
import type { Runtime } from '../boot'
import { EnvError, loadEnv } from '../env'

/** Runs a script body against a booted Payload (embedded database when DATABASE_URL is unset). */
export async function withRuntime(body: (runtime: Runtime) => Promise<void>): Promise<void> {
  let runtime: Runtime | undefined
  try {
    const env = loadEnv()
    Object.assign(process.env, { NODE_ENV: env.NODE_ENV })
    runtime = await bootPayload(env, { config, log: (m) => console.log(m) })
    const booted = runtime
    // Ctrl-C or a deploy tool's SIGTERM: stop the embedded database too, then leave.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => void booted.close().finally(() => process.exit(130)))
    }
    await body(runtime)
  } catch (error) {
    console.error(error instanceof EnvError || error instanceof UsageError || error instanceof EmbeddedDatabaseError ? error.message : error)
    process.exitCode = 1
  } finally {
    await closeWithin(runtime, 15_000)
  }
  // Explicit: modules the config loads may keep handles open.
  process.exit(process.exitCode ?? 0)
}

export class UsageError extends Error {}

/**
 * Closes the runtime, but never lets the script end on an empty event loop while waiting
 * (Node would exit with code 13 and no result) nor wait for ever: a timer holds the loop and
 * bounds the wait. Seen once in CI: the verify script exited non-zero with no output.
 */
async function closeWithin(runtime: Runtime | undefined, ms: number): Promise<void> {
  if (!runtime) return
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      console.error(`closing took over ${ms / 1000} s; exiting anyway`)
      resolve()
    }, ms)
  })
  await Promise.race([runtime.close().catch((error: unknown) => console.error('closing:', error)), timedOut])
  clearTimeout(timer)
}
