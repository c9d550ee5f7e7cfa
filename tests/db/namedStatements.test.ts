import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { sql } from '@payloadcms/db-postgres'

import { autocommit, withTransaction } from '../../src/db/transaction'
import { grant } from '../../src/services/economy/ledger'
import { buy } from '../../src/services/economy/shop'
import { loadLearner } from '../../src/services/journey/world'
import { createUser } from '../helpers/http'
import { recordStatements } from '../helpers/queries'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

let app: TestApp

beforeAll(async () => {
  app = await startTestApp()
})

afterAll(async () => {
  await app?.close()
})

describe('named statements', () => {
  it('run in the transaction or on the pool under their name, parsed as unnamed ones are', async () => {
    const at = sql`SELECT now()::timestamptz AS at, ${41}::int + 1 AS n, ${'x'}::text AS t`
    const unnamed = await withTransaction(app.payload, (tx) => tx.query<{ at: unknown; n: unknown; t: unknown }>(at))
    const calls = await recordStatements(app.payload.db.pool, () =>
      withTransaction(app.payload, async (tx) => {
        const first = await tx.query<{ at: unknown; n: unknown; t: unknown }>(at, 'test-named')
        const again = await tx.query<{ at: unknown; n: unknown; t: unknown }>(at, 'test-named')
        return [first, again]
      }),
    )
    expect(calls.filter((c) => c.name === 'test-named')).toHaveLength(2)
    const [row] = await autocommit(app.payload).query<{ at: unknown; n: unknown; t: unknown }>(at, 'test-named')
    // drizzle's parsing either way: timestamps as text, numbers and text as values.
    expect(typeof unnamed[0]!.at).toBe('string')
    expect(typeof row!.at).toBe('string')
    expect({ n: row!.n, t: row!.t }).toEqual({ n: unnamed[0]!.n, t: unnamed[0]!.t })
    expect(row!.n).toBe(42)
  })

  it("reads the learner's journey with a named statement, locked or not, with the same result", async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    let plain: unknown
    let locked: unknown
    const calls = await recordStatements(app.payload.db.pool, async () => {
      plain = await withTransaction(app.payload, (tx) => loadLearner(tx, learner.id))
      locked = await withTransaction(app.payload, (tx) => loadLearner(tx, learner.id, { lock: true }))
    })
    expect(calls.map((c) => c.name).filter(Boolean)).toEqual(['learner-journey', 'learner-journey-lock'])
    expect(calls.find((c) => c.name === 'learner-journey-lock')?.text).toMatch(/FOR UPDATE$/)
    expect(locked).toEqual(plain)
    expect(plain).toMatchObject({ id: learner.id, hud: { xp: 0, coins: 0 } })
  })

  it('runs every statement of a purchase and of an XP grant under its name', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    await withTransaction(app.payload, (tx) => grant(tx, { user: learner.id, currency: 'coins', amount: 100, reason: 'test', key: 'seed' }))
    const names = async (fn: () => Promise<unknown>) => (await recordStatements(app.payload.db.pool, fn)).map((c) => c.name ?? c.text)
    const purchase = await names(() => withTransaction(app.payload, (tx) => buy(tx, learner.id, 'ticket', 1)))
    expect(purchase.filter((n) => !/^(begin|commit)$/i.test(n))).toEqual(['ledger-lock-shop-prices', 'ledger-post-coins+tickets'])
    const xp = await names(() => withTransaction(app.payload, (tx) => grant(tx, { user: learner.id, currency: 'xp', amount: 5, reason: 'test', key: 'xp' })))
    expect(xp.filter((n) => !/^(begin|commit)$/i.test(n))).toEqual(['ledger-lock', 'ledger-post-xp'])
    // A replay runs the same statements (the post finds the key and changes nothing).
    const replay = await names(() => withTransaction(app.payload, (tx) => grant(tx, { user: learner.id, currency: 'xp', amount: 5, reason: 'test', key: 'xp' })))
    expect(replay.filter((n) => !/^(begin|commit)$/i.test(n))).toEqual(['ledger-lock', 'ledger-post-xp'])
  })
  it('the ledger statements run their generic plan, so a purchase is not planned anew every time', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    await withTransaction(app.payload, (tx) => grant(tx, { user: learner.id, currency: 'coins', amount: 1000, reason: 'test', key: 'seed' }))
    // One connection (one transaction), so the same prepared statements run again and again.
    // Left to choose (plan_cache_mode = auto), PostgreSQL plans the first five runs of each
    // anew, and the post's replay check of a learner with few rows for ever.
    const { plans, mode } = await withTransaction(app.payload, async (tx) => {
      for (let i = 0; i < 8; i++) await buy(tx, learner.id, 'ticket', 1)
      const [setting] = await tx.query<{ plan_cache_mode: string }>(sql`SHOW plan_cache_mode`)
      const rows = await tx.query<{ name: string; generic_plans: string; custom_plans: string }>(
        sql`SELECT name, generic_plans, custom_plans FROM pg_prepared_statements
             WHERE name IN ('ledger-lock-shop-prices', 'ledger-post-coins+tickets') ORDER BY name`,
      )
      return { plans: rows, mode: setting?.plan_cache_mode }
    })
    expect(mode).toBe('force_generic_plan')
    expect(plans.map((p) => ({ name: p.name, custom: Number(p.custom_plans), generic: Number(p.generic_plans) >= 8 }))).toEqual(
      ['ledger-lock-shop-prices', 'ledger-post-coins+tickets'].map((name) => ({ name, custom: 0, generic: true })),
    )
  })
})
