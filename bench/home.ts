// First: the environment the config reads when it is evaluated, and the bench's temp dir.
import { benchDataDir, benchSecret, benchTmp } from './benchEnv'

import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import type http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

// Static on purpose: a dynamic import() of the config under tsx can hang on Node 20.
import config from '@payload-config'
import autocannon from 'autocannon'
import type { Payload, RequiredDataFromCollectionSlug } from 'payload'

import { runSeeds } from '../seeds'
import { createApp } from '../src/app'
import { bootPayload } from '../src/boot'
import type { Runtime } from '../src/boot'
import { startEmbeddedPostgres } from '../src/db/embedded'
import type { EmbeddedDatabase } from '../src/db/embedded'
import { loadEnv } from '../src/env'
import { cpuSnapshot, cpuUsageSince } from './cpu'
import type { CpuUsage } from './cpu'

/**
 * npm run bench:home [-- --duration=10 --warmup=10 --connections=20]
 *
 * `GET /api/learn/home` (the dashboard: districts, modules with status, venues, quests,
 * milestone card, HUD, one analytics event) against Payload's own `GET /api/modules?depth=2`
 * (the list a client would otherwise assemble a dashboard from), in one process against one
 * embedded PostgreSQL with the seeded world, 20 signed-in learners with some progress.
 * Target: home ≥ 2× the modules list, p99 < 50 ms at 20 connections.
 */
const here = path.dirname(fileURLToPath(import.meta.url))
const RESULTS_FILE = path.join(here, 'home.results.md')
const SETUP_CLIENT = path.join(here, 'autocannonClient.cjs')
const log = (m: string) => console.log(`[bench] ${m}`)

const { values } = parseArgs({
  options: { duration: { type: 'string', default: '10' }, warmup: { type: 'string', default: '10' }, connections: { type: 'string', default: '20' } },
})
const durationS = Math.min(120, Math.max(1, Number(values.duration)))
const warmupS = Math.min(120, Math.max(0, Number(values.warmup)))
const connections = Math.min(200, Math.max(1, Number(values.connections)))

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = net.createServer()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })

/** Onboarded learners; some have opened or completed modules so statuses vary. */
async function createLearners(payload: Payload, baseUrl: string, count: number): Promise<string[]> {
  const modules = await payload.find({ collection: 'modules', depth: 0, limit: 4, sort: 'order', pagination: false, overrideAccess: true })
  const tokens: string[] = []
  for (let i = 0; i < count; i++) {
    const username = `home${i}${randomUUID().slice(0, 6)}`
    const password = `Bench-${randomUUID()}`
    const data = { email: `${username}@bench.invalid`, username, password, role: 'learner', profile: { onboardingCompleted: true, timezone: 'UTC' } }
    const doc = await payload.create({ collection: 'users', data: data as RequiredDataFromCollectionSlug<'users'> & { password: string }, overrideAccess: true, depth: 0 })
    const done = i % 3
    for (const [j, m] of modules.docs.slice(0, done + 1).entries()) {
      await payload.db.pool.query(
        `INSERT INTO user_progress (user_id, module_id, started, started_at, completed, completed_at, last_activity_at, created_at, updated_at)
         VALUES ($1, $2, true, now(), $3, CASE WHEN $3 THEN now() END, now(), now(), now())`,
        [doc.id, m.id, j < done],
      )
    }
    const res = await fetch(`${baseUrl}/api/users/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: data.email, password }) })
    const body = (await res.json()) as { token?: string }
    if (!body.token) throw new Error(`login failed: ${res.status}`)
    tokens.push(body.token)
  }
  return tokens
}

type Rate = { label: string; perSecond: number; p50: number; p99: number; completed: number; failures: string; cpu: CpuUsage }

async function measure(label: string, url: string, tokens: string[], seconds: number): Promise<Rate> {
  const before = cpuSnapshot()
  const r = (await autocannon({
    url,
    method: 'GET',
    connections: tokens.length,
    duration: seconds,
    timeout: 30,
    setupClient: SETUP_CLIENT,
    initialContext: { tokens },
  } as unknown as autocannon.Options)) as autocannon.Result
  return {
    label,
    perSecond: r['2xx'] / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    completed: r['2xx'],
    failures: `${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`,
    cpu: cpuUsageSince(before, r['2xx']),
  }
}

async function main(): Promise<void> {
  let db: EmbeddedDatabase | undefined
  let runtime: Runtime | undefined
  let server: http.Server | undefined
  const loadBefore = os.loadavg().map((l) => l.toFixed(2)).join(' ')
  try {
    db = await startEmbeddedPostgres({ dataDir: path.join(benchTmp, 'db'), port: await freePort(), database: 'speakpro_bench' })
    process.env.DATABASE_URL = db.url
    runtime = await bootPayload(loadEnv({ NODE_ENV: 'development', PAYLOAD_SECRET: benchSecret, DATABASE_URL: db.url, DATA_DIR: benchDataDir }), { config })
    const { payload } = runtime
    await runSeeds({ payload, log: () => undefined, stats: { created: 0, updated: 0, unchanged: 0 } }, ['economy', 'world', 'curriculum', 'quests'])
    const app = createApp({ payload, config: runtime.config, graphql: async () => new Response(null, { status: 404 }) })
    server = await new Promise<http.Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s))
    })
    const baseUrl = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`
    process.env.RATE_LIMIT_LOGIN = '100000/1h'
    const tokens = await createLearners(payload, baseUrl, connections)
    const home = `${baseUrl}/api/learn/home`
    const modules = `${baseUrl}/api/modules?depth=2`
    for (const url of [home, modules]) {
      const res = await fetch(url, { headers: { authorization: `JWT ${tokens[0]}` } })
      if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`)
    }
    log(`${connections} learners; warm-up ${warmupS} s per path, then ${durationS} s measured per path`)
    if (warmupS) {
      await measure('warm', home, tokens, warmupS)
      await measure('warm', modules, tokens, warmupS)
    }
    const h = await measure('GET /api/learn/home', home, tokens, durationS)
    const m = await measure('GET /api/modules?depth=2 (Payload REST)', modules, tokens, durationS)
    const ratio = h.perSecond / m.perSecond
    const pass = ratio >= 2 && h.p99 < 50
    const fmt = (n: number) => n.toFixed(1)
    const text = [
      '# Home bench: GET /api/learn/home vs Payload GET /api/modules?depth=2',
      '',
      `- date: ${new Date().toISOString()}`,
      `- machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average before start ${loadBefore}`,
      `- data: the seeded world (2 districts, 8 modules, venues, quests); ${connections} learners with 0–2 modules complete; ${connections} connections`,
      `- ${warmupS} s warm-up per path, then ${durationS} s measured per path, home first`,
      '',
      '| path | requests/s | p50 ms | p99 ms | completed | failures |',
      '| --- | ---: | ---: | ---: | ---: | --- |',
      ...[h, m].map((r) => `| ${r.label} | ${fmt(r.perSecond)} | ${r.p50} | ${r.p99} | ${r.completed} | ${r.failures} |`),
      '',
      '| path | Node CPU ms/request | PostgreSQL CPU ms/request | main thread busy | machine busy |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...[h, m].map((r) => `| ${r.label} | ${r.cpu.nodeMsPerOp.toFixed(2)} | ${r.cpu.postgresMsPerOp.toFixed(2)} | ${Math.round(r.cpu.mainThreadBusy * 100)}% | ${Math.round(r.cpu.machineBusy * 100)}% |`),
      '',
      `ratio home / modules = **${ratio.toFixed(2)}**, home p99 ${h.p99} ms → ${pass ? 'PASS' : 'FAIL'} (target ≥ 2 and p99 < 50 ms)`,
      '',
    ].join('\n')
    console.log(`\n${text}`)
    fs.writeFileSync(RESULTS_FILE, text)
    log(`written to ${path.relative(process.cwd(), RESULTS_FILE)}`)
  } finally {
    if (server) {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server?.close(() => resolve()))
    }
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
