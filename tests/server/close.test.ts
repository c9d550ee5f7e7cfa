import { randomUUID } from 'node:crypto'

import config from '@payload-config'
import { afterEach, expect, it } from '@jest/globals'

import { bootPayload, closePayload } from '../../src/boot'
import { loadEnv } from '../../src/env'
import { createTestDatabase } from '../helpers/testApp'

let drop: (() => Promise<void>) | undefined

afterEach(async () => {
  await drop?.()
  drop = undefined
})

async function boot() {
  const db = await createTestDatabase()
  drop = db.drop
  process.env.DATABASE_URL = db.url
  return bootPayload(loadEnv({ ...process.env, NODE_ENV: 'test', DATABASE_URL: db.url }), { config, cacheKey: randomUUID() })
}

it('lets queries in flight finish before ending the pool', async () => {
  const { payload } = await boot()
  const started = Date.now()
  const slow = payload.db.pool.query('SELECT pg_sleep(0.4) AS slept, 7 AS answer')
  await new Promise((r) => setTimeout(r, 50))
  await closePayload(payload)
  expect((await slow).rows[0].answer).toBe(7)
  expect(Date.now() - started).toBeGreaterThanOrEqual(400)
  expect((payload.db.pool as unknown as { ended: boolean }).ended).toBe(true)
})

it('after the grace period, cuts a query off without crashing on its late release', async () => {
  const { payload } = await boot()
  const slow = payload.db.pool.query('SELECT pg_sleep(5)').then(
    () => 'finished',
    () => 'cut off',
  )
  await new Promise((r) => setTimeout(r, 50))
  const started = Date.now()
  await closePayload(payload, { graceMs: 100 })
  expect(await slow).toBe('cut off')
  expect(Date.now() - started).toBeLessThan(3000)
  // The pool's late release of the destroyed client must not throw on the next ticks.
  await new Promise((r) => setTimeout(r, 200))
})

it('does not wait for the client the adapter holds for itself', async () => {
  const { payload } = await boot()
  const started = Date.now()
  await closePayload(payload, { graceMs: 4000 })
  expect(Date.now() - started).toBeLessThan(2000)
})
