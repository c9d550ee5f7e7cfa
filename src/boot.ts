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
  /** Apply committed migrations before serving (default true; skipped when `DB_PUSH` is on). */
  migrate?: boolean
  log?: (message: string) => void
}

/**
 * The one way every process (server, scripts, tests) gets a Payload instance:
 * database (given or embedded) → config → Payload → migrations.
 */
export async function bootPayload(env: Env, options: BootOptions = {}): Promise<Runtime> {
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
  process.env.PAYLOAD_SECRET = env.PAYLOAD_SECRET

  try {
    // Imported only now: the config reads DATABASE_URL and PAYLOAD_SECRET when it loads.
    const { default: configPromise } = await import('@payload-config')
    const config = await configPromise
    const payload = await getPayload({ config })
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

/** `payload.destroy()` leaves a pooled client checked out; end the pool so the process can exit. */
export async function closePayload(payload: Payload): Promise<void> {
  await payload.destroy().catch(() => undefined)
  const pool = payload.db?.pool as { ended?: boolean; end: () => Promise<void> } | undefined
  if (pool && !pool.ended) await pool.end().catch(() => undefined)
}
