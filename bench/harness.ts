// First: the environment the config reads when it is evaluated, and the bench's temp dir.
import { benchDataDir, benchMediaDir, benchSecret, benchTmp } from './benchEnv'

import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'
import { performance } from 'node:perf_hooks'

// Static on purpose: a dynamic import() of the config under tsx can hang on Node 20.
import config from '@payload-config'
import { PgDialect } from '@payloadcms/db-postgres/drizzle/pg-core'
import autocannon from 'autocannon'
import pg from 'pg'
import { getFieldsToSign, jwtSign } from 'payload'
import type { Payload, PayloadRequest, RequiredDataFromCollectionSlug } from 'payload'
import type { SQL } from '@payloadcms/db-postgres/drizzle'

import { runSeeds, seedTargets } from '../seeds'
import { bootPayload } from '../src/boot'
import type { Runtime } from '../src/boot'
import { startEmbeddedPostgres } from '../src/db/embedded'
import type { Tx } from '../src/db/transaction'
import { isoWeek } from '../src/services/economy/leaderboard'
import { loadEnv } from '../src/env'
import { projectRoot } from '../src/paths'
import { buildServerBundle, SERVER_BUNDLE, SERVER_NODE_FLAGS } from '../src/serverBundle'
import { cpuSnapshot, cpuUsageSince } from './cpu'
import type { CpuRoots, CpuUsage } from './cpu'

/**
 * The shared machinery of `npm run bench` (bench/run.ts): an embedded PostgreSQL in a temp dir
 * seeded with the project's seeds, a production-mode server in a child process, learners made
 * in bulk, the load generators (autocannon closed loop, a paced open loop, a raw pg.Pool loop)
 * with CPU accounting per process tree, statement capture for the raw baselines, and markdown.
 * Everything lives in `benchTmp`, removed at the end; traffic goes to 127.0.0.1 only.
 */

export const log = (message: string): void => console.log(`[bench] ${message}`)
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

export const freePort = (): Promise<number> =>
  new Promise<number>((resolve, reject) => {
    const srv = net.createServer()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })

// ---------------------------------------------------------------------------------------------
// Database and the bench's own Payload (setup, statement capture, checks; idle while measuring)
// ---------------------------------------------------------------------------------------------

export type Database = { url: string; postmasterPid: number; stop: () => Promise<void> }

/** `statementStats`: load pg_stat_statements (the server's time per statement, for `--pg-stats`). */
export async function startDatabase(options: { statementStats?: boolean } = {}): Promise<Database> {
  const dataDir = path.join(benchTmp, 'db')
  const settings = options.statementStats ? { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all', 'pg_stat_statements.track_planning': 'on' } : undefined
  const db = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'speakpro_bench', settings })
  const pidLine = fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]
  return { url: db.url, postmasterPid: Number(pidLine), stop: db.stop }
}

/** Payload in this process on the bench database, migrated and seeded with every seed target but the dev admin. */
export async function bootSeeded(databaseUrl: string): Promise<Runtime> {
  process.env.DATABASE_URL = databaseUrl
  const runtime = await bootPayload(loadEnv({ NODE_ENV: 'development', PAYLOAD_SECRET: benchSecret, DATABASE_URL: databaseUrl, DATA_DIR: benchDataDir }), { config })
  const targets = seedTargets.map((t) => t.key).filter((k) => k !== 'admin')
  await runSeeds({ payload: runtime.payload, log: () => undefined, stats: { created: 0, updated: 0, unchanged: 0 } }, targets)
  return runtime
}

// ---------------------------------------------------------------------------------------------
// The server under test: `npm start` in a child process
// ---------------------------------------------------------------------------------------------

type ServerEnv = NodeJS.ProcessEnv & Record<string, string>

export type ServerProcess = { pid: number; baseUrl: string; stop: () => Promise<void>; env: ServerEnv }

/** Limits far above any load here: the limiters stay on (their statements are part of the cost) but never refuse. */
const HIGH_LIMIT = '100000000/1m'

/**
 * What `npm start` runs (NODE_ENV=production, tsx, the same V8 flag), API-only (ADMIN_UI=false:
 * the API never goes through Next, and a production Next needs `npm run build`), no scheduled
 * jobs in the process, no AI client or relay configured (their fallbacks answer at once).
 */
export async function startServer(databaseUrl: string, options: { cpuProfileDir?: string; nodeFlags?: readonly string[]; logFile?: string } = {}): Promise<ServerProcess> {
  const port = await freePort()
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k, v]) => v !== undefined && !/^(OPENAI_|LESSON_RELAY_|VENUE_FEEDBACK_|RATE_LIMIT_|TEST_DATABASE_URL|DATABASE_URL|DB_|CORS_|SERVER_URL|NODE_OPTIONS)/.test(k),
    ),
  ) as Record<string, string>
  const env: ServerEnv = {
    ...inherited,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    PAYLOAD_SECRET: benchSecret,
    PORT: String(port),
    HOST: '127.0.0.1',
    ADMIN_UI: 'false',
    JOBS_AUTORUN: 'false',
    AUTO_SEED: 'false',
    LOG_LEVEL: 'error',
    DATA_DIR: benchDataDir,
    MEDIA_DIR: benchMediaDir,
    NEXT_TELEMETRY_DISABLED: '1',
    RATE_LIMIT_LEARNER_WRITES: HIGH_LIMIT,
    RATE_LIMIT_LOGIN: HIGH_LIMIT,
    RATE_LIMIT_LOGIN_ACCOUNT: HIGH_LIMIT,
  }
  // --cpu-prof: V8 writes the server's profile when it exits (after SIGTERM's drain).
  const profile = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : []
  // The production server as `npm start` runs it: the bundle, built from the current source first.
  await buildServerBundle()
  const child: ChildProcess = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...(options.nodeFlags ?? []), ...profile, SERVER_BUNDLE], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  // --server-log: everything the server prints (a --trace-gc of --node-flags, say), for reading afterwards.
  const logStream = options.logFile ? fs.createWriteStream(options.logFile) : undefined
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000)
    logStream?.write(chunk)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  let exited: number | null = null
  const exit = new Promise<void>((resolve) => child.once('exit', (code) => ((exited = code ?? -1), logStream?.end(), resolve())))
  const baseUrl = `http://127.0.0.1:${port}`
  const deadline = performance.now() + 180_000
  for (;;) {
    if (exited !== null) throw new Error(`the server exited with ${exited} before it was ready:\n${output}`)
    if (performance.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`the server was not ready within 180 s:\n${output}`)
    }
    try {
      const res = await fetch(`${baseUrl}/readyz`)
      if (res.status === 200) break
    } catch {
      // not listening yet
    }
    await sleep(250)
  }
  return {
    pid: child.pid as number,
    baseUrl,
    env,
    stop: async () => {
      if (exited !== null) return
      child.kill('SIGTERM')
      const killed = setTimeout(() => child.kill('SIGKILL'), 20_000)
      await exit
      clearTimeout(killed)
      if (exited !== 0) log(`server exited with ${exited}; last output:\n${output}`)
    },
  }
}

// ---------------------------------------------------------------------------------------------
// Learners in bulk
// ---------------------------------------------------------------------------------------------

export type Learner = { id: number; email: string }

/**
 * Learners by the thousand. One template learner is created through the Local API (real
 * password hash, defaults and hooks); the others are SQL copies of its row with their own email
 * and username. A token is what Payload's login issues: a session row in `users_sessions` and a
 * JWT signed by Payload's own `jwtSign` with `getFieldsToSign`, so the server's session check
 * and Payload's strategy accept it as a login's. Balances change only with a ledger row each
 * (`grant`), so every balance stays the sum of its ledger rows.
 */
export class Learners {
  private template?: { id: number; doc: Record<string, unknown> }
  private columns?: string[]
  private serial = 0
  private readonly tokens = new Map<number, string>()

  constructor(
    private readonly payload: Payload,
    private readonly pool: pg.Pool,
  ) {}

  private async ensureTemplate() {
    if (this.template && this.columns) return
    const suffix = randomUUID().slice(0, 8)
    const data = {
      email: `template-${suffix}@bench.invalid`,
      username: `template${suffix}`,
      password: `Bench-${randomUUID()}`,
      role: 'learner',
      profile: { onboardingCompleted: true, timezone: 'UTC' },
    }
    const doc = await this.payload.create({ collection: 'users', data: data as RequiredDataFromCollectionSlug<'users'> & { password: string }, overrideAccess: true, depth: 0 })
    this.template = { id: Number(doc.id), doc: doc as unknown as Record<string, unknown> }
    const { rows } = await this.pool.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'users' ORDER BY ordinal_position`,
    )
    this.columns = rows.map((r) => r.column_name).filter((c) => !['id', 'email', 'username', 'created_at', 'updated_at'].includes(c))
  }

  /** `count` new onboarded learners (UTC), copies of the template, with nothing else yet. */
  async create(count: number, prefix: string): Promise<Learner[]> {
    await this.ensureTemplate()
    if (count <= 0) return []
    const cols = (this.columns as string[]).map((c) => `"${c}"`).join(', ')
    const first = this.serial
    this.serial += count
    const tag = `${prefix}${randomUUID().slice(0, 6)}`
    const { rows } = await this.pool.query<{ id: number; email: string }>(
      `INSERT INTO users (${cols}, email, username, created_at, updated_at)
       SELECT ${cols}, $2 || '-' || g || '@bench.invalid', $2 || g, now(), now()
         FROM users, generate_series($3::int, $4::int) AS g
        WHERE users.id = $1
       RETURNING id, email`,
      [this.template?.id, tag, first, first + count - 1],
    )
    return rows.map((r) => ({ id: Number(r.id), email: r.email }))
  }

  /** A token as login would issue it (session row + Payload-signed JWT), made once per learner. */
  async token(learner: Learner): Promise<string> {
    const cached = this.tokens.get(learner.id)
    if (cached) return cached
    const users = this.payload.collections.users.config
    const sid = randomUUID()
    const now = new Date()
    const expiresAt = new Date(now.getTime() + users.auth.tokenExpiration * 1000)
    await this.pool.query(`INSERT INTO users_sessions (_order, _parent_id, id, created_at, expires_at) VALUES (1, $1, $2, $3, $4)`, [learner.id, sid, now, expiresAt])
    const user = { ...(this.template?.doc ?? {}), id: learner.id, email: learner.email }
    const { token } = await jwtSign({
      fieldsToSign: getFieldsToSign({ collectionConfig: users, email: learner.email, sid, user: user as never }),
      secret: this.payload.secret,
      tokenExpiration: users.auth.tokenExpiration,
    })
    this.tokens.set(learner.id, token)
    return token
  }

  /**
   * A grant to each learner through SQL that does what `grant()` does: the balance moves (XP
   * also moves the learner level, from the economy thresholds, and the learner's total of that
   * ISO week) and one ledger row records the change and the balance it produced.
   */
  async grant(learners: Learner[], currency: 'xp' | 'coins' | 'tickets', amount: number, key: string, createdAt = new Date()): Promise<void> {
    if (!learners.length) return
    const column = { xp: 'xp', coins: 'coins', tickets: 'tickets' }[currency]
    const level = currency === 'xp' ? `, learner_level = COALESCE((SELECT max(l.level) FROM economy_learner_levels l WHERE l.min_xp <= users.xp + $1), 1)` : ''
    await this.pool.query(
      `WITH moved AS (
         UPDATE users SET ${column} = ${column} + $1${level} WHERE id = ANY($2::int[]) RETURNING id, ${column} AS balance
       )
       INSERT INTO reward_ledger (user_id, currency, delta, balance_after, reason, source_type, idempotency_key, created_at, updated_at)
       SELECT id, $3, $1, balance, 'bench_setup', 'bench', $4, $5, $5 FROM moved`,
      [amount, learners.map((l) => l.id), currency, key, createdAt],
    )
    if (currency === 'xp') {
      await this.pool.query(
        `INSERT INTO weekly_xp (user_id, week_start, xp, created_at, updated_at)
         SELECT id, $3, $1, $4, $4 FROM unnest($2::int[]) AS id
         ON CONFLICT (user_id, week_start) DO UPDATE SET xp = weekly_xp.xp + EXCLUDED.xp, updated_at = EXCLUDED.updated_at`,
        [amount, learners.map((l) => l.id), isoWeek(createdAt).from, createdAt],
      )
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Requests: lanes of work, one per connection
// ---------------------------------------------------------------------------------------------

/** One HTTP request and what counts as its success. */
export type Call = {
  method: 'GET' | 'POST'
  path: string
  token: string
  body?: string
  /** The status a request doing its real work answers (e.g. 201 for an entry that paid, not 200 for a free re-entry). */
  expect: number
  /** Further check of the answer (e.g. an exercise was rewarded). */
  verify?: (body: string) => boolean
  /** A kind of request whose latencies paced runs also keep apart (a lesson's completing answer). */
  kind?: string
}

/**
 * The requests one connection sends, in order (a lesson's steps must be answered one after
 * the other). `undefined` means the prepared state ran out: the run reports it as a failure.
 */
export type Lane<T> = { next: () => T | undefined }
export type LaneSource<T> = () => Lane<T>

/**
 * A lane over a list of units (a learner's requests), the units handed out across lanes in turn.
 *
 * `lanes` (the number of connections or workers) staggers them: lane i's first unit is cut to its
 * first n − ⌊i·n/lanes⌋ calls, as if that learner had given up part-way, so the lanes are spread
 * over every position of a unit. Without it every lane starts a unit at the same moment and they
 * stay in step, so the units' heavy calls (a lesson's completing answer, 1 in 13) arrive together
 * in bursts of one per lane, which no set of independent learners does.
 */
export function unitLanes<U, T>(units: U[], callsOf: (unit: U) => T[], lanes?: number): LaneSource<T> {
  let nextUnit = 0
  let made = 0
  return () => {
    const lane = made++
    let first = true
    let queue: T[] = []
    return {
      next: () => {
        while (!queue.length) {
          const unit = units[nextUnit++]
          if (unit === undefined) return undefined
          queue = callsOf(unit)
          if (first && lanes) queue = queue.slice(0, queue.length - Math.floor(((lane % lanes) * queue.length) / lanes))
          first = false
        }
        return queue.shift()
      },
    }
  }
}

/** A lane that repeats forever whatever `make` builds for the lane's own index. */
export function repeatLanes<T>(make: (lane: number) => () => T): LaneSource<T> {
  let lanes = 0
  return () => {
    const build = make(lanes++)
    return { next: build }
  }
}

export type LoadResult = {
  /** Requests that did their real work (expected status and check) per second. */
  perSecond: number
  completed: number
  seconds: number
  p50: number
  p99: number
  failures: number
  failureDetail: string
  cpu: CpuUsage
  /** Paced runs: the offered rate, and p99 counted from when each request actually went out (leaves out any lateness of this client). */
  offered?: number
  p99FromSend?: number
  /** Paced runs: every latency (due time to answer) and every latency from send, sorted, for pooling rounds. */
  latencies?: number[]
  fromSend?: number[]
  /** Paced runs: the latencies of each `Call.kind`, sorted. */
  byKind?: Record<string, number[]>
}

class Outcomes {
  ok = 0
  unexpected = 0
  exhausted = 0
  private samples: string[] = []

  record(call: Call | undefined, status: number, body: string): void {
    if (!call) return
    if (status === call.expect && (!call.verify || call.verify(body))) {
      this.ok++
      return
    }
    this.unexpected++
    if (this.samples.length < 3) this.samples.push(`${call.method} ${call.path} → ${status} ${body.slice(0, 160)}`)
  }

  detail(extra: string): string {
    const parts = [`${this.unexpected} unexpected answers`, `${this.exhausted} ran out of prepared state`, extra]
    return parts.filter(Boolean).join(', ') + (this.samples.length ? ` (e.g. ${this.samples.join(' | ')})` : '')
  }
}

/** An exhausted lane still has to send something: a cheap request that never counts as done. */
const exhaustedCall = (token: string): Call => ({ method: 'GET', path: '/healthz', token, expect: -1 })

type AutocannonRequest = { method: string; path: string; headers: Record<string, string>; body?: string; onResponse: (status: number, body: string) => void }

/**
 * Closed loop at saturation: autocannon with `connections` keep-alive connections, each
 * sending its next request as soon as the previous answer arrived. Each autocannon client gets
 * a lane of its own (autocannon has no per-connection state across requests: it re-clones the
 * request context after every request), by replacing the client's `nextRequest`.
 */
export async function saturate(baseUrl: string, source: LaneSource<Call>, options: { connections: number; seconds: number; roots: CpuRoots }): Promise<LoadResult> {
  const outcomes = new Outcomes()
  const toRequest = (lane: Lane<Call>): AutocannonRequest => {
    let call = lane.next()
    if (!call) {
      outcomes.exhausted++
      call = exhaustedCall('')
    }
    const current = call
    return {
      method: current.method,
      path: current.path,
      headers: { authorization: `JWT ${current.token}`, ...(current.body ? { 'content-type': 'application/json' } : {}) },
      ...(current.body ? { body: current.body } : {}),
      onResponse: (status, body) => outcomes.record(current.expect < 0 ? undefined : current, status, body),
    }
  }
  type Client = { requestIterator: { setRequest: (r: AutocannonRequest) => void; nextRequest: () => unknown; currentRequest: unknown } }
  const setupClient = (client: Client) => {
    const lane = source()
    const it = client.requestIterator
    it.setRequest(toRequest(lane))
    it.nextRequest = () => {
      it.setRequest(toRequest(lane))
      return it.currentRequest
    }
  }
  const before = cpuSnapshot(options.roots)
  const r = (await autocannon({
    url: baseUrl,
    connections: options.connections,
    duration: options.seconds,
    timeout: 30,
    setupClient,
  } as unknown as autocannon.Options)) as autocannon.Result
  const cpu = cpuUsageSince(before, options.roots, outcomes.ok)
  return {
    perSecond: outcomes.ok / r.duration,
    completed: outcomes.ok,
    seconds: r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    failures: outcomes.unexpected + outcomes.exhausted + r.errors + r.timeouts,
    failureDetail: outcomes.detail(`${r.errors} errors, ${r.timeouts} timeouts`),
    cpu,
  }
}

export const percentile = (sorted: number[], p: number): number =>
  sorted.length ? (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number) : Number.NaN

/**
 * Open loop at a fixed offered rate: request k is due at start + k/rate and goes out on an idle
 * one of `connections` keep-alive connections (each its own lane); if none is idle it waits for
 * one. Latency counts from the due time, so a backlog shows in the figures instead of slowing
 * the offered load down (no coordinated omission).
 *
 * Not autocannon's `overallRate`: autocannon lets every connection send its per-second quota
 * back to back at the start of each second (lib/httpClient.js, `reqsMadeThisSecond`), with all
 * connections' windows aligned, so at half the saturated rate the server is saturated for half
 * of every second and the latencies are the saturated ones.
 *
 * `leadInS`: seconds of the same load before the measured `seconds` (see the report's Method).
 */
export async function paced(baseUrl: string, source: LaneSource<Call>, options: { connections: number; rate: number; seconds: number; roots: CpuRoots; leadInS?: number }): Promise<LoadResult> {
  const url = new URL(baseUrl)
  const outcomes = new Outcomes()
  const leadIn = new Outcomes()
  const latencies: number[] = []
  const fromSend: number[] = []
  const byKind: Record<string, number[]> = {}
  let errors = 0
  const conns = Array.from({ length: options.connections }, () => ({ agent: new http.Agent({ keepAlive: true, maxSockets: 1 }), lane: source() }))
  const idle = [...conns]
  const backlog: number[] = []
  let inFlight = 0
  let allDone: (() => void) | undefined

  let before = cpuSnapshot(options.roots)
  const begin = performance.now()
  // Requests due before `start` (the lead-in) are sent and checked, a failure still failing the
  // run, but not measured.
  const start = begin + (options.leadInS ?? 0) * 1000
  const send = (conn: (typeof conns)[number], due: number) => {
    inFlight++
    let call = conn.lane.next()
    if (!call) {
      outcomes.exhausted++
      call = exhaustedCall('')
    }
    const current = call
    const sentAt = performance.now()
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: current.method,
        path: current.path,
        agent: conn.agent,
        headers: { authorization: `JWT ${current.token}`, ...(current.body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(current.body) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          if (settled) return
          settled = true
          const measured = due >= start
          const latency = performance.now() - due
          if (measured) latencies.push(latency)
          if (measured && current.kind) (byKind[current.kind] ??= []).push(latency)
          if (measured) fromSend.push(performance.now() - sentAt)
          ;(measured ? outcomes : leadIn).record(current.expect < 0 ? undefined : current, res.statusCode ?? 0, Buffer.concat(chunks).toString())
          finish(conn)
        })
      },
    )
    let settled = false
    // As autocannon's timeout: a request unanswered for 30 s is an error, never a hang.
    const timer = setTimeout(() => req.destroy(new Error('timeout')), 30_000)
    req.on('close', () => clearTimeout(timer))
    req.on('error', () => {
      if (settled) return
      settled = true
      errors++
      finish(conn)
    })
    req.end(current.body)
  }
  const finish = (conn: (typeof conns)[number]) => {
    inFlight--
    const waiting = backlog.shift()
    if (waiting !== undefined) send(conn, waiting)
    else idle.push(conn)
    if (inFlight === 0 && allDone) allDone()
  }

  const end = start + options.seconds * 1000
  const interval = 1000 / options.rate
  let measuring = start === begin
  for (let k = 0; ; k++) {
    const due = begin + k * interval
    if (due >= end) break
    const wait = due - performance.now()
    if (wait > 1) await sleep(wait)
    if (!measuring && due >= start) {
      measuring = true
      before = cpuSnapshot(options.roots)
    }
    const conn = idle.shift()
    if (conn) send(conn, due)
    else backlog.push(due)
  }
  backlog.length = 0 // due after the end: not sent
  if (inFlight > 0) await new Promise<void>((resolve) => (allDone = resolve))
  const seconds = (performance.now() - start) / 1000
  for (const c of conns) c.agent.destroy()
  const cpu = cpuUsageSince(before, options.roots, outcomes.ok)
  latencies.sort((a, b) => a - b)
  fromSend.sort((a, b) => a - b)
  for (const list of Object.values(byKind)) list.sort((a, b) => a - b)
  return {
    perSecond: outcomes.ok / seconds,
    completed: outcomes.ok,
    seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    failures: outcomes.unexpected + outcomes.exhausted + leadIn.unexpected + errors,
    failureDetail: outcomes.detail(`${errors} errors`) + (leadIn.unexpected ? `; in the lead-in: ${leadIn.detail('')}` : ''),
    cpu,
    offered: options.rate,
    p99FromSend: percentile(fromSend, 99),
    latencies,
    fromSend,
    byKind,
  }
}

/** One raw operation (a transaction, or a statement) on the bench's pg.Pool. */
export type RawOp = (pool: pg.Pool) => Promise<void>

/** Closed loop of raw operations: `workers` loops at once, each with its lane, for `seconds`. */
export async function rawLoad(pool: pg.Pool, source: LaneSource<RawOp>, options: { workers: number; seconds: number; roots: CpuRoots }): Promise<LoadResult> {
  const latencies: number[] = []
  let failures = 0
  let exhausted = 0
  let firstError: string | undefined
  const before = cpuSnapshot(options.roots)
  const start = performance.now()
  const deadline = start + options.seconds * 1000
  await Promise.all(
    Array.from({ length: options.workers }, async () => {
      const lane = source()
      while (performance.now() < deadline) {
        const op = lane.next()
        if (!op) {
          exhausted++
          return
        }
        const t0 = performance.now()
        try {
          await op(pool)
          latencies.push(performance.now() - t0)
        } catch (error) {
          failures++
          firstError ??= error instanceof Error ? error.message : String(error)
        }
      }
    }),
  )
  const seconds = (performance.now() - start) / 1000
  const cpu = cpuUsageSince(before, options.roots, latencies.length)
  latencies.sort((a, b) => a - b)
  return {
    perSecond: latencies.length / seconds,
    completed: latencies.length,
    seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    failures: failures + exhausted,
    failureDetail: `${failures} failed${firstError ? ` (first: ${firstError})` : ''}, ${exhausted} workers ran out of prepared state`,
    cpu,
  }
}

// ---------------------------------------------------------------------------------------------
// Raw baselines: the service's own statements on a plain pg client
// ---------------------------------------------------------------------------------------------

export const normaliseSql = (text: string): string => text.replace(/\s+/g, ' ').trim()

/** What marks a named (prepared) statement in `recordStatements`: the raw baseline must prepare what the service prepares. */
export const PREPARED = '[prepared] '

/** A statement as `recordStatements` shows it. */
export const shownStatement = (text: string, prepared: boolean): string => `${prepared ? PREPARED : ''}${normaliseSql(text)}`

type QueryConfig = string | { text?: string; name?: string }

/**
 * Every statement any pg client of this process sends while `fn` runs, in order: its text,
 * normalised, as `[prepared] text` when it is a named prepared statement. The bench process
 * runs nothing else meanwhile.
 */
export async function recordStatements<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }
  const original = proto.query
  const statements: string[] = []
  proto.query = function (this: unknown, ...args: unknown[]) {
    const q = args[0] as QueryConfig
    statements.push(shownStatement(typeof q === 'string' ? q : (q?.text ?? ''), typeof q !== 'string' && Boolean(q?.name)))
    return original.apply(this, args)
  }
  try {
    return { result: await fn(), statements }
  } finally {
    proto.query = original
  }
}

/** Statements of a transaction without its BEGIN and COMMIT (which the adapter and the raw client each send). */
export const withoutTransactionControl = (statements: string[]): string[] => statements.filter((s) => !/^(begin|commit|rollback)\b/i.test(s))

type FindArgs = { collection: string; where?: unknown; sort?: unknown; limit?: unknown; depth?: unknown }
type RecordedFind = { statements: { text: string; values: unknown[] }[]; result: unknown }

const findKey = (args: FindArgs): string => JSON.stringify([args.collection, args.where, args.sort ?? null, args.limit ?? null, args.depth ?? null])

/**
 * Local API reads inside a service (`payload.find` of a venue's task sheets, a knowledge
 * block): recorded once from a real call (the SQL the adapter sent and the document it
 * returned), then replayed on the raw client as that same SQL, with the recorded document as the
 * answer. The raw baseline thus does the database work of the read, without Payload's query
 * building and document hydration, which is part of what the HTTP path is compared on.
 */
export class RecordedFinds {
  private readonly finds = new Map<string, RecordedFind>()

  /** Runs `fn` with `payload.find` recording what each call sends and returns. */
  async record<T>(payload: Payload, fn: () => Promise<T>): Promise<T> {
    const original = payload.find.bind(payload)
    const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }
    const originalQuery = proto.query
    let current: RecordedFind | undefined
    proto.query = function (this: unknown, ...args: unknown[]) {
      const q = args[0] as { text?: string; values?: unknown[] } | string
      // Drizzle passes the values as the second argument, next to a config object.
      if (current) current.statements.push({ text: typeof q === 'string' ? q : (q.text ?? ''), values: (typeof q === 'string' ? undefined : q.values) ?? (args[1] as unknown[]) ?? [] })
      return originalQuery.apply(this, args)
    }
    ;(payload as { find: unknown }).find = async (args: FindArgs) => {
      current = { statements: [], result: undefined }
      const entry = current
      try {
        entry.result = await original(args as never)
      } finally {
        current = undefined
      }
      this.finds.set(findKey(args), entry)
      return entry.result
    }
    try {
      return await fn()
    } finally {
      ;(payload as { find: unknown }).find = original
      proto.query = originalQuery
    }
  }

  /**
   * A `payload` for the raw client: `find` replays the recorded SQL, on the transaction's client
   * when given `req` (as the service passes it inside a transaction), else on the pool (a read
   * outside the transaction, which may outlive it); everything else is the real one.
   */
  replayingPayload(payload: Payload, client: pg.PoolClient, pool: pg.Pool): Payload {
    return new Proxy(payload, {
      get: (target, key, receiver) => {
        if (key !== 'find') return Reflect.get(target, key, receiver)
        return async (args: FindArgs & { req?: unknown }) => {
          const recorded = this.finds.get(findKey(args))
          if (!recorded) throw new Error(`no recorded find for ${findKey(args)}`)
          for (const s of recorded.statements) await (args.req ? client : pool).query(s.text, s.values)
          return recorded.result
        }
      },
    })
  }
}

const dialect = new PgDialect()

/**
 * A service transaction on one raw pg client: BEGIN, the service function with a `Tx` whose
 * statements go straight to the client (built by the same `sql` templates), COMMIT. No HTTP,
 * no auth, no rate limiter, no Payload request or adapter transaction machinery.
 */
export async function rawServiceTransaction<T>(pool: pg.Pool, payload: Payload, finds: RecordedFinds, body: (tx: Tx) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('begin')
    const tx: Tx = {
      payload: finds.replayingPayload(payload, client, pool),
      req: { payload, user: null } as unknown as PayloadRequest,
      // Named where the service names it, as the server's connections run it.
      query: async <Row>(statement: SQL, name?: string) => {
        const q = dialect.sqlToQuery(statement)
        return (await client.query({ name, text: q.sql, values: q.params as unknown[] })).rows as Row[]
      },
    }
    const result = await body(tx)
    await client.query('commit')
    return result
  } catch (error) {
    await client.query('rollback').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}

/** Where PostgreSQL spent its time per statement (planning and execution) since the last reset (pg_stat_statements), top `limit`. */
export async function statementStats(pool: pg.Pool, limit = 12): Promise<string> {
  const { rows } = await pool.query<{ calls: string; total: number; mean: number; plan: number; query: string }>(
    `SELECT calls, total_exec_time + total_plan_time AS total, (total_exec_time + total_plan_time) / calls AS mean, total_plan_time / calls AS plan, query
       FROM pg_stat_statements WHERE query NOT ILIKE '%pg_stat_statements%' ORDER BY total DESC LIMIT $1`,
    [limit],
  )
  return rows.map((r) => `${fmt(r.total, 0).padStart(7)} ms ${String(r.calls).padStart(7)} calls ${fmt(r.mean, 3).padStart(8)} ms/call (planning ${fmt(r.plan, 3)})  ${normaliseSql(r.query).slice(0, 140)}`).join('\n')
}

// ---------------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------------

export function table(headers: string[], rows: (string | number)[][], numericFrom = 1): string {
  const align = headers.map((_, i) => (i >= numericFrom ? '---:' : '---'))
  return [`| ${headers.join(' | ')} |`, `| ${align.join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n')
}

export const fmt = (n: number | undefined, digits = 1): string => (n !== undefined && Number.isFinite(n) ? n.toFixed(digits) : 'n/a')
export const pct = (share: number): string => (Number.isFinite(share) ? `${Math.round(share * 100)}%` : 'n/a')

export { benchTmp }
