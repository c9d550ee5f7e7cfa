import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'

import { runSeeds } from '../../seeds'
import { setClock } from '../../src/clock'
import { withTransaction } from '../../src/db/transaction'
import { pruneIdempotencyKeys } from '../../src/jobs/maintenance'
import { grant } from '../../src/services/economy/ledger'
import { api, createUser } from '../helpers/http'
import type { TestUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

let app: TestApp
let sql: pg.Client
let learner: TestUser
let restoreClock: (() => void) | undefined

const T0 = new Date('2026-11-02T10:00:00.000Z')
const hours = (h: number) => new Date(T0.getTime() + h * 3_600_000)

beforeAll(async () => {
  app = await startTestApp()
  sql = new pg.Client({ connectionString: app.databaseUrl })
  await sql.connect()
  await runSeeds({ payload: app.payload, log: () => undefined, stats: { created: 0, updated: 0, unchanged: 0 } }, ['economy'])
  learner = await createUser(app.payload, app.baseUrl)
  await withTransaction(app.payload, (tx) => grant(tx, { user: learner.id, currency: 'coins', amount: 1000, reason: 'test', key: 'coins' }))
})

afterEach(() => restoreClock?.())

afterAll(async () => {
  await sql?.end()
  await app?.close()
})

const purchase = (key: string) =>
  api(app.baseUrl, 'POST', '/api/learn/shop/purchases', { token: learner.token, body: { item: 'ticket' }, headers: { 'idempotency-key': key } })
const keyCount = async () => Number((await sql.query('SELECT count(*) FROM idempotency_keys')).rows[0].count)

describe('expired Idempotency-Key answers', () => {
  it('are kept inside the retention (replays still answer the same) and deleted after it', async () => {
    restoreClock = setClock(T0)
    const first = await purchase('retry-me')
    expect(first.status).toBe(201)

    restoreClock = setClock(hours(47))
    expect(await pruneIdempotencyKeys(app.payload.db.pool, 48)).toMatchObject({ deleted: 0 })
    const replay = await purchase('retry-me')
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    expect(replay.text).toBe(first.text)

    restoreClock = setClock(hours(49))
    const result = await pruneIdempotencyKeys(app.payload.db.pool, 48)
    expect(result).toEqual({ deleted: 1, cutoff: hours(1).toISOString() })
    expect((await sql.query('SELECT count(*)::int AS n FROM idempotency_keys WHERE key = $1', ['retry-me'])).rows[0].n).toBe(0)
  })

  it('are deleted in batches until none is left, newer ones untouched', async () => {
    await sql.query('DELETE FROM idempotency_keys')
    await sql.query(
      `INSERT INTO idempotency_keys (user_id, key, fingerprint, status, response, created_at, updated_at)
       SELECT $1, 'old-' || g, 'f', 201, '{}', $2::timestamptz - (g || ' seconds')::interval, $2
         FROM generate_series(1, 12001) g`,
      [learner.id, hours(-100)],
    )
    await sql.query(
      `INSERT INTO idempotency_keys (user_id, key, fingerprint, status, response, created_at, updated_at) VALUES ($1, 'fresh', 'f', 201, '{}', $2, $2)`,
      [learner.id, hours(0)],
    )
    restoreClock = setClock(hours(1))
    expect((await pruneIdempotencyKeys(app.payload.db.pool, 48)).deleted).toBe(12001)
    expect((await sql.query('SELECT key FROM idempotency_keys')).rows).toEqual([{ key: 'fresh' }])
  })

  it('never uses less than the 24 hours the API promises, whatever the environment says', async () => {
    const before = process.env.IDEMPOTENCY_KEY_RETENTION_HOURS
    process.env.IDEMPOTENCY_KEY_RETENTION_HOURS = '1'
    try {
      restoreClock = setClock(hours(10))
      const { cutoff } = await pruneIdempotencyKeys(app.payload.db.pool)
      expect(cutoff).toBe(hours(-14).toISOString())
    } finally {
      if (before === undefined) delete process.env.IDEMPOTENCY_KEY_RETENTION_HOURS
      else process.env.IDEMPOTENCY_KEY_RETENTION_HOURS = before
    }
  })
})

describe('the scheduled job', () => {
  it('is scheduled hourly (at minute 17) on the maintenance queue, once per slot, next to the rate-limit cleanup (minute 37)', async () => {
    const scheduled = await app.payload.jobs.handleSchedules({ queue: 'maintenance' })
    expect(scheduled.queued.map((q) => (q as { taskConfig?: { slug: string } }).taskConfig?.slug).sort()).toEqual(['pruneIdempotencyKeys', 'pruneRateLimitCounters', 'rollupAnalytics'])
    const limits = await app.payload.find({ collection: 'payload-jobs', where: { taskSlug: { equals: 'pruneRateLimitCounters' } }, depth: 0, overrideAccess: true })
    expect(new Date(limits.docs[0]!.waitUntil as string).getUTCMinutes()).toBe(37)
    const { docs } = await app.payload.find({ collection: 'payload-jobs', where: { taskSlug: { equals: 'pruneIdempotencyKeys' } }, depth: 0, overrideAccess: true })
    expect(docs).toHaveLength(1)
    expect(docs[0]!.queue).toBe('maintenance')
    const due = new Date(docs[0]!.waitUntil as string)
    expect(due.getUTCMinutes()).toBe(17)
    expect(due.getTime() - Date.now()).toBeGreaterThan(0)
    expect(due.getTime() - Date.now()).toBeLessThanOrEqual(3_600_000)
    // Another tick before it ran schedules nothing more.
    expect((await app.payload.jobs.handleSchedules({ queue: 'maintenance' })).queued).toHaveLength(0)
    await app.payload.delete({ collection: 'payload-jobs', where: { taskSlug: { in: ['pruneIdempotencyKeys', 'pruneRateLimitCounters', 'rollupAnalytics'] } }, overrideAccess: true })
  })

  it('runs from the queue and records what it deleted', async () => {
    await sql.query('DELETE FROM idempotency_keys')
    await sql.query(
      `INSERT INTO idempotency_keys (user_id, key, fingerprint, status, response, created_at, updated_at) VALUES ($1, 'ancient', 'f', 201, '{}', $2, $2)`,
      [learner.id, new Date(Date.now() - 30 * 24 * 3_600_000)],
    )
    const job = await app.payload.jobs.queue({ task: 'pruneIdempotencyKeys', queue: 'maintenance', input: {} })
    await app.payload.jobs.run({ queue: 'maintenance' })
    const done = await app.payload.findByID({ collection: 'payload-jobs', id: job.id, depth: 0, overrideAccess: true })
    expect(done).toMatchObject({ completedAt: expect.any(String), hasError: false })
    expect(done.log?.[0]?.output).toMatchObject({ deleted: 1 })
    expect(await keyCount()).toBe(0)
  })

  it('keeps its bookkeeping away from learners: the jobs-stats global is admin-read, never written through the API', async () => {
    const admin = await createUser(app.payload, app.baseUrl, 'admin')
    expect((await api(app.baseUrl, 'GET', '/api/globals/payload-jobs-stats', { token: learner.token })).status).toBe(403)
    const write = await api(app.baseUrl, 'POST', '/api/globals/payload-jobs-stats', { token: learner.token, body: { stats: {} } })
    expect(write.status).toBe(403)
    expect((await api(app.baseUrl, 'POST', '/api/globals/payload-jobs-stats', { token: admin.token, body: { stats: {} } })).status).toBe(403)
    const read = await api(app.baseUrl, 'GET', '/api/globals/payload-jobs-stats', { token: admin.token })
    expect(read.status).toBe(200)
    expect(read.body.stats.scheduledRuns.queues.maintenance.tasks.pruneIdempotencyKeys.lastScheduledRun).toEqual(expect.any(String))
  })
})
