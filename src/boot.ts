import path from 'node:path'

import { getPayload } from 'payload'
import type { Payload, SanitizedConfig } from 'payload'

import { startEmbeddedPostgres } from './db/embedded'
import { runMigrations } from './db/migrate'
import { endReplicaPools, replicaLabels } from './db/readReplicas'
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
  /**
   * Payload caches one instance per key for the process (and keeps a destroyed one there).
   * A distinct key gives a separate instance; HTTP handlers always use the default one.
   */
  cacheKey?: string
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
    const moved = db.pgDir !== path.join(env.DATA_DIR, 'pg') ? `; the postgres user cannot enter ${env.DATA_DIR}` : ''
    log(`embedded PostgreSQL on 127.0.0.1:${env.EMBEDDED_PG_PORT} (data in ${db.pgDir}${moved})`)
    process.env.DATABASE_URL = db.url
    stopDatabase = db.stop
  }

  try {
    const config = await options.config
    // The validated secret wins over whatever the config saw when it was imported.
    config.secret = env.PAYLOAD_SECRET
    const payload = await getPayload({ config, key: options.cacheKey })
    recordHeldClients(payload)
    // An idle client killed by the server (restart, failover, admin command) emits 'error' on
    // the pool; unhandled, that would crash the process. The pool replaces it on next use.
    payload.db.pool.on('error', (err) => payload.logger.warn({ err }, 'idle database connection lost'))
    const replicas = replicaLabels(payload)
    if (replicas.length) log(`read replicas for content reads: ${replicas.join(', ')}`)
    keepConnectionErrorsFromCrashing(payload)
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

type PooledClient = { release: (destroy?: boolean) => void }

type ClientEvents = { on: (event: 'error', listener: (err: Error) => void) => void }

/**
 * A client that is checked out (a transaction in progress, a query running) has no 'error'
 * listener of the pool's; when its connection dies (the database killed or restarted) node-postgres
 * fails its queries *and* emits 'error' on the client, which, unheard, crashes the whole process.
 * Every client gets a listener for its whole life: the queries still fail (503 to the caller),
 * pg-pool discards the broken client when it is released, and the process keeps serving.
 */
function keepConnectionErrorsFromCrashing(payload: Payload): void {
  const pool = payload.db?.pool as unknown as (PoolInternals & { on: (event: 'connect', listener: (client: ClientEvents) => void) => void }) | undefined
  if (!pool) return
  const listen = (client: ClientEvents) =>
    client.on('error', (err) => payload.logger.warn({ err: { message: err.message, code: (err as { code?: unknown }).code } }, 'database connection lost'))
  for (const client of (pool._clients ?? []) as unknown as ClientEvents[]) listen(client)
  pool.on('connect', listen)
}

type PoolInternals = {
  ended?: boolean
  end: () => Promise<void>
  _clients?: PooledClient[]
  _idle?: { client: unknown }[]
}

/** Clients of the pool that are checked out right now. */
function checkedOut(pool: PoolInternals): PooledClient[] {
  const idle = new Set((pool._idle ?? []).map((i) => i.client))
  return (pool._clients ?? []).filter((c) => !idle.has(c))
}

/**
 * The client the adapter checks out when it connects and never gives back. Recorded at boot so
 * that shutdown knows which checked-out clients are still running queries.
 */
const heldByAdapter = new WeakMap<Payload, Set<PooledClient>>()

function recordHeldClients(payload: Payload): void {
  const pool = payload.db?.pool as unknown as PoolInternals | undefined
  if (pool) heldByAdapter.set(payload, new Set(checkedOut(pool)))
}

/**
 * `payload.destroy()` does not end the pg pool, and the adapter keeps one client checked out
 * forever, so `pool.end()` alone would wait for ever. Queries still in flight are given up to
 * `graceMs` to return their clients; then the pool ends and the clients still out are
 * destroyed. A destroyed client's own release later becomes a no-op: pg-pool throws from a
 * second release, which would crash the process from inside a query callback.
 */
export async function closePayload(payload: Payload, { graceMs = 5000 }: { graceMs?: number } = {}): Promise<void> {
  await payload.destroy().catch(() => undefined)
  // Replica pools hold no client for ever (src/db/readReplicas.ts): ending them waits for reads in flight.
  const replicasEnded = endReplicaPools(payload)
  const pool = payload.db?.pool as unknown as PoolInternals | undefined
  if (!pool || pool.ended) return replicasEnded
  const held = heldByAdapter.get(payload) ?? new Set()
  const deadline = Date.now() + graceMs
  while (checkedOut(pool).some((c) => !held.has(c)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  const ended = pool.end().catch(() => undefined)
  for (const client of checkedOut(pool)) {
    const release = client.release
    client.release = () => undefined
    try {
      release.call(client, true)
    } catch {
      // already released
    }
  }
  await Promise.all([ended, replicasEnded])
}
