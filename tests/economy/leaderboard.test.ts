import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'

import { setClock } from '../../src/clock'
import { withTransaction } from '../../src/db/transaction'
import { isoWeek } from '../../src/services/economy/leaderboard'
import { grant, spend } from '../../src/services/economy/ledger'
import { api, createUser } from '../helpers/http'
import type { TestUser } from '../helpers/http'
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
