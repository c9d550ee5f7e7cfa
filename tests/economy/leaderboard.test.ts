import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'

import { setClock } from '../../src/clock'
import { withTransaction } from '../../src/db/transaction'
import { backfillWeeklyXp } from '../../src/migrations/20261202_081100_weekly_xp_backfill'
import { isoWeek, weeklyLeaderboard } from '../../src/services/economy/leaderboard'
import { grant, spend } from '../../src/services/economy/ledger'
import { api, createUser } from '../helpers/http'
import type { TestUser } from '../helpers/http'
import { recordQueries } from '../helpers/queries'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

let app: TestApp
let restore: () => void = () => undefined

beforeAll(async () => {
  app = await startTestApp()
})

afterEach(() => restore())

afterAll(async () => {
  await app?.close()
})

const xp = (user: number, amount: number, at: string) => {
  restore = setClock(new Date(at))
  return withTransaction(app.payload, (tx) => grant(tx, { user, currency: 'xp', amount, reason: 'test', key: `xp:${Math.random()}` }))
}

describe('isoWeek', () => {
  it('runs from Monday 00:00 UTC to the next Monday', () => {
    expect(isoWeek(new Date('2026-11-25T13:00:00Z'))).toEqual({ from: new Date('2026-11-23T00:00:00Z'), to: new Date('2026-11-30T00:00:00Z') })
    expect(isoWeek(new Date('2026-11-29T23:59:59Z')).from).toEqual(new Date('2026-11-23T00:00:00Z'))
    expect(isoWeek(new Date('2026-11-30T00:00:00Z')).from).toEqual(new Date('2026-11-30T00:00:00Z'))
  })
})

describe('GET /api/learn/leaderboard?period=week', () => {
  it('ranks this week’s XP from the ledger, top 50 plus the caller', async () => {
    const learners: TestUser[] = []
    for (let i = 0; i < 53; i++) learners.push(await createUser(app.payload, app.baseUrl))
    // 52 learners earn 10..520 XP this week; the last one earns a lot, but last week.
    for (const [i, l] of learners.slice(0, 52).entries()) await xp(l.id, (i + 1) * 10, '2026-11-24T10:00:00Z')
    const old = learners[52]!
    await xp(old.id, 10_000, '2026-11-20T10:00:00Z')
    // A correction this week counts against the total.
    restore = setClock(new Date('2026-11-25T09:00:00Z'))
    await withTransaction(app.payload, (tx) => spend(tx, { user: learners[51]!.id, currency: 'xp', amount: 515, reason: 'test', key: 'correction' }))

    restore = setClock(new Date('2026-11-26T12:00:00Z'))
    const res = await api(app.baseUrl, 'GET', '/api/learn/leaderboard?period=week', { token: learners[0]!.token })
    expect(res.status).toBe(200)
    const { top, me, from } = res.body
    expect(from).toBe('2026-11-23T00:00:00.000Z')
    expect(top).toHaveLength(50)
    expect(top[0]).toMatchObject({ rank: 1, user: learners[50]!.id, xp: 510 })
    expect(top.map((r: { user: number }) => r.user)).not.toContain(old.id)
    // learners[0] (10 XP) and learners[51] (520 − 515 = 5 XP) are outside the top 50
    expect(me).toMatchObject({ user: learners[0]!.id, xp: 10, rank: 51 })

    const lowest = await api(app.baseUrl, 'GET', '/api/learn/leaderboard', { token: learners[51]!.token })
    expect(lowest.body.me).toMatchObject({ xp: 5, rank: 52 })
    const none = await api(app.baseUrl, 'GET', '/api/learn/leaderboard', { token: old.token })
    expect(none.body.me).toBeNull()
  }, 120_000)

  it('needs a signed-in caller and a known period', async () => {
    expect((await api(app.baseUrl, 'GET', '/api/learn/leaderboard')).status).toBe(401)
    const learner = await createUser(app.payload, app.baseUrl)
    const res = await api(app.baseUrl, 'GET', '/api/learn/leaderboard?period=decade', { token: learner.token })
    expect(res.status).toBe(422)
  })
})

/** The weekly totals the ledger keeps, and the same totals summed from its XP rows, per week. */
async function weeklyTotals(user: number) {
  const { rows: kept } = await app.payload.db.pool.query<{ week: Date; xp: string }>(
    `SELECT week_start AS week, xp FROM weekly_xp WHERE user_id = $1 ORDER BY week_start`,
    [user],
  )
  const { rows: summed } = await app.payload.db.pool.query<{ week: Date; xp: string }>(
    `SELECT date_trunc('week', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS week, sum(delta) AS xp
       FROM reward_ledger WHERE user_id = $1 AND currency = 'xp' GROUP BY 1 ORDER BY 1`,
    [user],
  )
  const shape = (rows: { week: Date; xp: string }[]) => rows.map((r) => ({ week: r.week.toISOString(), xp: Number(r.xp) }))
  return { kept: shape(kept), summed: shape(summed) }
}

describe('weekly XP totals kept by the ledger', () => {
  it('equal the sum of each ISO week’s XP rows: grants, spends, other currencies and replays', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    const change = (currency: 'xp' | 'coins', amount: number, key: string) => ({ user: learner.id, currency, amount, reason: 'test', key })
    restore = setClock(new Date('2026-11-22T23:59:59Z')) // Sunday: the week of Monday 16th
    await withTransaction(app.payload, (tx) => grant(tx, change('xp', 40, 'sunday')))
    restore = setClock(new Date('2026-11-23T00:00:00Z')) // Monday: a new week
    await withTransaction(app.payload, (tx) => grant(tx, change('xp', 25, 'monday')))
    await withTransaction(app.payload, (tx) => grant(tx, change('xp', 25, 'monday'))) // a replay pays nothing
    await withTransaction(app.payload, (tx) => grant(tx, change('coins', 500, 'coins')))
    await withTransaction(app.payload, (tx) => spend(tx, change('xp', 5, 'correction')))

    const { kept, summed } = await weeklyTotals(learner.id)
    expect(kept).toEqual([
      { week: '2026-11-16T00:00:00.000Z', xp: 40 },
      { week: '2026-11-23T00:00:00.000Z', xp: 20 },
    ])
    expect(kept).toEqual(summed)
  })

  it('lose no update when one learner earns XP in many transactions at once', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    restore = setClock(new Date('2026-11-25T12:00:00Z'))
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        withTransaction(app.payload, (tx) => grant(tx, { user: learner.id, currency: 'xp', amount: i + 1, reason: 'test', key: `burst:${i}` })),
      ),
    )
    const { kept, summed } = await weeklyTotals(learner.id)
    expect(kept).toEqual([{ week: '2026-11-23T00:00:00.000Z', xp: 78 }])
    expect(kept).toEqual(summed)
  })

  it('roll back with the action that earned the XP', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    restore = setClock(new Date('2026-11-25T12:00:00Z'))
    await withTransaction(app.payload, (tx) => grant(tx, { user: learner.id, currency: 'xp', amount: 10, reason: 'test', key: 'kept' }))
    await expect(
      withTransaction(app.payload, async (tx) => {
        await grant(tx, { user: learner.id, currency: 'xp', amount: 90, reason: 'test', key: 'rolled-back' })
        throw new Error('the action failed after paying')
      }),
    ).rejects.toThrow('the action failed after paying')
    expect((await weeklyTotals(learner.id)).kept).toEqual([{ week: '2026-11-23T00:00:00.000Z', xp: 10 }])
  })

  it('are rebuilt from the ledger by the migration’s backfill', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    await xp(learner.id, 30, '2026-11-10T08:00:00Z')
    await xp(learner.id, 12, '2026-11-24T08:00:00Z')
    await xp(learner.id, 8, '2026-11-29T23:00:00Z')
    // As if the table were new (the migration creates it empty) or had drifted.
    await app.payload.db.pool.query(`DELETE FROM weekly_xp WHERE user_id = $1 AND week_start = '2026-11-09T00:00:00Z'`, [learner.id])
    await app.payload.db.pool.query(`UPDATE weekly_xp SET xp = 999 WHERE user_id = $1`, [learner.id])
    await backfillWeeklyXp(app.payload.db.drizzle)
    const { kept, summed } = await weeklyTotals(learner.id)
    expect(kept).toEqual([
      { week: '2026-11-09T00:00:00.000Z', xp: 30 },
      { week: '2026-11-23T00:00:00.000Z', xp: 20 },
    ])
    expect(kept).toEqual(summed)
  })
})

describe('the board from the weekly totals', () => {
  it('reads the totals, not the ledger, in one statement', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    const statements = await recordQueries(app.payload.db.pool, () => api(app.baseUrl, 'GET', '/api/learn/leaderboard', { token: learner.token }))
    const board = statements.filter((q) => q.includes('weekly_xp'))
    expect(board).toHaveLength(1)
    expect(statements.some((q) => q.includes('reward_ledger'))).toBe(false)
  })

  it('gives ties one rank and keeps everyone tied with the N-th', async () => {
    // A week of its own, so earlier tests' learners are not on this board; a top 3 of 6.
    restore = setClock(new Date('2027-01-05T10:00:00Z'))
    const learners: TestUser[] = []
    for (let i = 0; i < 6; i++) learners.push(await createUser(app.payload, app.baseUrl))
    const amounts = [500, 400, 100, 100, 100, 50]
    for (const [i, l] of learners.entries()) {
      await withTransaction(app.payload, (tx) => grant(tx, { user: l.id, currency: 'xp', amount: amounts[i]!, reason: 'test', key: 'tie' }))
    }
    const board = await withTransaction(app.payload, (tx) => weeklyLeaderboard(tx, learners[5]!.id, 3))
    expect(board.top.map((r) => [r.rank, r.user, r.xp])).toEqual([
      [1, learners[0]!.id, 500],
      [2, learners[1]!.id, 400],
      ...learners.slice(2, 5).map((l) => [3, l.id, 100]),
    ])
    expect(board.me).toMatchObject({ rank: 6, xp: 50 })
    // A caller inside the top is listed once, with the top's rank.
    const inside = await withTransaction(app.payload, (tx) => weeklyLeaderboard(tx, learners[3]!.id, 3))
    expect(inside.me).toMatchObject({ rank: 3, user: learners[3]!.id, xp: 100 })
    expect(inside.top).toHaveLength(5)
  })
})
