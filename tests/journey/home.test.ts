import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'

import { invalidateWorld } from '../../src/services/journey/world'
import { api, createUser } from '../helpers/http'
import { recordQueries } from '../helpers/queries'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'
import { createWorld } from './world'

let app: TestApp
let sql: pg.Client

beforeAll(async () => {
  app = await startTestApp()
  sql = new pg.Client({ connectionString: app.databaseUrl })
  await sql.connect()
})

afterAll(async () => {
  await sql?.end()
  await app?.close()
})

describe('GET /api/learn/home', () => {
  it('costs the same number of statements with 1 district as with 5 (more modules and venues too)', async () => {
    await createWorld(app.payload, { districts: 1, modules: 2, venues: 1 })
    const learner = await createUser(app.payload, app.baseUrl)
    // Uncached (the world is read too) unless told otherwise: the worst case.
    const count = async (cached = false) => {
      if (!cached) invalidateWorld()
      let status = 0
      const statements = await recordQueries(app.payload.db.pool, async () => {
        status = (await api(app.baseUrl, 'GET', '/api/learn/home', { token: learner.token })).status
      })
      expect(status).toBe(200)
      return statements.length
    }
    await count() // creates today's quest rows once
    const withOne = await count()
    await createWorld(app.payload, { districts: 4, modules: 4, venues: 3, firstNumber: 2 })
    const withFive = await count()
    const home = (await api(app.baseUrl, 'GET', '/api/learn/home', { token: learner.token })).body
    expect(home.districts).toHaveLength(5)
    expect(home.districts[4].modules).toHaveLength(4)
    expect(withFive).toBe(withOne)
    expect(withOne).toBeLessThanOrEqual(8)
    // Within a few seconds of the last read, the world comes from memory: one statement fewer.
    expect(await count(true)).toBe(withOne - 1)
  })

  it('shows statuses, venue counts, the resume module and the milestone card; districts and venues pages agree', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    const home = (await api(app.baseUrl, 'GET', '/api/learn/home', { token: learner.token })).body
    expect(home.districts[0]).toMatchObject({ number: 1, status: 'available', progressPercent: 0, venues: { total: 1, unlocked: 0, locked: 1 } })
    expect(home.districts.slice(1).every((d: { status: string }) => d.status === 'locked')).toBe(true)
    expect(home.districts[1].modules.every((m: { status: string }) => m.status === 'locked')).toBe(true)
    expect(home.resumeModule).toMatchObject({ code: 'A', district: 1 })
    expect(home.milestone).toMatchObject({ level: 1, status: 'locked' })
    expect(home.quests).toEqual(expect.any(Array))
    expect(['A', 'B']).toContain(home.variant)

    // Opening Module A makes it the one to resume.
    await api(app.baseUrl, 'GET', `/api/learn/modules/${home.districts[0].modules[0].id}`, { token: learner.token })
    const after = (await api(app.baseUrl, 'GET', '/api/learn/home', { token: learner.token })).body
    expect(after.resumeModule).toMatchObject({ code: 'A', status: 'in_progress' })
    expect(after.districts[0].status).toBe('in_progress')

    const district = await api(app.baseUrl, 'GET', '/api/learn/districts/1', { token: learner.token })
    expect(district.status).toBe(200)
    expect(district.body.modules[0]).toMatchObject({ code: 'A', status: 'in_progress', unlockHint: expect.stringContaining('Venue 1.1') })
    const venues = await api(app.baseUrl, 'GET', '/api/learn/districts/1/venues', { token: learner.token })
    expect(venues.body.venues[0]).toMatchObject({ name: 'Venue 1.1', access: 'locked', ticketCost: 1, rewards: { xp: 20, coins: 10 }, unlockHint: expect.stringContaining('Module A') })
    const views = (await sql.query(`SELECT data FROM analytics_events WHERE user_id = $1 AND type = 'district_view' ORDER BY occurred_at`, [learner.id])).rows.map((r) => r.data)
    expect(views).toEqual([
      { district: 1, mode: 'overview' },
      { district: 1, mode: 'venues' },
    ])
  })

  it('answers unknown or malformed districts and modules with 404, and strangers with 401', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    for (const path of ['/api/learn/districts/99', '/api/learn/districts/abc', '/api/learn/districts/0', '/api/learn/districts/99999999999/venues', '/api/learn/modules/abc', '/api/learn/modules/123456', '/api/learn/modules/1/next-block?after=zz']) {
      const res = await api(app.baseUrl, 'GET', path, { token: learner.token })
      expect([403, 404]).toContain(res.status)
      expect(res.body.errors[0].code).toMatch(/not_found|module_locked/)
    }
    expect((await api(app.baseUrl, 'GET', '/api/learn/home')).status).toBe(401)
  })

  it('closing an account without ledger history deletes its journey too', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    const home = (await api(app.baseUrl, 'GET', '/api/learn/home', { token: learner.token })).body
    await api(app.baseUrl, 'GET', `/api/learn/modules/${home.districts[0].modules[0].id}`, { token: learner.token })
    await api(app.baseUrl, 'POST', '/api/learn/lessons', { token: learner.token, body: { moduleId: home.districts[0].modules[0].id } })
    const closed = await api(app.baseUrl, 'DELETE', '/api/learn/account', { token: learner.token })
    expect(closed.status).toBe(200)
    expect(closed.body.outcome).toBe('deleted')
    for (const table of ['users', 'user_progress', 'lesson_sessions', 'daily_quests']) {
      const column = table === 'users' ? 'id' : 'user_id'
      expect((await sql.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = $1`, [learner.id])).rows[0].n).toBe(0)
    }
    // Analytics stay, without the person.
    expect((await sql.query(`SELECT count(*)::int AS n FROM analytics_events WHERE type = 'home_view' AND user_id IS NULL`)).rows[0].n).toBeGreaterThan(0)
  })
})
