import { getPayload } from 'payload'
import type { Payload, SanitizedConfig } from 'payload'

import { startEmbeddedPostgres } from './db/embedded'
import { runMigrations } from './db/migrate'
import type { Env } from './env'

export type Runtime = {
  payload: Payload
  config: SanitizedConfig
  /** Ends Payload's pool, then the embedded database if this process started one. */
  close: () => Promise<void>
}

type BootOptions = {
  /** The Payload config; entry points import it statically (see src/server.ts for why). */
  config: Promise<SanitizedConfig> | SanitizedConfig
  /** Apply committed migrations before serving (default true; skipped when `DB_PUSH` is on). */
  migrate?: boolean
  log?: (message: string) => void
}

/**
 * The one way every process (server, scripts, tests) gets a Payload instance:
 * database (given or embedded) → config → Payload → migrations.
 */
export async function bootPayload(env: Env, options: BootOptions): Promise<Runtime> {
  const log = options.log ?? (() => undefined)
  let stopDatabase: (() => Promise<void>) | undefined
  if (!env.DATABASE_URL) {
    const db = await startEmbeddedPostgres({
      dataDir: env.DATA_DIR,
      port: env.EMBEDDED_PG_PORT,
      // A pushed schema never shares a database with migrations (migrate would prompt and hang).
      database: env.DB_PUSH ? 'speakpro_push' : 'speakpro',
    })
    log(`embedded PostgreSQL on 127.0.0.1:${env.EMBEDDED_PG_PORT} (data in ${env.DATA_DIR}/pg)`)
    process.env.DATABASE_URL = db.url
    stopDatabase = db.stop
  }

  try {
    const config = await options.config
    // The validated secret wins over whatever the config saw when it was imported.
    config.secret = env.PAYLOAD_SECRET
    const payload = await getPayload({ config })
    // An idle client killed by the server (restart, failover, admin command) emits 'error' on
    // the pool; unhandled, that would crash the process. The pool replaces it on next use.
    payload.db.pool.on('error', (err) => payload.logger.warn({ err }, 'idle database connection lost'))
    if (options.migrate !== false && !env.DB_PUSH) await runMigrations(payload)
    return {
      payload,
      config,
      close: async () => {
        await closePayload(payload)
        await stopDatabase?.()
      },
    }
  } catch (error) {
    await stopDatabase?.()
    throw error
  }
}

type PoolInternals = {
  ended?: boolean
  end: () => Promise<void>
  _clients?: { release: (destroy?: boolean) => void }[]
  _idle?: { client: unknown }[]
}

/**
 * `payload.destroy()` does not end the pg pool, and the adapter keeps one client checked out
 * forever, so `pool.end()` alone would wait for ever. End the pool, then destroy the clients
 * still checked out so it can finish and the process can exit.
 */
export async function closePayload(payload: Payload): Promise<void> {
  await payload.destroy().catch(() => undefined)
  const pool = payload.db?.pool as unknown as PoolInternals | undefined
  if (!pool || pool.ended) return
  const idle = new Set((pool._idle ?? []).map((i) => i.client))
  const checkedOut = (pool._clients ?? []).filter((c) => !idle.has(c))
  const ended = pool.end().catch(() => undefined)
  for (const client of checkedOut) {
    try {
      client.release(true)
    } catch {
      // already released
    }
  }
  await ended
}
