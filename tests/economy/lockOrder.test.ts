import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { sql } from '@payloadcms/db-postgres'

import { withTransaction } from '../../src/db/transaction'
import type { Tx } from '../../src/db/transaction'
import { grant, spend } from '../../src/services/economy/ledger'
import { findBalanceMismatches } from '../../src/services/economy/verify'
import { api, createUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

/**
 * Two actions of one learner at once, each inserting a row that references the learner (an
 * Idempotency-Key, a venue entry, an event: a foreign key takes a key-share lock on the user
 * row) before the ledger locks that row. With FOR UPDATE the second lock waited on the other's
 * key-share lock and PostgreSQL broke the deadlock after a second: a 500 for one of them
 * (found by tests/faults, keyed shop purchases under load).
 */

let app: TestApp

beforeAll(async () => {
  app = await startTestApp()
})

afterAll(async () => {
  expect(await findBalanceMismatches(app.payload.db.pool)).toEqual([])
  await app?.close()
})

function signal() {
  let fire!: () => void
  const fired = new Promise<void>((resolve) => (fire = resolve))
  return { fire, fired }
}

const referenceLearner = (tx: Tx, user: number, key: string) =>
  tx.query(sql`INSERT INTO idempotency_keys (user_id, key, fingerprint, created_at, updated_at) VALUES (${user}, ${key}, 'x', now(), now())`)

describe('the ledger lock of a learner', () => {
  it('does not deadlock with rows referencing the learner inserted earlier in the same actions', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    await withTransaction(app.payload, (tx) => grant(tx, { user: learner.id, currency: 'coins', amount: 100, reason: 'test', key: 'seed' }))
    const firstInserted = signal()
    const secondInserted = signal()
    // Both insert their referencing row before either reaches the ledger.
    const first = withTransaction(app.payload, async (tx) => {
      await referenceLearner(tx, learner.id, 'first')
      firstInserted.fire()
      await secondInserted.fired
      return spend(tx, { user: learner.id, currency: 'coins', amount: 10, reason: 'test', key: 'first' })
    })
    const second = withTransaction(app.payload, async (tx) => {
      await firstInserted.fired
      await referenceLearner(tx, learner.id, 'second')
      secondInserted.fire()
      return spend(tx, { user: learner.id, currency: 'coins', amount: 10, reason: 'test', key: 'second' })
    })
    const results = await Promise.allSettled([first, second])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled'])
  })

  it('keyed purchases of one learner sent at once all succeed', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    await withTransaction(app.payload, (tx) => grant(tx, { user: learner.id, currency: 'coins', amount: 10_000, reason: 'test', key: 'seed' }))
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        api(app.baseUrl, 'POST', '/api/learn/shop/purchases', { token: learner.token, body: { item: 'ticket', quantity: 1 }, headers: { 'idempotency-key': `burst-${i}` } }),
      ),
    )
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(201))
  })
})
