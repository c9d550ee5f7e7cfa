import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type pg from 'pg'

import type { TestUser } from '../helpers/http'
import type { TestApp } from '../helpers/testApp'

/**
 * The pool of a running server never hangs it:
 * - a transaction that needs the published world while it has no copy reads it itself, so more
 *   concurrent transactions than the pool has connections cannot deadlock the pool waiting for
 *   a second connection each (it did: a fresh server under load stopped answering for good);
 * - a request that cannot get a connection within DB_CONNECT_TIMEOUT_MS gets a retryable 503,
 *   and the server serves again once connections are free.
 */

// Read by payload.config.ts when it loads, so set before the app (and the config) are imported.
process.env.DB_CONNECT_TIMEOUT_MS = '1500'
const { startTestApp } = await import('../helpers/testApp')
const { api, createUser } = await import('../helpers/http')
const { withTransaction } = await import('../../src/db/transaction')
const { journeyOf } = await import('../../src/services/journey/views')
const { invalidateWorld } = await import('../../src/services/journey/world')
const { createWorld } = await import('../journey/world')

let app: TestApp
let pool: pg.Pool
let learner: TestUser

beforeAll(async () => {
  app = await startTestApp()
  pool = (app.payload.db as unknown as { pool: pg.Pool }).pool
  await createWorld(app.payload, { districts: 1, modules: 2, venues: 1 })
  learner = await createUser(app.payload, app.baseUrl)
})

afterAll(async () => {
  await app?.close()
})

/** Settles with `what`'s value, or rejects after `ms` naming it (a hang fails the test instead of timing it out). */
const within = <T>(ms: number, what: string, promise: Promise<T>): Promise<T> =>
  Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms).unref())])

describe('the database pool under waits', () => {
  it('reads a world it does not have in each transaction that needs it: more transactions than connections finish', async () => {
    const max = (pool as unknown as { options: { max: number } }).options.max
    expect(max).toBeGreaterThan(1)
    for (let attempt = 0; attempt < 3; attempt++) {
      // No copy: as in a fresh process, or right after an author published.
      invalidateWorld()
      const journeys = Array.from({ length: max + 5 }, () => withTransaction(app.payload, (tx) => journeyOf(tx, learner.id)))
      const done = await within(10_000, `${max + 5} transactions on a pool of ${max}`, Promise.all(journeys))
      for (const journey of done) expect(journey.world.modules.length).toBeGreaterThan(0)
      expect(pool.waitingCount).toBe(0)
    }
  })

  it('answers 503 database_unavailable when no connection frees up in time, and serves again after', async () => {
    expect((pool as unknown as { options: { connectionTimeoutMillis: number } }).options.connectionTimeoutMillis).toBe(1500)
    const held: pg.PoolClient[] = []
    try {
      // Every connection the pool may open, checked out here.
      while (pool.totalCount < (pool as unknown as { options: { max: number } }).options.max || pool.idleCount > 0) held.push(await pool.connect())
      const started = Date.now()
      const res = await within(10_000, 'GET /api/learn/home with no free connection', api(app.baseUrl, 'GET', '/api/learn/home', { token: learner.token }))
      // Refused at Payload's session check, before the endpoint: Payload's error shape, as
      // databaseUnavailable.test.ts has it for a database that is down.
      expect({ status: res.status, body: res.body }).toEqual({ status: 503, body: { errors: [{ message: expect.any(String), code: 'database_unavailable' }] } })
      expect(res.headers.get('retry-after')).toBeTruthy()
      expect(Date.now() - started).toBeGreaterThanOrEqual(1400)
    } finally {
      for (const client of held) client.release()
    }
    const again = await api(app.baseUrl, 'GET', '/api/learn/home', { token: learner.token })
    expect(again.status).toBe(200)
  })
})
