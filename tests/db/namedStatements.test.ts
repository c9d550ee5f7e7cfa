import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { sql } from '@payloadcms/db-postgres'

import { autocommit, withTransaction } from '../../src/db/transaction'
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
})
