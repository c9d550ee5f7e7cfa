import { randomUUID } from 'node:crypto'

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'

import { setClock } from '../../src/clock'
import { api, createUser } from '../helpers/http'
import type { TestUser } from '../helpers/http'
import { multipart, webmRecording } from '../helpers/files'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

/**
 * The limits beyond sign-up/login-per-IP (tests/accounts/rateLimit.test.ts): logins per account,
 * learner writes, uploads and AI work. Limits are read per request, so each test lowers the one
 * it is about and restores the suite's high default afterwards.
 */
let app: TestApp
const saved = { ...process.env }

beforeAll(async () => {
  app = await startTestApp()
})

afterEach(() => {
  for (const name of ['RATE_LIMIT_LOGIN_ACCOUNT', 'RATE_LIMIT_LEARNER_WRITES', 'RATE_LIMIT_UPLOADS', 'RATE_LIMIT_AI']) process.env[name] = saved[name]
})

afterAll(async () => {
  await app?.close()
})

const event = () => ({ id: randomUUID(), type: 'client.probe', occurredAt: new Date().toISOString(), data: {} })
const sendEvents = (user: TestUser) => api(app.baseUrl, 'POST', '/api/learn/events', { token: user.token, body: { events: [event()] } })

describe('logins per account', () => {
  it('stop guessing at one account whatever the address, in any letter case, and leave other accounts alone', async () => {
    // Created without signing in, so no attempt has counted yet (createUser logs in).
    const account = async (name: string) => {
      const email = `${name}-${randomUUID().slice(0, 8)}@example.com`
      const password = 'Quiet-harbour-42'
      await app.payload.create({ collection: 'users', data: { email, username: email.split('@')[0], password, role: 'learner' } as never, overrideAccess: true })
      return { email, password }
    }
    const victim = await account('victim')
    const bystander = await account('bystander')
    process.env.RATE_LIMIT_LOGIN_ACCOUNT = '3/15m'
    const attempt = (email: string, password = 'wrong-Password-1') => api(app.baseUrl, 'POST', '/api/users/login', { body: { email, password } })
    expect((await attempt(victim.email)).status).toBe(401)
    expect((await attempt(victim.email.toUpperCase())).status).toBe(401)
    expect((await attempt(victim.email, victim.password)).status).toBe(200)
    const refused = await attempt(victim.email, victim.password)
    expect(refused.status).toBe(429)
    expect(refused.text).toContain('this account')
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await attempt(bystander.email, bystander.password)).status).toBe(200)
  })
})

describe('learner writes', () => {
  // Fixed windows: a burst across a minute boundary may use two windows' allowance. The clock
  // is pinned mid-minute (near the real time, which event times are checked against).
  let restore: () => void = () => undefined
  beforeEach(() => {
    restore = setClock(new Date(Math.floor(Date.now() / 60_000) * 60_000 + 30_000))
  })
  afterEach(() => restore())

  it('count per learner, answer 429 with Retry-After over the limit, and leave reads and other learners alone', async () => {
    const busy = await createUser(app.payload, app.baseUrl)
    const other = await createUser(app.payload, app.baseUrl)
    process.env.RATE_LIMIT_LEARNER_WRITES = '5/1m'
    for (let i = 0; i < 5; i++) expect((await sendEvents(busy)).status).toBe(200)
    const refused = await sendEvents(busy)
    expect(refused.status).toBe(429)
    expect(refused.body.errors[0].code).toBe('rate_limited')
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(refused.headers.get('ratelimit-remaining')).toBe('0')
    expect((await api(app.baseUrl, 'GET', '/api/learn/home', { token: busy.token })).status).toBe(200)
    expect((await sendEvents(other)).status).toBe(200)
  })

  it('keep one abusive client from starving the others', async () => {
    const abuser = await createUser(app.payload, app.baseUrl)
    const learners = await Promise.all([0, 1, 2].map(() => createUser(app.payload, app.baseUrl)))
    process.env.RATE_LIMIT_LEARNER_WRITES = '20/1m'
    // 200 writes from one account, 20 at a time, while three learners make their usual calls.
    let next = 0
    const abuse = Promise.all(
      Array.from({ length: 20 }, async () => {
        const statuses: number[] = []
        while (next < 200) {
          next++
          statuses.push((await sendEvents(abuser)).status)
        }
        return statuses
      }),
    ).then((all) => all.flat())
    const normal = Promise.all(
      learners.map(async (learner) => {
        const statuses: number[] = []
        for (let i = 0; i < 10; i++) {
          statuses.push((await sendEvents(learner)).status)
          statuses.push((await api(app.baseUrl, 'GET', '/api/learn/home', { token: learner.token })).status)
        }
        return statuses
      }),
    ).then((all) => all.flat())
    const [abuseStatuses, normalStatuses] = await Promise.all([abuse, normal])
    expect(abuseStatuses.filter((s) => s === 200)).toHaveLength(20)
    expect(abuseStatuses.filter((s) => s === 429)).toHaveLength(180)
    expect(normalStatuses).toEqual(Array(60).fill(200))
    // Only the 20 allowed batches were stored.
    const stored = await app.payload.count({ collection: 'analytics-events', where: { user: { equals: abuser.id }, type: { equals: 'client.probe' } } })
    expect(stored.totalDocs).toBe(20)
  })
})

describe('uploads', () => {
  it('count per user', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    process.env.RATE_LIMIT_UPLOADS = '2/10m'
    const upload = () => api(app.baseUrl, 'POST', '/api/recordings', { token: learner.token, rawBody: multipart(webmRecording(), 'take.webm', 'audio/webm') })
    expect((await upload()).status).toBe(201)
    expect((await upload()).status).toBe(201)
    const refused = await upload()
    expect(refused.status).toBe(429)
    expect(refused.headers.get('ratelimit-remaining')).toBe('0')
    expect(await app.payload.count({ collection: 'recordings', where: { owner: { equals: learner.id } }, overrideAccess: true })).toMatchObject({ totalDocs: 2 })
  })
})

describe('AI work', () => {
  it('counts requests that would queue scoring or transcription, per learner', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    process.env.RATE_LIMIT_AI = '2/1h'
    const attempt = () => api(app.baseUrl, 'POST', '/api/learn/milestones/1/attempts', { token: learner.token, body: { transcript: 'My answer, spoken with care and at length.' } })
    // No world here, so the milestone is locked; the attempt still counted against the allowance.
    for (let i = 0; i < 2; i++) expect((await attempt()).status).not.toBe(429)
    const refused = await attempt()
    expect(refused.status).toBe(429)
    const transcription = await api(app.baseUrl, 'POST', '/api/learn/amphitheatre/sessions/1/transcriptions', { token: learner.token, body: { exerciseId: 'x', transcript: 'hello there' } })
    expect(transcription.status).toBe(429)
    // A malformed request is refused before it counts.
    process.env.RATE_LIMIT_AI = '100/1h'
    const other = await createUser(app.payload, app.baseUrl)
    process.env.RATE_LIMIT_AI = '1/1h'
    expect((await api(app.baseUrl, 'POST', '/api/learn/milestones/1/attempts', { token: other.token, body: { nonsense: true } })).status).toBe(422)
    expect((await api(app.baseUrl, 'POST', '/api/learn/milestones/1/attempts', { token: other.token, body: { transcript: 'My answer, spoken with care.' } })).status).not.toBe(429)
  })
})

describe('the counters table', () => {
  it('never moves a window back: a late hit of the previous window counts in the current one', async () => {
    const { hit } = await import('../../src/services/rateLimit')
    const limit = { max: 3, windowSeconds: 60 }
    const key = `late:${randomUUID()}`
    const minute = Math.floor(Date.now() / 60_000) * 60_000
    const at = (ms: number) => setClock(new Date(minute + ms))
    let restore = at(59_000)
    try {
      expect((await hit(app.payload.db.pool, key, limit)).remaining).toBe(2)
      restore = at(61_000)
      expect((await hit(app.payload.db.pool, key, limit)).remaining).toBe(2)
      // A request that read the clock in the old window arrives now: it must not restart the count.
      restore = at(59_500)
      expect((await hit(app.payload.db.pool, key, limit)).remaining).toBe(1)
      restore = at(62_000)
      const result = await hit(app.payload.db.pool, key, limit)
      expect([result.allowed, result.remaining]).toEqual([true, 0])
      expect((await hit(app.payload.db.pool, key, limit)).allowed).toBe(false)
    } finally {
      restore()
    }
  })

  it('is unlogged: a counter bump on every learner write costs no WAL flush', async () => {
    const { default: pg } = await import('pg')
    const client = new pg.Client({ connectionString: app.databaseUrl })
    await client.connect()
    try {
      const { rows } = await client.query(`SELECT relpersistence FROM pg_class WHERE relname = 'rate_limit_counters'`)
      expect(rows).toEqual([{ relpersistence: 'u' }])
    } finally {
      await client.end()
    }
  })
})
