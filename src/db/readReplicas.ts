import pg from 'pg'
import type { DatabaseAdapterObj, Payload, PayloadRequest } from 'payload'

/**
 * Read replicas (`DATABASE_REPLICA_URLS`, DESIGN §7, docs/scaling.md).
 *
 * The adapter's own `readReplicas` wraps drizzle in `withReplicas`: every SELECT without a
 * transaction goes to a random replica, writes, `execute` (our raw SQL) and transactions go to
 * the primary, and for `readReplicasAfterWriteInterval` ms after a write made through Payload
 * *in this process* reads return to the primary. That is not read-after-write for a learner:
 * the window is per process (the next request may reach another node), raw-SQL writes such as
 * the ledger's never open it, and under steady load some write always has, so replicas would
 * serve nothing. Concretely, with the stock behaviour a sign-in followed by a request elsewhere
 * loses its session (Payload's JWT strategy reads the user and its sessions with a SELECT),
 * `GET /api/learn/profile` after a purchase shows the old balances, and `/api/users/me` and
 * `/api/reward-ledger` miss the learner's last change.
 *
 * So the routing here decides per read, from the adapter call alone (what is read, for whom),
 * not by time: a read goes to a replica only when
 *   1. it is made for a REST or GraphQL request (`req.payloadAPI`), not through the Local API
 *      (scripts, seeds, migrations, services, the admin's server code write and read back that
 *      way) and not for a job run (`/api/payload-jobs/…`, the server's own work),
 *   2. that request's caller is anonymous or a learner (staff read their own content edits back),
 *   3. it is not inside a transaction (those are on the primary anyway), and
 *   4. it reads a content collection or global — published curriculum, world, media, landing,
 *      economy rules — which only staff write.
 * Everything else — users and sessions (auth), every learner-owned collection, the ledger, jobs,
 * rate limits, idempotency keys, all raw SQL and all writes — reads the primary. A learner's
 * reads of anything they can write therefore always see their writes, on any node, however far
 * behind a replica is; what a replica can be behind on is content an author published within
 * the replication lag. (A feature that lets learner actions write a content collection must
 * take that collection off the replica list in payload.config.ts.)
 *
 * What this covers: lists and queries (`find`), counts, distinct values, globals, and the
 * documents populated into them (Payload's dataloader loads those with `find`). Single
 * documents by id are not: Payload's findByID hands the adapter only `{ transactionID }`, not
 * the request, so who asks is unknown there and the read stays on the primary. A primary-key
 * lookup is the cheapest read there is; carrying the request to it would take an
 * AsyncLocalStorage around every API request, whose promise hooks (Node 20) slow every awaited
 * promise of the process, hot paths included (~0.1–0.2 µs each in a micro-benchmark here).
 *
 * The adapter's replica pools are also made safe to run: a replica that is down at boot does
 * not crash the process (the adapter's first connect has no catch), no replica client is held
 * for ever, idle replica clients that die are logged instead of crashing, connects time out,
 * and a read that finds its replica unreachable (or cancelled by a recovery conflict) is
 * retried on the primary while that replica rests for `REPLICA_REST_MS`.
 */

/** What may be read from a replica: content that only staff write. */
export type ReplicaReadable = { collections: readonly string[]; globals: readonly string[] }

/** How long a replica that failed is left alone before reads try it again. */
export const REPLICA_REST_MS = 5_000
/** Connect timeout of replica pools (unless the pool options set one): a dead host must not hold a read for long. */
export const REPLICA_CONNECT_TIMEOUT_MS = 2_000

/** `user@host:port/database` — a connection string without its password, for logs and errors. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url)
    const user = u.username ? `${decodeURIComponent(u.username)}@` : ''
    return `${user}${u.hostname}${u.port ? `:${u.port}` : ''}${decodeURIComponent(u.pathname)}`
  } catch {
    return '(unparsable connection string)'
  }
}

type Db = { select: unknown; $client?: unknown }
type Replica = { db: Db; pool: pg.Pool; label: string; restUntil: number }

type Session = { db: Db; resolve: () => Promise<void>; reject: () => Promise<void> }

type RoutedAdapter = {
  payload: Payload
  drizzle: (Db & { $replicas?: Db[] }) | undefined
  primaryDrizzle?: Db
  readReplicaOptions?: string[]
  pg: typeof pg
  connect?: (options?: { hotReload?: boolean }) => Promise<void>
  /** Where the adapter finds the database of `req.transactionID` (utilities/getTransaction). */
  sessions: Record<string, Session>
} & Record<string, unknown>

type Read = (this: unknown, args: Record<string, unknown>) => Promise<unknown>

/** Replica pools of each adapter, ended with the primary's pool (src/boot.ts closePayload). */
const replicaPools = new WeakMap<object, pg.Pool[]>()

/** Adapter read methods and where their collection or global slug is. */
const READS = { find: 'collection', findOne: 'collection', count: 'collection', findDistinct: 'collection', findGlobal: 'slug' } as const

/**
 * Wraps `postgresAdapter(…)` so that, when it was given `readReplicas`, reads are routed as
 * described above. Without replicas the adapter is left exactly as it was.
 */
export function withReadReplicaRouting<T extends DatabaseAdapterObj>(base: T, readable: ReplicaReadable): T {
  const collections = new Set(readable.collections)
  const globals = new Set(readable.globals)
  return {
    ...base,
    init: (args) => {
      const adapter = base.init(args) as unknown as RoutedAdapter
      const urls = adapter.readReplicaOptions
      if (!urls?.length) return adapter as never
      adapter.pg = replicaAwarePg(urls, adapter)
      const connect = adapter.connect
      adapter.connect = async function (this: RoutedAdapter, options) {
        await connect?.call(this, options)
        installRouting(this)
      }
      for (const [method, key] of Object.entries(READS)) {
        const original = adapter[method] as Read | undefined
        if (typeof original !== 'function') continue
        adapter[method] = function (this: RoutedAdapter, readArgs: Record<string, unknown>) {
          const slug = readArgs?.[key]
          const content = typeof slug === 'string' && (key === 'slug' ? globals : collections).has(slug)
          if (!content || !callerMayReadReplica(readArgs.req as PayloadRequest | undefined)) return original.call(this, readArgs)
          return readFromReplica(this, original, readArgs)
        }
      }
      return adapter as never
    },
  }
}

/** Conditions 1–3 above (4 is the slug, checked by the caller). */
function callerMayReadReplica(req: PayloadRequest | undefined): boolean {
  if (!req || req.transactionID) return false
  if (req.payloadAPI !== 'REST' && req.payloadAPI !== 'GraphQL') return false
  if (req.pathname?.includes('/payload-jobs')) return false
  const user = req.user as { role?: unknown } | null | undefined
  return !user || user.role === 'learner'
}

const replicasOf = new WeakMap<object, Replica[]>()

/**
 * After the adapter connected. Its `drizzle` is drizzle's `withReplicas`, which sends every
 * SELECT to a replica; it goes back to being the primary, so that every read the rules above
 * do not pick stays there, and the replicas are kept for `readFromReplica`.
 */
function installRouting(adapter: RoutedAdapter): void {
  const stock = adapter.drizzle
  const primary = adapter.primaryDrizzle
  if (!stock?.$replicas || !primary) return
  const replicas = stock.$replicas.map((db) => {
    const pool = db.$client as pg.Pool
    return { db, pool, label: labels.get(pool) ?? 'replica', restUntil: 0 }
  })
  replicasOf.set(adapter, replicas)
  // A hot reload connects again and the adapter builds new replica pools: end the old ones.
  const previous = replicaPools.get(adapter) ?? []
  const current = replicas.map((r) => r.pool)
  for (const pool of previous) if (!current.includes(pool)) void pool.end().catch(() => undefined)
  replicaPools.set(adapter, current)
  adapter.drizzle = primary as RoutedAdapter['drizzle']
}

let turn = 0
let readSeq = 0

/**
 * Runs one adapter read on a replica. The adapter picks its database per call from
 * `req.transactionID` (a session in `adapter.sessions`, else the primary), and its read methods
 * use nothing else of `req` (Payload's own findByID passes just `{ transactionID }`). So the
 * read gets a session of its own that holds the replica, for as long as it runs: no state
 * shared with other reads, nothing per request outside these calls.
 */
async function readFromReplica(adapter: RoutedAdapter, read: Read, args: Record<string, unknown>): Promise<unknown> {
  const replicas = replicasOf.get(adapter)
  const now = Date.now()
  const ready = replicas?.filter((r) => r.restUntil <= now) ?? []
  const replica = ready[turn++ % Math.max(ready.length, 1)]
  if (!replica) return read.call(adapter, args)
  const id = `replica-read-${++readSeq}`
  adapter.sessions[id] = { db: replica.db, resolve: async () => undefined, reject: async () => undefined }
  try {
    return await read.call(adapter, { ...args, req: { transactionID: id } })
  } catch (error) {
    if (!replicaUnusable(error)) throw error
    replica.restUntil = Date.now() + REPLICA_REST_MS
    adapter.payload.logger.warn(`read replica ${replica.label} unusable (${reason(error)}); reading from the primary for ${REPLICA_REST_MS / 1000} s`)
    return read.call(adapter, args)
  } finally {
    delete adapter.sessions[id]
  }
}

const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND'])
const droppedMessages = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Client was closed and is not queryable',
]

/**
 * A replica that cannot answer this read, while the primary may: unreachable or shutting down
 * (socket errors, SQLSTATE class 08, 57P01–57P03, 53300 too many connections), or the query was
 * cancelled because replay needed the rows it was reading (40001 on a standby; 57014 is a
 * statement timeout and is not retried). A read is idempotent, so it is repeated on the primary.
 */
export function replicaUnusable(error: unknown): boolean {
  let current: unknown = error
  for (let depth = 0; current && depth < 6; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown }
    if (typeof code === 'string') {
      if (socketCodes.has(code)) return true
      if (/^[0-9A-Z]{5}$/.test(code) && (code.startsWith('08') || ['57P01', '57P02', '57P03', '53300', '40001'].includes(code))) return true
    }
    if (typeof message === 'string' && droppedMessages.some((m) => message.includes(m))) return true
    current = (current as { cause?: unknown }).cause
  }
  return false
}

function reason(error: unknown): string {
  let current: unknown = error
  while ((current as { cause?: unknown })?.cause) current = (current as { cause: unknown }).cause
  const { code, message } = (current ?? {}) as { code?: unknown; message?: unknown }
  return [code, message].filter((p) => typeof p === 'string' && p).join(' ') || 'unknown error'
}

const labels = new WeakMap<pg.Pool, string>()

/**
 * `pg` for the adapter, whose `Pool` behaves as before for the primary and is made safe for
 * replicas (matched by connection string): see the comment at the top of this file. The
 * adapter's `connectWithReconnect` calls `pool.connect()` once without a catch and keeps the
 * client it gets; for a replica that first call only probes the server and resolves to
 * nothing, which the adapter takes as "no client to keep".
 */
function replicaAwarePg(urls: string[], adapter: RoutedAdapter): typeof pg {
  const replicas = new Set(urls)
  class Pool extends pg.Pool {
    private probe = false

    constructor(options?: pg.PoolConfig) {
      const replica = typeof options?.connectionString === 'string' && replicas.has(options.connectionString)
      super(replica ? { ...options, connectionTimeoutMillis: options?.connectionTimeoutMillis || REPLICA_CONNECT_TIMEOUT_MS } : options)
      if (!replica) return
      const label = describeDatabaseUrl(options?.connectionString as string)
      labels.set(this, label)
      this.probe = true
      // An idle client killed by the replica (restart, promotion) would otherwise crash the process.
      this.on('error', (err) => adapter.payload.logger.warn(`idle read replica connection lost (${label}): ${reason(err)}`))
    }

    connect(...args: unknown[]): never {
      if (this.probe && args.length === 0) {
        this.probe = false
        return super.connect().then(
          (client) => {
            client.release()
            return undefined
          },
          (err: unknown) => {
            adapter.payload.logger.warn(`read replica ${labels.get(this)} not reachable at start (${reason(err)}); its reads go to the primary until it answers`)
            return undefined
          },
        ) as never
      }
      this.probe = false
      return (super.connect as (...a: unknown[]) => unknown).apply(this, args) as never
    }
  }
  return Object.create(pg, { Pool: { value: Pool } }) as typeof pg
}

/** Ends the replica pools of this Payload's adapter (after the primary's, on shutdown). */
export async function endReplicaPools(payload: Payload): Promise<void> {
  const adapter = payload.db as unknown as object | undefined
  if (!adapter) return
  const pools = replicaPools.get(adapter) ?? []
  replicaPools.delete(adapter)
  await Promise.all(pools.map((pool) => (pool as pg.Pool & { ended?: boolean }).ended ? undefined : pool.end().catch(() => undefined)))
}

/** The replicas this Payload reads from, as `user@host:port/database` (for the boot log). */
export function replicaLabels(payload: Payload): string[] {
  return (replicasOf.get(payload.db as unknown as object) ?? []).map((r) => r.label)
}
