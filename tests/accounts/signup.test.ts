import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'

import { setClock } from '../../src/clock'
import { api, createUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

let app: TestApp
let sql: pg.Client
let restoreClock: (() => void) | undefined
let n = 0

beforeAll(async () => {
  app = await startTestApp()
  sql = new pg.Client({ connectionString: app.databaseUrl })
  await sql.connect()
})

afterEach(() => {
  restoreClock?.()
  restoreClock = undefined
  process.env.RATE_LIMIT_SIGNUP = '100000/1h'
  process.env.RATE_LIMIT_LOGIN = '100000/1h'
})

afterAll(async () => {
  await sql?.end()
  await app?.close()
})

const fresh = () => {
  n += 1
  const username = `newbie${n}${Math.random().toString(36).slice(2, 6)}`
  return { email: `${username}@Example.com`, username, password: `Tall-ships-${n}-sail` }
}
const signup = (body: unknown) => api(app.baseUrl, 'POST', '/api/users/signup', { body })
const events = async (user: number, type: string) =>
  (await sql.query('SELECT data FROM analytics_events WHERE user_id = $1 AND type = $2', [user, type])).rows.map((r) => r.data)
const userCount = async () => Number((await sql.query('SELECT count(*) FROM users')).rows[0].count)

describe('POST /api/users/signup', () => {
  it('creates a learner and signs it in like login (token and cookie), storing none of the privileged fields sent', async () => {
    const body = fresh()
    const res = await signup({ ...body, role: 'admin', xp: 5000, coins: 900, tickets: 50, profile: { onboardingCompleted: true, abVariant: 'B' } })
    expect(res.status).toBe(201)
    expect(res.body.token).toEqual(expect.any(String))
    expect(res.headers.get('set-cookie')).toMatch(/payload-token=/)
    expect(res.body.user).toMatchObject({ username: body.username, email: body.email.toLowerCase(), role: 'learner', xp: 0, coins: 0, tickets: 0 })
    expect(res.body.user.profile.onboardingCompleted).toBe(false)
    expect(['A', 'B']).toContain(res.body.user.profile.abVariant)
    expect(res.body.user.hash).toBeUndefined()

    // The token works at once, and the cookie alone too.
    const me = await api(app.baseUrl, 'GET', '/api/users/me', { token: res.body.token })
    expect(me.body.user.id).toBe(res.body.user.id)
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!
    expect((await api(app.baseUrl, 'GET', '/api/learn/profile', { cookie })).status).toBe(200)

    // One event, with the variant and no personal data.
    const signups = await events(res.body.user.id, 'user_signup')
    expect(signups).toEqual([{ variant: res.body.user.profile.abVariant }])
    expect(await events(res.body.user.id, 'user_login')).toEqual([])
  })

  it('assigns both variants over many sign-ups', async () => {
    const seen = new Set<string>()
    for (let i = 0; i < 24 && seen.size < 2; i++) seen.add((await signup(fresh())).body.user.profile.abVariant)
    expect([...seen].sort()).toEqual(['A', 'B'])
  })

  it('refuses a taken email or username whatever their case, with 409 and nothing created', async () => {
    const first = fresh()
    expect((await signup(first)).status).toBe(201)
    const before = await userCount()
    const sameEmail = await signup({ ...fresh(), email: first.email.toUpperCase() })
    expect(sameEmail.status).toBe(409)
    expect(sameEmail.body.errors[0].code).toBe('email_taken')
    const sameName = await signup({ ...fresh(), username: first.username.toUpperCase() })
    expect(sameName.status).toBe(409)
    expect(sameName.body.errors[0].code).toBe('username_taken')
    expect(await userCount()).toBe(before)
  })

  it('applies the password policy: length, digits only, common, close to the username or email', async () => {
    const before = await userCount()
    const base = fresh()
    for (const [password, message] of [
      ['short1!', /at least 8/],
      // Six characters, nine UTF-16 units: counted as characters (a fuzz finding: it was accepted).
      ['ị𓆕𐔋०𝟻ᨎ', /at least 8/],
      ['1234567890123', /more than digits/],
      ['password123', /too common/],
      [`${base.username}!`, /too close/],
      [`${base.username.slice(0, -1)}xy`, /too close/],
    ] as const) {
      const res = await signup({ ...base, password })
      expect(res.status).toBe(422)
      expect(res.body.errors[0].code).toBe('weak_password')
      expect(res.body.errors[0].message).toMatch(message)
    }
    expect(await userCount()).toBe(before)
  })

  it('answers bad input with 400/422 and never a 500', async () => {
    const bad = [
      {},
      { ...fresh(), email: 'not-an-email' },
      { ...fresh(), username: 'x' },
      { ...fresh(), username: 'has spaces' },
      { ...fresh(), username: 'a'.repeat(300) },
      { ...fresh(), password: 12345678 },
      { ...fresh(), email: ['a@b.co'] },
      { ...fresh(), password: 'p'.repeat(10_000) },
    ]
    for (const body of bad) expect((await signup(body)).status).toBe(422)
    const broken = await api(app.baseUrl, 'POST', '/api/users/signup', { rawBody: '{"email":', headers: { 'content-type': 'application/json' } })
    expect(broken.status).toBe(400)
  })

  it('limits sign-ups per IP: the 21st within the window gets 429 with Retry-After and RateLimit headers', async () => {
    process.env.RATE_LIMIT_SIGNUP = '20/1h'
    // A window of its own, whatever earlier tests counted.
    restoreClock = setClock(new Date('2031-01-01T10:00:00Z'))
    for (let i = 0; i < 20; i++) {
      const res = await signup(fresh())
      expect(res.status).toBe(201)
      expect(res.headers.get('ratelimit-remaining')).toBe(String(19 - i))
    }
    const before = await userCount()
    const refused = await signup(fresh())
    expect(refused.status).toBe(429)
    expect(refused.body.errors[0].code).toBe('rate_limited')
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(7200)
    expect(refused.headers.get('ratelimit-limit')).toBe('20')
    expect(await userCount()).toBe(before)
    // The next window lets sign-ups through again.
    restoreClock = setClock(new Date('2031-01-01T11:00:01Z'))
    expect((await signup(fresh())).status).toBe(201)
  })
})

describe('login, logout, me, lockout', () => {
  it('signs in by username or email, records user_login without personal data, and logs out', async () => {
    const body = fresh()
    const created = await signup(body)
    const byName = await api(app.baseUrl, 'POST', '/api/users/login', { body: { username: body.username.toUpperCase(), password: body.password } })
    expect(byName.status).toBe(200)
    const byEmail = await api(app.baseUrl, 'POST', '/api/users/login', { body: { email: body.email, password: body.password } })
    expect(byEmail.status).toBe(200)
    expect(await events(created.body.user.id, 'user_login')).toEqual([{}, {}])
    expect((await api(app.baseUrl, 'POST', '/api/users/logout', { token: byEmail.body.token })).status).toBe(200)
    expect((await api(app.baseUrl, 'GET', '/api/users/me', { token: byEmail.body.token })).body.user).toBeNull()
  })

  it('locks an account after 5 failed passwords', async () => {
    const body = fresh()
    await signup(body)
    for (let i = 0; i < 5; i++) {
      expect((await api(app.baseUrl, 'POST', '/api/users/login', { body: { email: body.email, password: 'Wrong-password-1' } })).status).toBe(401)
    }
    expect((await api(app.baseUrl, 'POST', '/api/users/login', { body: { email: body.email, password: body.password } })).status).not.toBe(200)
  })

  it('limits logins per IP with 429 and Retry-After', async () => {
    process.env.RATE_LIMIT_LOGIN = '3/1m'
    restoreClock = setClock(new Date('2032-06-01T10:00:00Z'))
    const body = fresh()
    await signup(body)
    for (let i = 0; i < 3; i++) expect((await api(app.baseUrl, 'POST', '/api/users/login', { body: { email: body.email, password: body.password } })).status).toBe(200)
    const refused = await api(app.baseUrl, 'POST', '/api/users/login', { body: { email: body.email, password: body.password } })
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(refused.body.errors[0].data?.code ?? refused.body.errors[0].code).toBe('rate_limited')
  })

  it('keeps POST /api/users for admins', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    const admin = await createUser(app.payload, app.baseUrl, 'admin')
    const data = { ...fresh(), role: 'learner' }
    expect((await api(app.baseUrl, 'POST', '/api/users', { body: data })).status).toBe(403)
    expect((await api(app.baseUrl, 'POST', '/api/users', { body: data, token: learner.token })).status).toBe(403)
    expect((await api(app.baseUrl, 'POST', '/api/users', { body: data, token: admin.token })).status).toBe(201)
    // The password policy holds there too.
    const weak = await api(app.baseUrl, 'POST', '/api/users', { body: { ...fresh(), password: '12345678' }, token: admin.token })
    expect(weak.status).toBe(400)
  })
})

describe('POST /api/learn/onboarding', () => {
  const answers = {
    jobRole: 'manager',
    typicalAudience: 'board_members',
    mainGoal: 'handle_pressure',
    comfortUnderPressure: 'get_nervous',
    timePressureProfile: 'deadline',
    preferredPracticeTime: 'morning',
    dailyGoalMinutes: 20,
    timezone: 'Pacific/Auckland',
  }

  it('gates the learner API until done, saves all answers together, and can be redone', async () => {
    const created = await signup(fresh())
    const token = created.body.token as string
    const gated = await api(app.baseUrl, 'GET', '/api/learn/quests', { token })
    expect(gated.status).toBe(409)
    expect(gated.body.errors[0].code).toBe('onboarding_required')
    expect((await api(app.baseUrl, 'GET', '/api/learn/profile', { token })).status).toBe(200)

    const done = await api(app.baseUrl, 'POST', '/api/learn/onboarding', { token, body: answers })
    expect(done.status).toBe(200)
    const profile = (await api(app.baseUrl, 'GET', '/api/learn/profile', { token })).body.profile
    expect(profile.persona).toMatchObject({ ...answers, onboardingCompleted: true })
    expect((await api(app.baseUrl, 'GET', '/api/learn/quests', { token })).status).toBe(200)

    const redo = await api(app.baseUrl, 'POST', '/api/learn/onboarding', { token, body: { ...answers, mainGoal: 'all', timezone: 'UTC' } })
    expect(redo.status).toBe(200)
    expect((await api(app.baseUrl, 'GET', '/api/learn/profile', { token })).body.profile.persona).toMatchObject({ mainGoal: 'all', timezone: 'UTC' })
    expect(await events(created.body.user.id, 'onboarding_complete')).toEqual([{ first: true }, { first: false }])
  })

  it('refuses a missing, unknown or out-of-range answer with 422 and saves nothing', async () => {
    const created = await signup(fresh())
    const token = created.body.token as string
    const bad = [
      { ...answers, jobRole: 'Pirate' },
      { ...answers, dailyGoalMinutes: 4 },
      { ...answers, dailyGoalMinutes: 121 },
      { ...answers, dailyGoalMinutes: '20' },
      { ...answers, timezone: 'Mars/Olympus' },
      { ...answers, extra: true },
      (({ mainGoal: _drop, ...rest }) => rest)(answers),
    ]
    for (const body of bad) expect((await api(app.baseUrl, 'POST', '/api/learn/onboarding', { token, body })).status).toBe(422)
    const row = (await sql.query('SELECT profile_onboarding_completed AS done, profile_job_role AS role FROM users WHERE id = $1', [created.body.user.id])).rows[0]
    expect(row).toEqual({ done: false, role: null })
    expect((await api(app.baseUrl, 'POST', '/api/learn/onboarding', { body: answers })).status).toBe(401)
  })
})
