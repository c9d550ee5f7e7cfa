import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'

import { runSeeds } from '../../seeds'
import { findBalanceMismatches } from '../../src/services/economy/verify'
import { api, createUser } from '../helpers/http'
import type { TestUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

let app: TestApp
let sql: pg.Client
let amphitheatreId: number

beforeAll(async () => {
  app = await startTestApp()
  sql = new pg.Client({ connectionString: app.databaseUrl })
  await sql.connect()
  await runSeeds({ payload: app.payload, log: () => undefined, stats: { created: 0, updated: 0, unchanged: 0 } }, ['economy', 'world', 'curriculum', 'amphitheatre'])
  amphitheatreId = (await sql.query(`SELECT id FROM venues WHERE kind = 'amphitheatre' ORDER BY id LIMIT 1`)).rows[0].id
})

afterAll(async () => {
  expect(await findBalanceMismatches(app.payload.db.pool)).toEqual([])
  await sql?.end()
  await app?.close()
})

async function visitor(): Promise<TestUser> {
  const learner = await createUser(app.payload, app.baseUrl)
  await sql.query('INSERT INTO venue_unlocks (user_id, venue_id, created_at, updated_at) VALUES ($1, $2, now(), now())', [learner.id, amphitheatreId])
  return learner
}
const get = (l: TestUser, path: string) => api(app.baseUrl, 'GET', path, { token: l.token })
const post = (l: TestUser, path: string, body?: unknown) => api(app.baseUrl, 'POST', path, { token: l.token, body })
const start = (l: TestUser) => post(l, '/api/learn/amphitheatre/sessions')
const submit = (l: TestUser, session: number, body: Record<string, unknown>) => post(l, `/api/learn/amphitheatre/sessions/${session}/submissions`, body)
const xp = async (user: number) => Number((await sql.query('SELECT xp FROM users WHERE id = $1', [user])).rows[0].xp)

describe('the amphitheatre', () => {
  it('needs the amphitheatre venue unlocked', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    for (const res of [await get(learner, '/api/learn/amphitheatre'), await start(learner)]) {
      expect(res.status).toBe(403)
      expect(res.body.errors[0].code).toBe('amphitheatre_locked')
    }
  })

  it('starts the visit the hub previewed, and 10 parallel starts make one active session', async () => {
    const learner = await visitor()
    const hub = (await get(learner, '/api/learn/amphitheatre')).body
    expect(hub).toMatchObject({ visits: 0, totalPoints: 0, resume: null, hint: { count: 1 } })
    const preview = hub.nextPlan.slots.map((s: { key: string; prompt: { key: string } }) => [s.key, s.prompt.key])
    const starts = await Promise.all(Array.from({ length: 10 }, () => start(learner)))
    expect(starts.filter((r) => r.status === 201)).toHaveLength(1)
    expect(starts.every((r) => r.status === 201 || r.status === 200)).toBe(true)
    expect(new Set(starts.map((r) => r.body.sessionId)).size).toBe(1)
    const session = starts[0]!.body
    expect(session.exercises.map((e: { key: string; prompt: { key: string } }) => [e.key, e.prompt.key])).toEqual(preview)
    expect(session).toMatchObject({ visitNumber: 1, tier: 'alpha', status: 'active' })
    expect((await get(learner, '/api/learn/amphitheatre')).body.resume).toEqual({ sessionId: session.sessionId, visitNumber: 1 })
    const started = (await sql.query(`SELECT data FROM analytics_events WHERE user_id = $1 AND type = 'amphitheatre_session_started'`, [learner.id])).rows
    expect(started).toEqual([{ data: { session_id: session.sessionId, visit_number: 1, depth_tier: 'alpha', exercise_ids: ['stakes_echoes'] } }])
  })

  it('pays only the rise of a record’s best score: alternating with and without reflection earns once; completed sessions answer 409', async () => {
    const learner = await visitor()
    // Visits 1 and 2 have one exercise each; finish them.
    for (let visit = 1; visit <= 2; visit++) {
      const s = (await start(learner)).body
      const res = await submit(learner, s.sessionId, { exerciseId: 'stakes_echoes', selections: { tags: ['pressure', 'visibility'] }, reflectionText: 'I can ask for time.' })
      expect(res.body).toMatchObject({ sessionStatus: 'completed', xpEarned: 2, philosopherResponse: 'Pressure, Visibility sound present. Name one small action to widen your sense of control.' })
    }
    const third = (await start(learner)).body
    expect(third.exercises.map((e: { key: string }) => e.key)).toEqual(['voice_to_marble', 'inner_listener'])
    const before = await xp(learner.id)
    const earned: number[] = []
    for (const reflectionText of ['I heard my own hurry.', '', 'Slower this time.', '']) {
      const res = await submit(learner, third.sessionId, { exerciseId: 'inner_listener', reflectionText })
      expect(res.status).toBe(201)
      earned.push(res.body.xpEarned)
    }
    expect(earned).toEqual([2, 0, 0, 0])
    expect(await xp(learner.id)).toBe(before + 2)
    // A timed delivery earns its extra completion point once.
    const voice = await submit(learner, third.sessionId, { exerciseId: 'voice_to_marble', markers: { durationSec: 28, pauseCount: 3 } })
    expect(voice.body).toMatchObject({ xpEarned: 2, sessionStatus: 'completed', philosopherResponse: expect.stringContaining('28 seconds') })
    const late = await submit(learner, third.sessionId, { exerciseId: 'inner_listener', reflectionText: 'one more' })
    expect(late.status).toBe(409)
    expect(late.body.errors[0].code).toBe('session_completed')
    const completed = (await sql.query(`SELECT data FROM analytics_events WHERE user_id = $1 AND type = 'amphitheatre_session_completed' ORDER BY occurred_at`, [learner.id])).rows
    expect(completed.at(-1).data).toEqual({ session_id: third.sessionId, visit_number: 3, total_points: 4 })
    const submitted = (await sql.query(`SELECT count(*)::int AS n FROM analytics_events WHERE user_id = $1 AND type = 'amphitheatre_exercise_submitted'`, [learner.id])).rows[0].n
    expect(submitted).toBe(7)
  })

  it('keeps sessions private and refuses audio in the JSON body', async () => {
    const a = await visitor()
    const b = await visitor()
    const s = (await start(a)).body
    expect((await get(b, `/api/learn/amphitheatre/sessions/${s.sessionId}`)).status).toBe(404)
    expect((await submit(b, s.sessionId, { exerciseId: 'stakes_echoes' })).status).toBe(404)
    expect((await get(a, '/api/learn/amphitheatre/sessions/abc')).status).toBe(404)
    const base64 = await submit(a, s.sessionId, { exerciseId: 'stakes_echoes', audio: 'data:audio/webm;base64,GkXfo59ChoEBQveBAULygQRC84EIQoKEd2VibUKHgQRChYECGFOAZwH/////////FUmpZpkq17GDD0JATYCGQ2hyb21lV0GGQ2hyb21lFlSua7+uvdeBAXPFh' })
    expect(base64.status).toBe(422)
    expect((await submit(a, s.sessionId, { exerciseId: 'not_in_plan' })).status).toBe(404)
    expect((await submit(a, s.sessionId, { exerciseId: 'stakes_echoes', markers: { durationSec: '30' } })).status).toBe(422)
  })
})
