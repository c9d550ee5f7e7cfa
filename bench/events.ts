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
import autocannon from 'autocannon'
import pg from 'pg'
import type { RequiredDataFromCollectionSlug } from 'payload'

import { createApp } from '../src/app'
import { bootPayload } from '../src/boot'
import type { Runtime } from '../src/boot'
import { startEmbeddedPostgres } from '../src/db/embedded'
import type { EmbeddedDatabase } from '../src/db/embedded'
import { loadEnv } from '../src/env'

/**
 * npm run bench:events [-- --duration=10 --warmup=5 --connections=8 --batch=500]
 *
 * Client events per second through `POST /api/learn/events` (batches of 500, each a fresh set
 * of ids) next to the same rows sent as one multi-row INSERT … ON CONFLICT DO NOTHING per
 * batch on a raw pg.Pool, in one process against one embedded PostgreSQL. Target ≥ 0.5.
 */
const here = path.dirname(fileURLToPath(import.meta.url))
const RESULTS_FILE = path.join(here, 'events.results.md')
const log = (m: string) => console.log(`[bench] ${m}`)
const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' }, warmup: { type: 'string', default: '5' }, connections: { type: 'string', default: '8' }, batch: { type: 'string', default: '500' } } })
const durationS = Math.max(1, Number(values.duration))
const warmupS = Math.max(0, Number(values.warmup))
const connections = Math.max(1, Number(values.connections))
const batchSize = Math.min(500, Math.max(1, Number(values.batch)))

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = net.createServer()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })

const makeEvents = () => {
  const at = new Date().toISOString()
  return Array.from({ length: batchSize }, (_, i) => ({ id: randomUUID(), type: 'client.screen_view', occurredAt: at, data: { screen: 'map', i } }))
}

async function viaHttp(url: string, tokens: string[], seconds: number) {
  let next = 0
  const r = (await autocannon({
    url,
    connections: tokens.length,
    duration: seconds,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        setupRequest: (req: Record<string, unknown>) => ({
          ...req,
          headers: { 'content-type': 'application/json', authorization: `JWT ${tokens[next++ % tokens.length]}` },
          body: JSON.stringify({ events: makeEvents() }),
        }),
      },
    ],
  } as unknown as autocannon.Options)) as autocannon.Result
  return { batches: r['2xx'], seconds: r.duration, p99: r.latency.p99, failures: r.non2xx + r.errors + r.timeouts }
}

async function raw(pool: pg.Pool, users: number[], seconds: number) {
  let batches = 0
  let failures = 0
  const deadline = performance.now() + seconds * 1000
  const started = performance.now()
  await Promise.all(
    users.map(async (user) => {
      while (performance.now() < deadline) {
        const events = makeEvents()
        const at = new Date()
        const params: unknown[] = []
        const rows = events.map((e, i) => {
          params.push(e.id, e.type, user, new Date(e.occurredAt), JSON.stringify(e.data), at)
          const b = i * 6
          return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}::jsonb, 'client', $${b + 6}, $${b + 6})`
        })
        try {
          await pool.query(`INSERT INTO analytics_events (id, type, user_id, occurred_at, data, source, created_at, updated_at) VALUES ${rows.join(', ')} ON CONFLICT (id) DO NOTHING`, params)
          batches += 1
        } catch {
          failures += 1
        }
      }
    }),
  )
  return { batches, seconds: (performance.now() - started) / 1000, failures }
}

async function main(): Promise<void> {
  let db: EmbeddedDatabase | undefined
  let runtime: Runtime | undefined
  let server: http.Server | undefined
  let pool: pg.Pool | undefined
  const loadBefore = os.loadavg().map((l) => l.toFixed(2)).join(' ')
  try {
    db = await startEmbeddedPostgres({ dataDir: path.join(benchTmp, 'db'), port: await freePort(), database: 'speakpro_bench' })
    process.env.DATABASE_URL = db.url
    process.env.RATE_LIMIT_LOGIN = '100000/1h'
    // The per-learner write limit stays on (its counter is part of the measured cost) but far above the load.
    process.env.RATE_LIMIT_LEARNER_WRITES = '100000000/1m'
    runtime = await bootPayload(loadEnv({ NODE_ENV: 'development', PAYLOAD_SECRET: benchSecret, DATABASE_URL: db.url, DATA_DIR: benchDataDir }), { config })
    const { payload } = runtime
    const app = createApp({ payload, config: runtime.config, graphql: async () => new Response(null, { status: 404 }) })
    server = await new Promise<http.Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s))
    })
    const baseUrl = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`
    pool = new pg.Pool({ connectionString: db.url, max: connections })
    const tokens: string[] = []
    const users: number[] = []
    for (let i = 0; i < connections; i++) {
      const username = `ev${i}${randomUUID().slice(0, 6)}`
      const password = `Bench-${randomUUID()}`
      const data = { email: `${username}@bench.invalid`, username, password, role: 'learner', profile: { onboardingCompleted: true } }
      const doc = await payload.create({ collection: 'users', data: data as RequiredDataFromCollectionSlug<'users'> & { password: string }, overrideAccess: true, depth: 0 })
      users.push(Number(doc.id))
      const res = await fetch(`${baseUrl}/api/users/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: data.email, password }) })
      tokens.push(((await res.json()) as { token: string }).token)
    }
    const smoke = await fetch(`${baseUrl}/api/learn/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `JWT ${tokens[0]}` }, body: JSON.stringify({ events: makeEvents() }) })
    const smokeBody = (await smoke.json()) as { accepted?: number }
    if (smokeBody.accepted !== batchSize) throw new Error(`smoke batch: ${smoke.status} ${JSON.stringify(smokeBody)}`)
    log(`${connections} learners; warm-up ${warmupS} s per path, then ${durationS} s per path; batches of ${batchSize}`)
    if (warmupS) {
      await viaHttp(`${baseUrl}/api/learn/events`, tokens, warmupS)
      await raw(pool, users, warmupS)
    }
    const h = await viaHttp(`${baseUrl}/api/learn/events`, tokens, durationS)
    const r = await raw(pool, users, durationS)
    const httpRate = (h.batches * batchSize) / h.seconds
    const rawRate = (r.batches * batchSize) / r.seconds
    const ratio = httpRate / rawRate
    const text = [
      '# Events bench: POST /api/learn/events vs a raw multi-row INSERT',
      '',
      `- date: ${new Date().toISOString()}`,
      `- machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average before start ${loadBefore}`,
      `- ${connections} connections / workers; batches of ${batchSize} events with fresh ids; ${warmupS} s warm-up per path, ${durationS} s measured per path`,
      '',
      '| path | events/s | batches | seconds | failures |',
      '| --- | ---: | ---: | ---: | ---: |',
      `| HTTP POST /api/learn/events | ${httpRate.toFixed(0)} | ${h.batches} | ${h.seconds.toFixed(2)} | ${h.failures} |`,
      `| raw multi-row INSERT, pg.Pool | ${rawRate.toFixed(0)} | ${r.batches} | ${r.seconds.toFixed(2)} | ${r.failures} |`,
      '',
      `ratio HTTP / raw = **${ratio.toFixed(2)}** → ${ratio >= 0.5 ? 'PASS' : 'FAIL'} (target ≥ 0.5); HTTP p99 per batch ${h.p99} ms`,
      '',
    ].join('\n')
    console.log(`\n${text}`)
    fs.writeFileSync(RESULTS_FILE, text)
  } finally {
    if (server) {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server?.close(() => resolve()))
    }
    await pool?.end().catch(() => undefined)
    await runtime?.close().catch(() => undefined)
    // Stopping the database ends any connection still open with 57P01; a pool that still holds
    // an idle one would emit that as an unhandled 'error' and crash the run after its results.
    runtime?.payload.db.pool?.on('error', () => undefined)
    await db?.stop().catch(() => undefined)
    fs.rmSync(benchTmp, { recursive: true, force: true })
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
