import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'

import { runSeeds } from '../../seeds'
import { withTransaction } from '../../src/db/transaction'
import { projectRoot } from '../../src/paths'
import { grant, grantAll, lockLearner, post, spend } from '../../src/services/economy/ledger'
import type { LedgerChange, Posting } from '../../src/services/economy/ledger'
import { InsufficientFunds } from '../../src/services/economy/errors'
import { findBalanceMismatches } from '../../src/services/economy/verify'
import { api, createUser } from '../helpers/http'
import { balances, createLearner } from '../helpers/learners'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

let app: TestApp
let sql: pg.Client

beforeAll(async () => {
  app = await startTestApp()
  sql = new pg.Client({ connectionString: app.databaseUrl })
  await sql.connect()
  await runSeeds({ payload: app.payload, log: () => undefined, stats: { created: 0, updated: 0, unchanged: 0 } }, ['economy'])
})

afterAll(async () => {
  await sql?.end()
  await app?.close()
})

const ledgerRows = async (user: number) =>
  (await sql.query('SELECT currency, delta::int, balance_after::int, idempotency_key FROM reward_ledger WHERE user_id = $1 ORDER BY id', [user])).rows

const give = (user: number, change: Partial<LedgerChange> = {}) =>
  withTransaction(app.payload, (tx) => grant(tx, { user, currency: 'tickets', amount: 1, reason: 'test', key: `k-${Math.random()}`, ...change }))

const take = (user: number, change: Partial<LedgerChange> = {}) =>
  withTransaction(app.payload, (tx) => spend(tx, { user, currency: 'tickets', amount: 1, reason: 'test', key: `s-${Math.random()}`, ...change }))

describe('grant and spend', () => {
  it('write one ledger row and move the balance by the same amount', async () => {
    const user = await createLearner(app.payload)
    const entry = await give(user, { currency: 'coins', amount: 30, key: 'gift:1' })
    expect(entry).toMatchObject({ currency: 'coins', delta: 30, balanceAfter: 30, replayed: false })
    const spent = await take(user, { currency: 'coins', amount: 12, key: 'shop:1' })
    expect(spent).toMatchObject({ delta: -12, balanceAfter: 18 })
    expect((await balances(app.payload, user)).coins).toBe(18)
    expect(await ledgerRows(user)).toEqual([
      { currency: 'coins', delta: 30, balance_after: 30, idempotency_key: 'gift:1' },
      { currency: 'coins', delta: -12, balance_after: 18, idempotency_key: 'shop:1' },
    ])
  })

  it('a replayed key grants nothing and returns the first result', async () => {
    const user = await createLearner(app.payload)
    const first = await give(user, { currency: 'xp', amount: 50, key: 'module:7' })
    const again = await give(user, { currency: 'xp', amount: 50, key: 'module:7' })
    expect(again).toEqual({ ...first, replayed: true })
    expect((await balances(app.payload, user)).xp).toBe(50)
    expect(await ledgerRows(user)).toHaveLength(1)
  })

  it('a spend larger than the balance is 409 insufficient_funds and writes nothing, also what came before it in the transaction', async () => {
    const user = await createLearner(app.payload)
    await give(user, { amount: 2 })
    const failed = await withTransaction(app.payload, async (tx) => {
      await tx.payload.update({ collection: 'users', id: user, data: { displayName: 'changed in the same transaction' }, req: tx.req, overrideAccess: true })
      await grant(tx, { user, currency: 'coins', amount: 5, reason: 'test', key: 'before-the-failure' })
      return spend(tx, { user, currency: 'tickets', amount: 3, reason: 'test', key: 'too-much' })
    }).catch((e: unknown) => e)
    expect(failed).toBeInstanceOf(InsufficientFunds)
    expect(failed).toMatchObject({ status: 409, data: { code: 'insufficient_funds' } })
    const doc = await app.payload.findByID({ collection: 'users', id: user, depth: 0, overrideAccess: true })
    expect(doc).toMatchObject({ tickets: 2, coins: 0 })
    expect(doc.displayName ?? null).toBeNull()
    expect(await ledgerRows(user)).toHaveLength(1)
  })

  it('200 concurrent spends of 1 ticket against 5: exactly 5 succeed, the rest get 409', async () => {
    const user = await createLearner(app.payload)
    await give(user, { amount: 5, key: 'start' })
    const results = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => take(user, { key: `spend:${i}` })))
    const ok = results.filter((r) => r.status === 'fulfilled')
    const refused = results.filter((r) => r.status === 'rejected')
    expect(ok).toHaveLength(5)
    expect(refused).toHaveLength(195)
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(InsufficientFunds)
    expect((await balances(app.payload, user)).tickets).toBe(0)
    expect((await ledgerRows(user)).filter((r) => r.delta < 0)).toHaveLength(5)
  }, 60_000)

  it('50 concurrent grants with one key: one ledger row, one balance change', async () => {
    const user = await createLearner(app.payload)
    const results = await Promise.all(Array.from({ length: 50 }, () => give(user, { currency: 'xp', amount: 40, key: 'milestone-pass:1' })))
    expect(results.filter((r) => !r.replayed)).toHaveLength(1)
    expect(new Set(results.map((r) => r.id)).size).toBe(1)
    expect((await balances(app.payload, user)).xp).toBe(40)
    expect(await ledgerRows(user)).toHaveLength(1)
  }, 60_000)

  it('moves the learner level at the economy thresholds in the same statement as the XP', async () => {
    const user = await createLearner(app.payload)
    expect((await balances(app.payload, user)).learnerLevel).toBe(1)
    await give(user, { currency: 'xp', amount: 99 })
    expect((await balances(app.payload, user)).learnerLevel).toBe(1)
    await give(user, { currency: 'xp', amount: 1 })
    expect((await balances(app.payload, user)).learnerLevel).toBe(2)
    await give(user, { currency: 'xp', amount: 900 })
    expect(await balances(app.payload, user)).toMatchObject({ xp: 1000, learnerLevel: 5 })
    await take(user, { currency: 'xp', amount: 800 })
    expect(await balances(app.payload, user)).toMatchObject({ xp: 200, learnerLevel: 2 })
  })
})

describe('post: the changes of one action in one statement', () => {
  const posting = (user: number, p: Partial<Posting> & Pick<Posting, 'kind' | 'currency' | 'amount' | 'key'>): Posting => ({ user, reason: 'test', ...p })
  const postAll = (postings: Posting[]) => withTransaction(app.payload, (tx) => post(tx, postings))

  it('writes one row per change with the balance it produced, returns every balance, and replays as a whole', async () => {
    const user = await createLearner(app.payload)
    await give(user, { currency: 'coins', amount: 50, key: 'seed' })
    const buy = [posting(user, { kind: 'spend', currency: 'coins', amount: 20, key: 'shop:1:coins' }), posting(user, { kind: 'grant', currency: 'tickets', amount: 1, key: 'shop:1:ticket' })]
    const first = await postAll(buy)
    expect(first.entries).toMatchObject([
      { currency: 'coins', delta: -20, balanceAfter: 30, key: 'shop:1:coins', replayed: false },
      { currency: 'tickets', delta: 1, balanceAfter: 1, key: 'shop:1:ticket', replayed: false },
    ])
    expect(first.balances).toEqual({ xp: 0, coins: 30, tickets: 1, streak_freezes: 0 })
    const again = await postAll(buy)
    expect(again).toEqual({ entries: first.entries.map((e) => ({ ...e, replayed: true })), balances: null })
    expect(await balances(app.payload, user)).toMatchObject({ coins: 30, tickets: 1 })
    expect(await ledgerRows(user)).toHaveLength(3)
  })

  it('applies only the changes whose keys are new', async () => {
    const user = await createLearner(app.payload)
    const xp = await give(user, { currency: 'xp', amount: 10, key: 'quest:1:xp' })
    const { entries } = await postAll([
      posting(user, { kind: 'grant', currency: 'xp', amount: 10, key: 'quest:1:xp' }),
      posting(user, { kind: 'grant', currency: 'coins', amount: 5, key: 'quest:1:coins' }),
    ])
    expect(entries[0]).toEqual({ ...xp, replayed: true })
    expect(entries[1]).toMatchObject({ currency: 'coins', delta: 5, balanceAfter: 5, replayed: false })
    expect(await balances(app.payload, user)).toMatchObject({ xp: 10, coins: 5 })
  })

  it('a short spend writes none of the changes, and names the currency that was short', async () => {
    const user = await createLearner(app.payload)
    await give(user, { currency: 'coins', amount: 50, key: 'seed-coins' })
    await give(user, { currency: 'tickets', amount: 1, key: 'seed-tickets' })
    const failed = await postAll([
      posting(user, { kind: 'spend', currency: 'coins', amount: 20, key: 'a:coins' }),
      posting(user, { kind: 'spend', currency: 'tickets', amount: 2, key: 'a:tickets' }),
      posting(user, { kind: 'grant', currency: 'xp', amount: 7, key: 'a:xp' }),
    ]).catch((e: unknown) => e)
    expect(failed).toBeInstanceOf(InsufficientFunds)
    expect(failed).toMatchObject({ status: 409, data: { code: 'insufficient_funds', currency: 'tickets' } })
    expect(await balances(app.payload, user)).toMatchObject({ xp: 0, coins: 50, tickets: 1 })
    expect(await ledgerRows(user)).toHaveLength(2)
    expect((await sql.query('SELECT count(*)::int AS n FROM weekly_xp WHERE user_id = $1', [user])).rows[0].n).toBe(0)
  })

  it('an XP change in a post moves the level and the weekly total like a grant', async () => {
    const user = await createLearner(app.payload)
    // A reward an author set to 0 (or below) pays nothing and writes no row.
    const [xp, coins, tickets] = await withTransaction(app.payload, (tx) =>
      grantAll(tx, [
        { user, reason: 'test', currency: 'xp', amount: 100, key: 'm:xp' },
        { user, reason: 'test', currency: 'coins', amount: 0, key: 'm:coins' },
        { user, reason: 'test', currency: 'tickets', amount: -3, key: 'm:tickets' },
      ]),
    )
    expect(xp).toMatchObject({ delta: 100, balanceAfter: 100 })
    expect(coins).toBeNull()
    expect(tickets).toBeNull()
    expect(await balances(app.payload, user)).toMatchObject({ xp: 100, coins: 0, tickets: 0, learnerLevel: 2 })
    expect(await ledgerRows(user)).toHaveLength(1)
    expect((await sql.query('SELECT xp::int FROM weekly_xp WHERE user_id = $1', [user])).rows).toEqual([{ xp: 100 }])
  })

  it('40 concurrent purchases of one learner with 5 affordable: exactly 5 pairs of rows, balances to the ledger', async () => {
    const user = await createLearner(app.payload)
    await give(user, { currency: 'coins', amount: 100, key: 'seed' })
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        postAll([posting(user, { kind: 'spend', currency: 'coins', amount: 20, key: `p${i}:coins` }), posting(user, { kind: 'grant', currency: 'tickets', amount: 1, key: `p${i}:ticket` })]),
      ),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5)
    for (const r of results.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(InsufficientFunds)
    expect(await balances(app.payload, user)).toMatchObject({ coins: 0, tickets: 5 })
    expect(await ledgerRows(user)).toHaveLength(11)
    expect(await findBalanceMismatches(app.payload.db.pool)).toEqual([])
  }, 60_000)

  it('refuses a post of two learners or of one currency twice (a programming error, before any write)', async () => {
    const [a, b] = [await createLearner(app.payload), await createLearner(app.payload)]
    await expect(postAll([posting(a, { kind: 'grant', currency: 'xp', amount: 1, key: 'x1' }), posting(b, { kind: 'grant', currency: 'coins', amount: 1, key: 'x2' })])).rejects.toThrow('one post changes one learner')
    await expect(postAll([posting(a, { kind: 'grant', currency: 'xp', amount: 1, key: 'x1' }), posting(a, { kind: 'grant', currency: 'xp', amount: 1, key: 'x2' })])).rejects.toThrow('one post changes a currency once')
    // A lock held for another learner is not this learner's lock.
    await expect(
      withTransaction(app.payload, async (tx) => post(tx, [posting(a, { kind: 'grant', currency: 'xp', amount: 1, key: 'x3' })], (await lockLearner(tx, b)).locked)),
    ).rejects.toThrow("the lock held is another learner's")
    expect(await ledgerRows(a)).toHaveLength(0)
  })
})

describe('database guarantees', () => {
  it('refuses a negative balance even from raw SQL', async () => {
    const user = await createLearner(app.payload)
    await expect(sql.query('UPDATE users SET coins = -1 WHERE id = $1', [user])).rejects.toMatchObject({ code: '23514' })
  })

  it('keeps the ledger append-only and its keys unique per learner', async () => {
    const user = await createLearner(app.payload)
    const { id } = await give(user, { key: 'once' })
    await expect(sql.query('UPDATE reward_ledger SET delta = 100 WHERE id = $1', [id])).rejects.toThrow(/append-only/)
    await expect(sql.query('DELETE FROM reward_ledger WHERE id = $1', [id])).rejects.toThrow(/append-only/)
    await expect(
      sql.query(
        `INSERT INTO reward_ledger (user_id, currency, delta, balance_after, reason, idempotency_key) VALUES ($1, 'tickets', 1, 1, 'x', 'once')`,
        [user],
      ),
    ).rejects.toMatchObject({ code: '23505' })
  })

  it('cannot hard-delete a learner who has ledger rows', async () => {
    const user = await createLearner(app.payload)
    await give(user)
    await expect(sql.query('DELETE FROM users WHERE id = $1', [user])).rejects.toThrow(/append-only/)
    const admin = await createUser(app.payload, app.baseUrl, 'admin')
    const res = await api(app.baseUrl, 'DELETE', `/api/users/${user}`, { token: admin.token })
    expect(res.status).toBe(409)
    expect(res.body.errors[0].code).toBe('kept_by_ledger')
    expect((await app.payload.count({ collection: 'users', where: { id: { equals: user } }, overrideAccess: true })).totalDocs).toBe(1)
  })
})

describe('the ledger through the API', () => {
  it('learners read their own rows only, and nobody writes rows through the API', async () => {
    const a = await createUser(app.payload, app.baseUrl, 'learner')
    const b = await createUser(app.payload, app.baseUrl, 'learner')
    const admin = await createUser(app.payload, app.baseUrl, 'admin')
    await give(a.id, { key: 'a-row' })
    await give(b.id, { key: 'b-row' })
    const mine = await api(app.baseUrl, 'GET', '/api/reward-ledger?depth=0', { token: a.token })
    expect(mine.body.docs.map((d: { idempotencyKey: string }) => d.idempotencyKey)).toEqual(['a-row'])
    const body = { user: a.id, currency: 'coins', delta: 1000, balanceAfter: 1000, reason: 'x', idempotencyKey: 'forged' }
    for (const token of [a.token, admin.token]) {
      expect((await api(app.baseUrl, 'POST', '/api/reward-ledger', { token, body })).status).toBe(403)
    }
    expect((await balances(app.payload, a.id)).coins).toBe(0)
  })
})

describe('economy:verify', () => {
  it('passes when balances match the ledger and fails, naming the difference, on a corrupted balance', async () => {
    expect(await findBalanceMismatches(app.payload.db.pool)).toEqual([])
    const script = path.join(projectRoot, 'src/scripts/economyVerify.ts')
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', DATABASE_URL: app.databaseUrl }
    const ok = await promisify(execFile)(process.execPath, ['--conditions=production', '--import', 'tsx', script], { cwd: projectRoot, env, encoding: 'utf8' }).catch((e: { code?: number; signal?: string; stdout?: string; stderr?: string }) => {
      // Say everything about a failed run: exit code, signal and both streams.
      throw new Error(`verify exited ${e.code} (signal ${e.signal}); stdout: ${e.stdout}; stderr: ${e.stderr}`)
    })
    expect(ok.stdout).toContain('every balance and weekly XP total equals')

    const user = await createLearner(app.payload)
    await give(user, { currency: 'coins', amount: 10 })
    await sql.query('UPDATE users SET coins = 15 WHERE id = $1', [user])
    expect(await findBalanceMismatches(app.payload.db.pool)).toEqual([{ user, currency: 'coins', balance: 15, ledger: 10 }])
    const failed = await promisify(execFile)(process.execPath, ['--conditions=production', '--import', 'tsx', script], { cwd: projectRoot, env, encoding: 'utf8' }).catch(
      (e: unknown) => e as { code: number; stderr: string },
    )
    expect((failed as { code: number }).code).toBe(1)
    expect((failed as { stderr: string }).stderr).toContain(`user ${user} coins: balance 15, ledger 10`)
    await sql.query('UPDATE users SET coins = 10 WHERE id = $1', [user])

    // A weekly XP total the leaderboard reads, off from its week's ledger rows, is named too.
    await give(user, { currency: 'xp', amount: 7 })
    expect(await findBalanceMismatches(app.payload.db.pool)).toEqual([])
    const { rows } = await sql.query<{ week: string }>(
      `UPDATE weekly_xp SET xp = 9 WHERE user_id = $1 RETURNING to_char(week_start AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS week`,
      [user],
    )
    expect(await findBalanceMismatches(app.payload.db.pool)).toEqual([{ user, currency: `weekly_xp:${rows[0]!.week}`, balance: 9, ledger: 7 }])
    await sql.query('DELETE FROM weekly_xp WHERE user_id = $1', [user])
    expect(await findBalanceMismatches(app.payload.db.pool)).toEqual([{ user, currency: `weekly_xp:${rows[0]!.week}`, balance: 0, ledger: 7 }])
    await sql.query(`INSERT INTO weekly_xp (user_id, week_start, xp) VALUES ($1, $2::date, 7)`, [user, rows[0]!.week])
    expect(await findBalanceMismatches(app.payload.db.pool)).toEqual([])
  }, 60_000)

  it('still checks the balances of a database older than weekly_xp (a restored backup), and skips the weekly totals there', async () => {
    const user = await createLearner(app.payload)
    await give(user, { currency: 'coins', amount: 10 })
    await sql.query('UPDATE users SET coins = 15 WHERE id = $1', [user])
    // The same users and ledger seen through a schema without weekly_xp, as before its migration.
    // Were the weekly check not skipped there, its query would fail on the missing table.
    await sql.query('CREATE SCHEMA before_weekly_xp')
    await sql.query('CREATE VIEW before_weekly_xp.users AS SELECT * FROM public.users')
    await sql.query('CREATE VIEW before_weekly_xp.reward_ledger AS SELECT * FROM public.reward_ledger')
    const older = new pg.Pool({ connectionString: app.databaseUrl, options: '-c search_path=before_weekly_xp' })
    try {
      expect((await older.query(`SELECT to_regclass('weekly_xp') AS t`)).rows).toEqual([{ t: null }])
      expect(await findBalanceMismatches(older)).toEqual([{ user, currency: 'coins', balance: 15, ledger: 10 }])
    } finally {
      await older.end()
      await sql.query('DROP SCHEMA before_weekly_xp CASCADE')
      await sql.query('UPDATE users SET coins = 10 WHERE id = $1', [user])
    }
    expect(await findBalanceMismatches(app.payload.db.pool)).toEqual([])
  })
})
