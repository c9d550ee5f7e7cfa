import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import pg from 'pg'

import { setClock } from '../../src/clock'
import { findBalanceMismatches } from '../../src/services/economy/verify'
import { api, createUser } from '../helpers/http'
import type { TestUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'
import { createWorld } from '../journey/world'

/**
 * DESIGN §4 rule 13: whatever times a client claims and however often the time zone changes,
 * a learner earns no more than the real days since sign-up allow.
 */
let app: TestApp
let sql: pg.Client
let blockId: number
let questId: number

const HOUR = 3_600_000
const T = new Date('2026-12-10T10:00:00Z')

let clock = T
const at = (time: Date | string) => {
  clock = new Date(time)
  setClock(clock)
}

beforeAll(async () => {
  app = await startTestApp()
  sql = new pg.Client({ connectionString: app.databaseUrl })
  await sql.connect()
  const [d] = await createWorld(app.payload, { districts: 1, modules: 1, venues: 0 })
  blockId = (
    await app.payload.create({
      collection: 'knowledge-blocks',
      data: {
        module: d!.moduleIds[0],
        title: 'Calm',
        order: 5,
        _status: 'published',
        exercises: [{ blockType: 'singleChoice', prompt: 'Pick the calm one', options: [{ value: 'pause', label: 'Pause' }, { value: 'rush', label: 'Rush' }], answerKey: { correct: 'pause' } }],
      } as never,
      overrideAccess: true,
      depth: 0,
    })
  ).id as number
  questId = (
    await app.payload.create({
      collection: 'quest-definitions',
      data: { key: 'one-exercise', title: 'One exercise', activity: 'exercise', target: 1, xpReward: 10, coinReward: 5, active: true, _status: 'published' } as never,
      overrideAccess: true,
    })
  ).id as number
})

afterEach(() => {
  setClock(() => new Date())
})

afterAll(async () => {
  setClock(() => new Date())
  expect(await findBalanceMismatches(app.payload.db.pool)).toEqual([])
  await sql?.end()
  await app?.close()
})

/** A learner who signs up at the clock's current time. */
const signUp = () => createUser(app.payload, app.baseUrl)

const exercise = (learner: TestUser, clientTime?: Date) =>
  api(app.baseUrl, 'POST', '/api/learn/exercises', {
    token: learner.token,
    body: { knowledgeBlockId: blockId, exerciseIndex: 0, answer: 'pause' },
    headers: clientTime ? { 'client-time': clientTime.toISOString() } : {},
  })

const moveTo = (learner: TestUser, timezone: string) =>
  api(app.baseUrl, 'PATCH', `/api/users/${learner.id}`, { token: learner.token, body: { profile: { timezone } } })

async function stateOf(learner: TestUser) {
  const rewarded = (
    await sql.query(`SELECT local_day AS day, count(*)::int AS n FROM exercise_attempts WHERE user_id = $1 AND rewarded GROUP BY 1 ORDER BY 1`, [learner.id])
  ).rows as { day: string; n: number }[]
  const quests = (await sql.query(`SELECT day FROM daily_quests WHERE user_id = $1 AND quest_definition_id = $2 AND completed ORDER BY day`, [learner.id, questId])).rows.map((r) => r.day)
  const [user] = (await sql.query(`SELECT current_streak::int AS current, longest_streak::int AS longest, xp::int AS xp, created_at FROM users WHERE id = $1`, [learner.id])).rows
  return { rewarded, quests, streak: { current: user.current, longest: user.longest }, xp: user.xp as number, createdAt: new Date(user.created_at) }
}

describe('client-claimed time', () => {
  it('never goes before sign-up: four "days" of one minute pay one day’s cap, one quest and a one-day streak', async () => {
    at(T)
    const learner = await signUp()
    at(new Date(T.getTime() + 60_000))
    const answers = []
    for (const back of [0, 24, 48, 71]) {
      for (let i = 0; i < 4; i++) answers.push(await exercise(learner, back ? new Date(clock.getTime() - back * HOUR) : undefined))
    }
    expect(answers.every((r) => r.status === 201)).toBe(true)
    for (const res of answers.slice(4)) {
      // Moved forward to the sign-up (or the last counted action), never to a day before it.
      expect(res.headers.get('client-time-trusted')).toBe('false')
      expect(new Date(res.headers.get('client-time-applied')!).getTime()).toBeGreaterThanOrEqual(T.getTime())
    }
    const state = await stateOf(learner)
    expect(state.rewarded).toEqual([{ day: '2026-12-10', n: 3 }])
    expect(state.quests).toEqual(['2026-12-10'])
    expect(state.streak).toEqual({ current: 1, longest: 1 })
  })

  it('never goes before the last counted action: an old account cannot reopen the days it skipped once it has acted today', async () => {
    at(new Date(T.getTime() - 10 * 24 * HOUR))
    const learner = await signUp()
    at(T)
    expect((await exercise(learner)).status).toBe(201)
    for (const back of [24, 48, 71]) {
      const res = await exercise(learner, new Date(T.getTime() - back * HOUR))
      expect(res.status).toBe(201)
      expect(res.headers.get('client-time-trusted')).toBe('false')
      expect(res.headers.get('client-time-applied')).toBe(T.toISOString())
    }
    const state = await stateOf(learner)
    expect(state.rewarded).toEqual([{ day: '2026-12-10', n: 3 }])
    expect(state.streak.current).toBe(1)
  })

  it('still believes a genuine offline queue, replayed in order, on the days it was lived', async () => {
    at(new Date(T.getTime() - 10 * 24 * HOUR))
    const learner = await signUp()
    at(T)
    for (const back of [50, 26, 0]) {
      const res = await exercise(learner, new Date(T.getTime() - back * HOUR))
      expect(res.headers.get('client-time-trusted')).toBe('true')
    }
    const state = await stateOf(learner)
    expect(state.rewarded.map((r) => r.day)).toEqual(['2026-12-08', '2026-12-09', '2026-12-10'])
    expect(state.streak.current).toBe(3)
  })

  it('cannot be moved back by editing the account: createdAt and the derived time fields are the server’s', async () => {
    at(T)
    const learner = await signUp()
    const res = await api(app.baseUrl, 'PATCH', `/api/users/${learner.id}`, {
      token: learner.token,
      body: { createdAt: '2020-01-01T00:00:00.000Z', lastActionAt: '2020-01-01T00:00:00.000Z', timezonePrevious: 'Pacific/Kiritimati', timezoneChangesAt: '2030-01-01T00:00:00.000Z' },
    })
    expect(res.status).toBeLessThan(500)
    const [row] = (await sql.query('SELECT created_at, last_action_at, timezone_previous, timezone_changes_at FROM users WHERE id = $1', [learner.id])).rows
    expect(row).toEqual({ created_at: T, last_action_at: null, timezone_previous: null, timezone_changes_at: null })
  })
})

describe('time-zone changes', () => {
  it('a hop east (UTC → Pacific/Kiritimati) opens no new day at once: the cap and the streak wait for the next UTC midnight', async () => {
    at('2026-12-10T09:00:00Z')
    const learner = await signUp()
    for (let i = 0; i < 3; i++) await exercise(learner)
    // 10:00 UTC is already Dec 11 in Kiritimati (UTC+14).
    at('2026-12-10T10:00:00Z')
    expect((await moveTo(learner, 'Pacific/Kiritimati')).status).toBe(200)
    const [row] = (await sql.query('SELECT profile_timezone, timezone_previous, timezone_changes_at FROM users WHERE id = $1', [learner.id])).rows
    expect(row).toEqual({ profile_timezone: 'Pacific/Kiritimati', timezone_previous: 'UTC', timezone_changes_at: new Date('2026-12-11T00:00:00Z') })
    const same = await exercise(learner)
    expect(same.body).toMatchObject({ xpEarned: 0, rewardsLeftToday: 0 })
    expect((await api(app.baseUrl, 'GET', '/api/learn/quests', { token: learner.token })).body.day).toBe('2026-12-10')
    expect((await stateOf(learner)).streak.current).toBe(1)
    // From the next UTC midnight on, the new zone's calendar counts: Dec 11 in Kiritimati.
    at('2026-12-11T00:30:00Z')
    expect((await exercise(learner)).body.xpEarned).toBeGreaterThan(0)
    expect((await api(app.baseUrl, 'GET', '/api/learn/quests', { token: learner.token })).body.day).toBe('2026-12-11')
    const home = await api(app.baseUrl, 'GET', '/api/learn/home', { token: learner.token })
    expect(home.status).toBe(200)
    const state = await stateOf(learner)
    expect(state.rewarded).toEqual([
      { day: '2026-12-10', n: 3 },
      { day: '2026-12-11', n: 1 },
    ])
    expect(state.streak.current).toBe(2)
  })

  it('a hop west (Kiritimati → Honolulu) never brings a day back: today lasts until Honolulu reaches tomorrow', async () => {
    at('2026-12-10T01:00:00Z')
    const learner = await signUp()
    await moveTo(learner, 'Pacific/Kiritimati')
    // Kiritimati 15:00 on Dec 10; Honolulu is still on Dec 9.
    at('2026-12-10T01:00:00Z')
    for (let i = 0; i < 3; i++) await exercise(learner)
    expect((await moveTo(learner, 'Pacific/Honolulu')).status).toBe(200)
    at('2026-12-10T08:00:00Z')
    // Dec 9 does not come back (Honolulu's date at 08:00 UTC): the day is still Dec 10, its cap spent.
    expect((await exercise(learner)).body.xpEarned).toBe(0)
    // Kiritimati's Dec 11 begins at 10:00 UTC, Honolulu's at Dec 11 10:00 UTC: the change waits for both.
    at('2026-12-10T12:00:00Z')
    expect((await exercise(learner)).body.xpEarned).toBeGreaterThan(0)
    at('2026-12-11T09:00:00Z')
    expect((await api(app.baseUrl, 'GET', '/api/learn/quests', { token: learner.token })).body.day).toBe('2026-12-11')
    at('2026-12-11T11:00:00Z')
    expect((await exercise(learner)).body.xpEarned).toBeGreaterThan(0)
    const state = await stateOf(learner)
    expect(state.rewarded).toEqual([
      { day: '2026-12-10', n: 3 },
      { day: '2026-12-11', n: 2 },
    ])
    expect(state.streak.current).toBe(2)
  })

  it('zones a whole day apart (Honolulu → Kiritimati) skip a date without breaking the streak', async () => {
    at('2026-12-10T12:00:00Z')
    const learner = await signUp()
    await moveTo(learner, 'Pacific/Honolulu')
    // Honolulu 02:00 on Dec 10.
    await exercise(learner)
    expect((await moveTo(learner, 'Pacific/Kiritimati')).status).toBe(200)
    // Still Dec 10 in Honolulu until Dec 11 10:00 UTC, which is already Dec 12 in Kiritimati.
    at('2026-12-11T09:00:00Z')
    await exercise(learner)
    at('2026-12-11T11:00:00Z')
    await exercise(learner)
    const state = await stateOf(learner)
    expect(state.rewarded).toEqual([
      { day: '2026-12-10', n: 2 },
      { day: '2026-12-12', n: 1 },
    ])
    expect(state.streak.current).toBe(2)
  })

  it('a redone onboarding follows the same rule', async () => {
    at('2026-12-10T09:00:00Z')
    const learner = await signUp()
    for (let i = 0; i < 3; i++) await exercise(learner)
    at('2026-12-10T10:00:00Z')
    const answers = {
      jobRole: 'manager',
      typicalAudience: 'team_members',
      mainGoal: 'improve_clarity',
      comfortUnderPressure: 'manage_well',
      timePressureProfile: 'deadline',
      preferredPracticeTime: 'morning',
      dailyGoalMinutes: 10,
      timezone: 'Pacific/Kiritimati',
    }
    const res = await api(app.baseUrl, 'POST', '/api/learn/onboarding', { token: learner.token, body: answers })
    if (res.status !== 200) throw new Error(res.text)
    expect((await exercise(learner)).body.xpEarned).toBe(0)
    expect((await sql.query('SELECT timezone_changes_at FROM users WHERE id = $1', [learner.id])).rows[0].timezone_changes_at).toEqual(new Date('2026-12-11T00:00:00Z'))
  })
})

describe('property: no action sequence earns more than the real days since sign-up', () => {
  const zones = ['UTC', 'Pacific/Kiritimati', 'Pacific/Honolulu', 'Pacific/Pago_Pago', 'Asia/Tokyo', 'America/New_York', 'Europe/London']
  const step = fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('exercise' as const), backMinutes: fc.option(fc.integer({ min: -10, max: 80 * 60 }), { nil: undefined }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('zone' as const), zone: fc.constantFrom(...zones) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 30 * 60 }) }) },
  )

  it('holds for any Client-Time values, waits and time-zone changes', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? 23)
    let start = new Date('2027-01-05T00:00:00Z').getTime()
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 24 * 60 - 1 }), fc.array(step, { minLength: 1, maxLength: 14 }), async (signUpMinute, steps) => {
        // Each run in a later week of its own, so runs never share a day.
        start += 14 * 24 * HOUR
        at(new Date(start + signUpMinute * 60_000))
        const learner = await signUp()
        for (const s of steps) {
          if (s.kind === 'wait') at(new Date(clock.getTime() + s.minutes * 60_000))
          else if (s.kind === 'zone') expect((await moveTo(learner, s.zone)).status).toBe(200)
          else expect((await exercise(learner, s.backMinutes === undefined ? undefined : new Date(clock.getTime() - s.backMinutes * 60_000))).status).toBe(201)
        }
        const state = await stateOf(learner)
        // Calendar days a span can touch: one more than its whole days.
        const days = Math.ceil((clock.getTime() - state.createdAt.getTime()) / (24 * HOUR)) + 1
        expect(state.rewarded.length).toBeLessThanOrEqual(days)
        for (const d of state.rewarded) expect(d.n).toBeLessThanOrEqual(3)
        expect(state.quests.length).toBeLessThanOrEqual(days)
        expect(state.streak.longest).toBeLessThanOrEqual(days)
      }),
      { numRuns: Number(process.env.FUZZ_SCALE ?? 1) * 30, seed },
    )
  }, 180_000)
})
