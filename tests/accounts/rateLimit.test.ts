import { afterAll, beforeAll, expect, it } from '@jest/globals'
import pg from 'pg'

import { setClock } from '../../src/clock'
import { hit, parseRateLimit, pruneRateLimitCounters } from '../../src/services/rateLimit'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

let app: TestApp
let otherNode: pg.Pool

beforeAll(async () => {
  app = await startTestApp()
  // A second pool stands for a second app node on the same database.
  otherNode = new pg.Pool({ connectionString: app.databaseUrl, max: 10 })
})

afterAll(async () => {
  await otherNode?.end()
  await app?.close()
})


it('parses limits and refuses nonsense', () => {
  expect(parseRateLimit('20/1h')).toEqual({ max: 20, windowSeconds: 3600 })
  expect(parseRateLimit('30/15m')).toEqual({ max: 30, windowSeconds: 900 })
  expect(parseRateLimit('5/s')).toEqual({ max: 5, windowSeconds: 1 })
  for (const bad of ['', 'x', '0/1h', '10/0m', '10/25h', '-1/1h', '10/1d']) expect(() => parseRateLimit(bad)).toThrow()
})

it('lets exactly the limit through when two nodes are hit at once', async () => {
  const restore = setClock(new Date('2030-03-03T03:00:00Z'))
  try {
    const limit = { max: 20, windowSeconds: 3600 }
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => hit(i % 2 ? otherNode : app.payload.db.pool, 'signup:203.0.113.9', limit)),
    )
    expect(results.filter((r) => r.allowed)).toHaveLength(20)
    expect(results.filter((r) => !r.allowed).every((r) => r.remaining === 0 && r.resetSeconds > 0 && r.resetSeconds <= 3600)).toBe(true)
    // Another key has its own count.
    expect((await hit(otherNode, 'signup:198.51.100.1', limit)).allowed).toBe(true)
  } finally {
    restore()
  }
})

it('starts a fresh count in the next window, and old counters are pruned', async () => {
  const limit = { max: 1, windowSeconds: 60 }
  let restore = setClock(new Date('2030-04-01T10:00:10Z'))
  expect((await hit(otherNode, 'login:a', limit)).allowed).toBe(true)
  expect((await hit(otherNode, 'login:a', limit)).allowed).toBe(false)
  restore()
  restore = setClock(new Date('2030-04-01T10:01:00Z'))
  expect((await hit(otherNode, 'login:a', limit)).allowed).toBe(true)
  restore()
  restore = setClock(new Date('2030-04-03T10:00:00Z'))
  try {
    expect(await pruneRateLimitCounters(otherNode)).toBeGreaterThanOrEqual(1)
    expect((await otherNode.query(`SELECT count(*)::int AS n FROM rate_limit_counters WHERE key = 'login:a'`)).rows[0].n).toBe(0)
  } finally {
    restore()
  }
})
