import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'

import { runSeeds } from '../../seeds'
import { setClock } from '../../src/clock'
import { withTransaction } from '../../src/db/transaction'
import { recordActivity } from '../../src/services/activity/record'
import { grant } from '../../src/services/economy/ledger'
import { findBalanceMismatches } from '../../src/services/economy/verify'
import { api, createUser } from '../helpers/http'
import { balances, createLearner } from '../helpers/learners'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

let app: TestApp
let restore: () => void = () => undefined

beforeAll(async () => {
  app = await startTestApp()
  await runSeeds({ payload: app.payload, log: () => undefined, stats: { created: 0, updated: 0, unchanged: 0 } }, ['economy', 'quests'])
})

afterEach(() => restore())

afterAll(async () => {
  expect(await findBalanceMismatches(app.payload.db.pool)).toEqual([])
  await app?.close()
})

const at = (iso: string) => {
  restore = setClock(new Date(iso))
}
const act = (user: number, activity: Parameters<typeof recordActivity>[2] = 'review') =>
  withTransaction(app.payload, (tx) => recordActivity(tx, user, activity))
const streakOf = async (user: number) => (await act(user)).streak

describe('streaks (rule 7)', () => {
  it('grow on consecutive local days, stay on the same day, and reset after a gap', async () => {
    const user = await createLearner(app.payload)
    at('2026-11-02T09:00:00Z')
    expect(await streakOf(user)).toMatchObject({ current: 1, longest: 1 })
    at('2026-11-02T22:00:00Z')
    expect(await streakOf(user)).toMatchObject({ current: 1 })
    at('2026-11-03T08:00:00Z')
    expect(await streakOf(user)).toMatchObject({ current: 2, longest: 2 })
    at('2026-11-04T08:00:00Z')
    expect(await streakOf(user)).toMatchObject({ current: 3, longest: 3 })
    at('2026-11-06T08:00:00Z')
    expect(await streakOf(user)).toMatchObject({ current: 1, longest: 3, freezeUsed: false })
    const doc = await app.payload.findByID({ collection: 'users', id: user, depth: 0, overrideAccess: true })
    expect(doc).toMatchObject({ currentStreak: 1, longestStreak: 3 })
    expect(String(doc.lastActiveDay)).toMatch(/^2026-11-06/)
  })

  it('spends a streak freeze, through the ledger, to bridge exactly one missed day', async () => {
    const user = await createLearner(app.payload)
    await withTransaction(app.payload, (tx) => grant(tx, { user, currency: 'streak_freezes', amount: 1, reason: 'test', key: 'freeze' }))
    at('2026-11-10T12:00:00Z')
    await act(user)
    at('2026-11-11T12:00:00Z')
    await act(user)
    at('2026-11-13T12:00:00Z') // the 12th is missed
    expect(await streakOf(user)).toMatchObject({ current: 3, freezeUsed: true })
    expect((await balances(app.payload, user)).streakFreezes).toBe(0)
    at('2026-11-15T12:00:00Z') // the 14th is missed, and no freeze is left
    expect(await streakOf(user)).toMatchObject({ current: 1, freezeUsed: false })
  })

  it('uses each learner’s own day boundary (UTC+13 and UTC−10)', async () => {
    const tonga = await createLearner(app.payload, { timezone: 'Pacific/Tongatapu' })
    const honolulu = await createLearner(app.payload, { timezone: 'Pacific/Honolulu' })
    // 10:30 UTC on the 24th: Tonga 23:30 on the 24th, Honolulu 00:30 on the 24th
    at('2026-11-24T10:30:00Z')
    expect((await act(tonga)).day).toBe('2026-11-24')
    expect((await act(honolulu)).day).toBe('2026-11-24')
    // 11:30 UTC on the 25th: Tonga 00:30 on the 26th (the 25th was missed), Honolulu 01:30 on the 25th
    at('2026-11-25T11:30:00Z')
    const t = await act(tonga)
    const h = await act(honolulu)
    expect(t).toMatchObject({ day: '2026-11-26', streak: { current: 1 } })
    expect(h).toMatchObject({ day: '2026-11-25', streak: { current: 2 } })
  })
})

describe('daily quests (rule 8)', () => {
  it('are listed for the learner’s day and complete and pay once', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    at('2026-11-20T10:00:00Z')
    const list = await api(app.baseUrl, 'GET', '/api/learn/quests', { token: learner.token })
    expect(list.status).toBe(200)
    expect(list.body.day).toBe('2026-11-20')
    const lessonQuest = list.body.quests.find((q: { key: string }) => q.key === 'daily-lesson-steps')
    expect(lessonQuest).toMatchObject({ progress: 0, target: 3, completed: false })
    expect(list.body.quests.map((q: { key: string }) => q.key)).not.toContain('daily-review') // inactive

    for (let i = 0; i < 2; i++) expect((await act(learner.id, 'lesson_step')).questsCompleted).toEqual([])
    expect((await act(learner.id, 'lesson_step')).questsCompleted).toEqual([lessonQuest.id])
    expect((await act(learner.id, 'lesson_step')).questsCompleted).toEqual([])
    expect(await balances(app.payload, learner.id)).toMatchObject({ xp: 15, coins: 5 })
    const after = await api(app.baseUrl, 'GET', '/api/learn/quests', { token: learner.token })
    expect(after.body.quests.find((q: { key: string }) => q.key === 'daily-lesson-steps')).toMatchObject({ progress: 3, completed: true })

    // A new local day brings fresh instances.
    at('2026-11-21T10:00:00Z')
    const next = await api(app.baseUrl, 'GET', '/api/learn/quests', { token: learner.token })
    expect(next.body.quests.find((q: { key: string }) => q.key === 'daily-lesson-steps')).toMatchObject({ progress: 0, completed: false })
  })

  it('pay once when the completing activity arrives twice in parallel', async () => {
    const user = await createLearner(app.payload)
    at('2026-11-22T10:00:00Z')
    const results = await Promise.all(Array.from({ length: 6 }, () => act(user, 'exercise')))
    expect(results.flatMap((r) => r.questsCompleted)).toHaveLength(1)
    expect(await balances(app.payload, user)).toMatchObject({ xp: 10, coins: 5 })
  })

  it('answer 401 to an anonymous caller', async () => {
    expect((await api(app.baseUrl, 'GET', '/api/learn/quests')).status).toBe(401)
  })
})

describe('streak multiplier', () => {
  it('is min(1 + 0.1·streak, 2.0) by default and follows the economy global', async () => {
    const { streakMultiplier, streakSettings } = await import('../../src/services/economy/settings')
    expect([0, 1, 5, 10, 30].map((s) => streakMultiplier(s))).toEqual([1, 1.1, 1.5, 2, 2])
    await app.payload.updateGlobal({ slug: 'economy', data: { streakMultiplierStep: 0.25, streakMultiplierCap: 1.5 }, overrideAccess: true })
    const settings = await withTransaction(app.payload, (tx) => streakSettings(tx))
    expect(settings).toEqual({ step: 0.25, cap: 1.5 })
    expect(streakMultiplier(1, settings)).toBe(1.25)
    expect(streakMultiplier(9, settings)).toBe(1.5)
  })
})
