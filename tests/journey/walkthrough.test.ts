import { afterAll, beforeAll, expect, it } from '@jest/globals'
import pg from 'pg'

import { runSeeds } from '../../seeds'
import { findBalanceMismatches } from '../../src/services/economy/verify'
import { api } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'
import { validAnswer } from './helpers'

let app: TestApp
let sql: pg.Client

beforeAll(async () => {
  app = await startTestApp()
  sql = new pg.Client({ connectionString: app.databaseUrl })
  await sql.connect()
  await runSeeds({ payload: app.payload, log: () => undefined, stats: { created: 0, updated: 0, unchanged: 0 } }, ['economy', 'world', 'curriculum', 'quests'])
})

afterAll(async () => {
  expect(await findBalanceMismatches(app.payload.db.pool)).toEqual([])
  await sql?.end()
  await app?.close()
})

const paid = async (user: number, reason: string) => {
  const rows = (await sql.query(`SELECT currency, sum(delta)::int AS total FROM reward_ledger WHERE user_id = $1 AND reason = $2 GROUP BY currency`, [user, reason])).rows
  const of = (c: string) => rows.find((r) => r.currency === c)?.total ?? 0
  return { xp: of('xp'), tickets: of('tickets') }
}
const eventTypes = async (user: number) => (await sql.query('SELECT type FROM analytics_events WHERE user_id = $1 ORDER BY occurred_at, type', [user])).rows.map((r) => r.type as string)

it('walks a new learner from sign-up to full access of District 1 (A → B → C → D)', async () => {
  // Sign up and onboard.
  const signup = await api(app.baseUrl, 'POST', '/api/users/signup', { body: { email: 'walker@example.com', username: 'walker', password: 'Harbour-lights-77' } })
  expect(signup.status).toBe(201)
  const token = signup.body.token as string
  const userId = signup.body.user.id as number
  const get = (path: string) => api(app.baseUrl, 'GET', path, { token })
  const post = (path: string, body: unknown) => api(app.baseUrl, 'POST', path, { token, body })

  expect((await get('/api/learn/home')).body.errors[0].code).toBe('onboarding_required')
  expect(
    (
      await post('/api/learn/onboarding', {
        jobRole: 'manager',
        typicalAudience: 'clients',
        mainGoal: 'build_confidence',
        comfortUnderPressure: 'manage_well',
        timePressureProfile: 'deadline',
        preferredPracticeTime: 'evening',
        dailyGoalMinutes: 15,
        timezone: 'Europe/Lisbon',
      })
    ).status,
  ).toBe(200)

  // The dashboard: District 1 open, Module A available, the rest locked; the variant reported.
  let home = (await get('/api/learn/home')).body
  expect(home.variant).toBe(signup.body.user.profile.abVariant)
  const d1 = home.districts[0]
  expect(d1).toMatchObject({ number: 1, status: 'available', progressPercent: 0, fullAccess: false })
  expect(d1.modules.map((m: { code: string; status: string }) => `${m.code}:${m.status}`)).toEqual(['A:available', 'B:locked', 'C:locked', 'D:locked'])
  expect(home.districts[1].status).toBe('locked')
  expect(home.resumeModule).toMatchObject({ code: 'A', status: 'available' })
  expect(home.milestone).toMatchObject({ level: 1, status: 'locked' })
  expect(home.hud).toMatchObject({ xp: 0, coins: 0, tickets: 0 })
  expect(d1.venues.unlocked).toBe(0)

  let expectedXp = 0
  let expectedTickets = 0
  for (const [index, module] of d1.modules.entries()) {
    // The learn page opens the module; a locked one answers 403 (checked for the next one below).
    const learn = await get(`/api/learn/modules/${module.id}`)
    expect(learn.status).toBe(200)
    expect(learn.body.module.guided.totalSteps).toBeGreaterThan(0)
    const started = await post('/api/learn/lessons', { moduleId: module.id })
    expect(started.status).toBe(201)
    const sessionId = started.body.sessionId as string
    let step = started.body.step
    let result
    let answered = 0
    for (;;) {
      answered += 1
      result = await post(`/api/learn/lessons/${sessionId}/answers`, { stepId: step.stepId, value: validAnswer(step) })
      expect(result.status).toBe(200)
      if (result.body.completed) break
      step = result.body.nextStep
    }
    expectedXp += module.xpReward
    expectedTickets += 1
    expect(result.body.rewards).toEqual({ xp: module.xpReward, tickets: 1 })
    expect(result.body.summary.stepsCompleted).toBe(answered)
    expect(answered).toBeGreaterThanOrEqual(learn.body.module.guided.totalSteps - 1)
    const unlockTypes = result.body.unlocks.map((u: { type: string }) => u.type)
    const next = d1.modules[index + 1]
    if (next) {
      expect(result.body.unlocks).toContainEqual({ type: 'module', id: next.id, code: next.code, name: next.name })
    } else {
      expect(unlockTypes).toContain('district_full_access')
    }
    if (module.unlocksVenue) expect(result.body.unlocks).toContainEqual({ type: 'venue', id: module.unlocksVenue.id, name: module.unlocksVenue.name })

    // Module rewards as the ledger records them; quests completed on the way pay on top.
    const profile = (await get('/api/learn/profile')).body.profile
    expect(await paid(userId, 'module_complete')).toEqual({ xp: expectedXp, tickets: expectedTickets })
    expect(profile.balances.xp).toBe(expectedXp + (await paid(userId, 'quest_complete')).xp)
    expect(profile.balances.tickets).toBe(expectedTickets)
    home = (await get('/api/learn/home')).body
    expect(home.districts[0].modules[index].status).toBe('complete')
    if (next) expect(home.districts[0].modules[index + 1].status).toBe('available')

    // Completing again pays nothing: a new session of a completed module completes without rewards.
    if (index === 0) {
      const again = await post('/api/learn/lessons', { moduleId: module.id })
      let s = again.body.step
      let r
      for (;;) {
        r = await post(`/api/learn/lessons/${again.body.sessionId}/answers`, { stepId: s.stepId, value: validAnswer(s) })
        if (r.body.completed) break
        s = r.body.nextStep
      }
      expect(r.body).toMatchObject({ completed: true, rewards: null, unlocks: [] })
      expect(await paid(userId, 'module_complete')).toEqual({ xp: expectedXp, tickets: expectedTickets })
    }
  }

  // District 1 complete, full access to all its venues, milestone available, District 2 open.
  home = (await get('/api/learn/home')).body
  expect(home.districts[0]).toMatchObject({ status: 'complete', progressPercent: 100, fullAccess: true })
  expect(home.districts[0].venues.locked).toBe(0)
  expect(home.milestone).toMatchObject({ level: 1, status: 'available' })
  expect(home.districts[1].status).toBe('available')
  const venues = (await get('/api/learn/districts/1/venues')).body.venues
  expect(venues.every((v: { access: string }) => v.access === 'unlocked')).toBe(true)

  // The ledger explains every balance; the events tell the story in order.
  expect(await paid(userId, 'module_complete')).toEqual({ xp: expectedXp, tickets: 4 })
  const types = await eventTypes(userId)
  for (const t of ['user_signup', 'onboarding_complete', 'home_view', 'lesson_start', 'module_learn_view', 'lesson_guided_session_created', 'lesson_guided_step_submitted', 'lesson_guided_complete', 'lesson_complete', 'module_completed', 'module_unlocked_next', 'venue_unlocked', 'district_full_access_granted']) {
    expect(types).toContain(t)
  }
  expect(types.filter((t) => t === 'module_completed')).toHaveLength(4)
  expect(types.filter((t) => t === 'district_full_access_granted')).toHaveLength(1)
  const personal = (await sql.query(`SELECT count(*)::int AS n FROM analytics_events WHERE user_id = $1 AND (data::text ILIKE '%walker%')`, [userId])).rows[0].n
  expect(personal).toBe(0)
})
