import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { sql } from '@payloadcms/db-postgres'
import pg from 'pg'

import { LEDGER_OWNED_USER_FIELDS } from '../../src/db/serverOwnedColumns'
import { withTransaction } from '../../src/db/transaction'
import { grant } from '../../src/services/economy/ledger'
import { findBalanceMismatches } from '../../src/services/economy/verify'
import { api, createUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

let app: TestApp
let db: pg.Client

beforeAll(async () => {
  app = await startTestApp()
  db = new pg.Client({ connectionString: app.databaseUrl })
  await db.connect()
})

afterAll(async () => {
  expect(await findBalanceMismatches(app.payload.db.pool)).toEqual([])
  await db?.end()
  await app?.close()
})

/** Waits until some backend of this database waits for a lock (the PATCH's write, held up). */
async function someoneWaitsForALock(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)
    if (rows[0].n > 0) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error('no write ever waited for the lock')
}

it('a profile edit that read the balances before a grant committed does not write them back', async () => {
  const learner = await createUser(app.payload, app.baseUrl)
  let edit: ReturnType<typeof api> | undefined
  // The grant's transaction holds the learner's row: the edit reads the document (xp 0), then
  // waits to write it until the grant of 50 has committed.
  await withTransaction(app.payload, async (tx) => {
    await tx.query(sql`SELECT 1 FROM users WHERE id = ${learner.id} FOR UPDATE`)
    edit = api(app.baseUrl, 'PATCH', `/api/users/${learner.id}`, { token: learner.token, body: { displayName: 'Edited' } })
    await someoneWaitsForALock()
    await grant(tx, { user: learner.id, currency: 'xp', amount: 50, reason: 'test', key: 'while-editing' })
  })
  expect((await edit!).status).toBe(200)
  const [row] = (await db.query('SELECT xp, display_name FROM users WHERE id = $1', [learner.id])).rows
  expect(row).toEqual({ xp: '50', display_name: 'Edited' })
})

it('no Payload update writes a ledger-owned field, whatever its data says (scripts with overrideAccess included)', async () => {
  const learner = await createUser(app.payload, app.baseUrl)
  await withTransaction(app.payload, (tx) => grant(tx, { user: learner.id, currency: 'coins', amount: 7, reason: 'test', key: 'start' }))
  const forged = Object.fromEntries(LEDGER_OWNED_USER_FIELDS.map((f) => [f, f === 'lastActiveDay' || f === 'lastActionAt' ? '2020-01-01T00:00:00.000Z' : 999]))
  await app.payload.update({ collection: 'users', id: learner.id, data: { ...forged, displayName: 'Script' } as never, overrideAccess: true })
  const [row] = (await db.query('SELECT xp, coins, tickets, learner_level, current_streak, streak_freezes, last_active_day, last_action_at, display_name FROM users WHERE id = $1', [learner.id])).rows
  expect(row).toEqual({ xp: '0', coins: '7', tickets: '0', learner_level: '1', current_streak: '0', streak_freezes: '0', last_active_day: null, last_action_at: null, display_name: 'Script' })
})
