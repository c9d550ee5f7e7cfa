import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'

import { findBalanceMismatches } from '../../src/services/economy/verify'
import { createTestDatabase } from '../helpers/testApp'
import { clusterControl } from './support/cluster'
import type { ClusterControl } from './support/cluster'
import { LEAK, send } from './support/http'
import { startLoad } from './support/load'
import type { Call, Outcome } from './support/load'
import { bootSeeder, createLearners, removeMediaDir, signIn } from './support/seed'
import type { Learner } from './support/seed'
import { startServer } from './support/server'
import type { ServerProcess } from './support/server'
import { until } from './support/wait'

/**
 * Scenario 1 of issue 9's fault tests: PostgreSQL is SIGKILLed (postmaster and every backend)
 * while many learners buy in the shop, with and without Idempotency-Key, then started again on
 * the same data directory and port. The server process is never restarted. The cluster is the
 * run's own (tests/faults/support/globalSetup.ts), durable at COMMIT.
 */

const LEARNERS = 16
const WORKERS = 10
const COINS = 1_000_000
const TICKET_PRICE = 20 // the economy global's default

let cluster: ClusterControl
let server: ServerProcess
let learners: Learner[]
let databaseUrl: string
let drop: () => Promise<void>

beforeAll(async () => {
  cluster = clusterControl()
  ;({ url: databaseUrl, drop } = await createTestDatabase())
  // The server boots while the learners are created (both take seconds; the machine has two cores).
  let created: Awaited<ReturnType<typeof seedLearners>> = []
  ;[server, created] = await Promise.all([startServer({ DATABASE_URL: databaseUrl }), seedLearners()])
  learners = await signIn(server.baseUrl, created)
}, 180_000)

afterAll(async () => {
  await server?.stop()
  // The other suites share the cluster: it must be up again whatever happened here.
  if (cluster && !cluster.running()) await cluster.restart()
  await drop?.()
  removeMediaDir()
})

/** Learners with coins, created as a script would; nothing of the test process stays connected. */
async function seedLearners() {
  const seeder = await bootSeeder(databaseUrl)
  try {
    return await createLearners(seeder.payload, LEARNERS, { coins: COINS })
  } finally {
    await seeder.close()
  }
}

const purchase = (worker: number, n: number): Call => {
  const learner = learners[(worker * 7 + n) % LEARNERS] as Learner
  // Every other request carries a key of its own (a client's one attempt of one purchase).
  const key = n % 2 === 0 ? `w${worker}-n${n}-${learner.id}` : undefined
  return {
    label: 'purchase',
    method: 'POST',
    path: '/api/learn/shop/purchases',
    options: { token: learner.token, body: { item: 'ticket', quantity: 1 }, headers: key ? { 'idempotency-key': key } : {} },
    meta: { learner: learner.id, key },
  }
}

const ok = (o: Outcome) => (o.reply?.status ?? 0) >= 200 && (o.reply?.status ?? 0) < 300

describe('PostgreSQL killed and restarted under a load of shop purchases', () => {
  it('answers 503 while it is down, applies every 2xx exactly once, and recovers in the same process', async () => {
    const pid = server.pid
    const load = startLoad(server.baseUrl, WORKERS, purchase)

    // 1. Healthy load first.
    await until(() => load.count(ok) >= 60, 30_000, '60 purchases before the kill')

    // 2. The kill: postmaster and backends, mid-load.
    const killedAt = Date.now()
    const { killed } = await cluster.kill()
    await until(async () => (await send(server.baseUrl, 'GET', '/readyz')).status === 503, 10_000, '/readyz to report the database down')
    const down = await send(server.baseUrl, 'GET', '/readyz')
    expect(down.body).toEqual({ status: 'unavailable', reason: 'database' })
    // Let the outage be seen by a fair number of requests before the database comes back.
    await until(() => load.count((o) => o.startedAt > killedAt && o.reply?.status === 503) >= 40, 15_000, '40 answers of 503 during the outage')
    expect((await send(server.baseUrl, 'GET', '/healthz')).status).toBe(200)

    // 3. Back on the same data directory and port.
    const restartAt = Date.now()
    await cluster.restart()
    const restartedAt = Date.now()
    await until(async () => (await send(server.baseUrl, 'GET', '/readyz')).status === 200, 20_000, '/readyz to report ready again')
    const readyAt = Date.now()
    await until(() => load.count((o) => o.startedAt >= restartedAt && ok(o)) >= 60, 30_000, '60 purchases after the restart')
    const outcomes = await load.stop()

    // Recovery without a restart: the same process answers again.
    expect(server.running()).toBe(true)
    expect(server.pid).toBe(pid)
    const firstOkAfter = Math.min(...outcomes.filter((o) => o.endedAt >= restartedAt && ok(o)).map((o) => o.endedAt))

    // 4. What the clients saw: 201s and, during the outage, 503 database_unavailable in the
    //    error envelope with Retry-After. No other status, no 5xx leaking anything.
    const statuses = new Map<number | string, number>()
    for (const o of outcomes) statuses.set(o.reply?.status ?? o.error ?? 'none', (statuses.get(o.reply?.status ?? o.error ?? 'none') ?? 0) + 1)
    const unavailable = outcomes.filter((o) => o.reply?.status === 503)
    const succeeded = outcomes.filter(ok)
    console.log(
      `[faults/database] ${outcomes.length} purchases from ${WORKERS} clients for ${LEARNERS} learners: ${JSON.stringify(Object.fromEntries(statuses))}; ` +
        `killed ${killed.length} postgres processes; /readyz 503 → 200 ${readyAt - restartAt} ms after the restart began ` +
        `(postgres up after ${restartedAt - restartAt} ms); first 2xx ${firstOkAfter - restartedAt} ms after postgres was up; outage seen ${restartAt - killedAt} ms`,
    )
    expect([...statuses.keys()].sort()).toEqual([201, 503])
    for (const o of unavailable) {
      expect(o.reply?.body).toEqual({ errors: [{ message: expect.any(String), code: 'database_unavailable' }] })
      expect(o.reply?.headers['retry-after']).toBe('5')
    }
    for (const o of outcomes) expect(o.reply?.text).not.toMatch(LEAK)

    // 5. The ledger, read straight from PostgreSQL.
    const sql = new pg.Pool({ connectionString: databaseUrl, max: 2 })
    try {
      const { rows: shopRows } = await sql.query<{ key: string; user_id: number; currency: string; delta: string }>(
        `SELECT idempotency_key AS key, user_id, currency::text AS currency, delta FROM reward_ledger WHERE reason = 'shop_purchase'`,
      )
      // Every purchase is two rows (coins out, ticket in) keyed by its id: never one without the other.
      const byPurchase = new Map<string, string[]>()
      for (const r of shopRows) {
        const id = r.key.split(':')[1] as string
        byPurchase.set(id, [...(byPurchase.get(id) ?? []), r.currency])
      }
      for (const [id, currencies] of byPurchase) expect([id, currencies.sort()]).toEqual([id, ['coins', 'tickets']])

      // Every 2xx is in the ledger, for its learner, and no two answers claim one purchase.
      const answered = succeeded.map((o) => o.reply?.body.purchase.id as string)
      expect(new Set(answered).size).toBe(answered.length)
      for (const o of succeeded) {
        const id = o.reply?.body.purchase.id as string
        expect(byPurchase.get(id)?.length).toBe(2)
        const row = shopRows.find((r) => r.key === `shop:${id}:coins`)
        expect(row?.user_id).toBe(o.meta?.learner)
      }
      // Purchases applied without a 2xx can only be ones whose COMMIT was cut mid-answer
      // (committed, then the connection died before the reply): at most one per 503.
      const unanswered = byPurchase.size - answered.length
      expect(unanswered).toBeGreaterThanOrEqual(0)
      expect(unanswered).toBeLessThanOrEqual(unavailable.length)

      // Idempotency keys: one row per key; a 2xx answered under a key is the answer stored for it.
      // (A key whose request got a 503 may or may not have a row: step 6 retries those.)
      const { rows: keyRows } = await sql.query<{ key: string; response: string | null }>('SELECT key, response FROM idempotency_keys')
      expect(new Set(keyRows.map((k) => k.key)).size).toBe(keyRows.length)
      for (const o of succeeded.filter((s) => s.meta?.key)) {
        const stored = keyRows.find((k) => k.key === o.meta?.key)
        expect(JSON.parse(stored?.response ?? '{}').purchase?.id).toBe(o.reply?.body.purchase.id)
      }

      // 6. Retrying every refused keyed request with its key applies it exactly once; retrying
      //    an answered one replays its answer.
      const failedKeyed = outcomes.filter((o) => o.meta?.key && !ok(o))
      let replayedAfterOutage = 0
      for (const o of failedKeyed) {
        const retry = await send(server.baseUrl, 'POST', o.path, o.options)
        expect(retry.status).toBe(201)
        if (retry.headers['idempotent-replayed'] === 'true') replayedAfterOutage++
        const again = await send(server.baseUrl, 'POST', o.path, o.options)
        expect(again.headers['idempotent-replayed']).toBe('true')
        expect(again.body.purchase.id).toBe(retry.body.purchase.id)
      }
      for (const o of succeeded.filter((s) => s.meta?.key).slice(0, 20)) {
        const again = await send(server.baseUrl, 'POST', o.path, o.options)
        expect(again.status).toBe(201)
        expect(again.headers['idempotent-replayed']).toBe('true')
        expect(again.body.purchase.id).toBe(o.reply?.body.purchase.id)
      }
      console.log(`[faults/database] ${failedKeyed.length} refused keyed purchases retried: ${replayedAfterOutage} had committed before the connection died (replayed), the rest applied now`)

      const { rows: counts } = await sql.query<{ keys: number; purchases: number }>(
        `SELECT (SELECT count(*)::int FROM idempotency_keys) AS keys,
                (SELECT count(DISTINCT split_part(idempotency_key, ':', 2))::int FROM reward_ledger WHERE reason = 'shop_purchase') AS purchases`,
      )
      const keyedTotal = new Set(outcomes.filter((o) => o.meta?.key).map((o) => o.meta?.key)).size
      expect(counts[0]?.keys).toBe(keyedTotal)
      // Every keyed purchase once, every unkeyed 2xx once, plus at most the unkeyed 503s that
      // had committed.
      const unkeyedOk = succeeded.filter((o) => !o.meta?.key).length
      const unkeyedRefused = unavailable.filter((o) => !o.meta?.key).length
      expect(counts[0]?.purchases).toBeGreaterThanOrEqual(keyedTotal + unkeyedOk)
      expect(counts[0]?.purchases).toBeLessThanOrEqual(keyedTotal + unkeyedOk + unkeyedRefused)

      // 7. Every balance equals the sum of its ledger rows; tickets are what was bought.
      expect(await findBalanceMismatches(sql)).toEqual([])
      const { rows: users } = await sql.query<{ id: number; coins: string; tickets: string }>(`SELECT id, coins, tickets FROM users WHERE email LIKE '%@faults.invalid'`)
      for (const u of users) expect(Number(u.coins)).toBe(COINS - TICKET_PRICE * Number(u.tickets))
    } finally {
      await sql.end()
    }
    expect(server.pid).toBe(pid)
    expect(server.running()).toBe(true)
  })
})
