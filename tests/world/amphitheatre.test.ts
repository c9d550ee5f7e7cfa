import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'

import { runSeeds } from '../../seeds'
import { setClock } from '../../src/clock'
import { startFakeAi } from '../helpers/fakeAi'
import type { FakeAi } from '../helpers/fakeAi'
import { multipart, webmRecording } from '../helpers/files'
import { findBalanceMismatches } from '../../src/services/economy/verify'
import { api, createUser } from '../helpers/http'
import type { TestUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

let app: TestApp
let sql: pg.Client
let amphitheatreId: number
let ai: FakeAi

beforeAll(async () => {
  app = await startTestApp()
  sql = new pg.Client({ connectionString: app.databaseUrl })
  await sql.connect()
  await runSeeds({ payload: app.payload, log: () => undefined, stats: { created: 0, updated: 0, unchanged: 0 } }, ['economy', 'world', 'curriculum', 'amphitheatre'])
  ai = await startFakeAi({ slowMs: 3000 })
  amphitheatreId = (await sql.query(`SELECT id FROM venues WHERE kind = 'amphitheatre' ORDER BY id LIMIT 1`)).rows[0].id
})

afterAll(async () => {
  await ai?.close()
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

  it('bounds amphitheatre XP per learner-local day over every visit (economy amphitheatreXpPerDay); the next day pays again', async () => {
    await app.payload.updateGlobal({ slug: 'economy', data: { amphitheatreXpPerDay: 5 } as never, overrideAccess: true })
    const restore = setClock(new Date('2031-05-01T09:00:00Z'))
    try {
      const learner = await visitor()
      const before = await xp(learner.id)
      const visitOnce = async () => {
        const s = (await start(learner)).body
        let earned = 0
        let left: number | undefined
        for (const e of s.exercises as { key: string }[]) {
          const res = await submit(learner, s.sessionId, { exerciseId: e.key, selections: { tags: ['pressure'] }, markers: { durationSec: 20 }, reflectionText: 'Slower.' })
          expect(res.status).toBe(201)
          earned += res.body.xpEarned
          left = res.body.xpLeftToday
        }
        return { earned, left }
      }
      const visits = []
      for (let i = 0; i < 6; i++) visits.push(await visitOnce())
      expect(visits.reduce((sum, v) => sum + v.earned, 0)).toBe(5)
      expect(visits.at(-1)).toEqual({ earned: 0, left: 0 })
      expect(await xp(learner.id)).toBe(before + 5)
      setClock(new Date('2031-05-02T09:00:00Z'))
      expect((await visitOnce()).earned).toBeGreaterThan(0)
    } finally {
      restore()
      await app.payload.updateGlobal({ slug: 'economy', data: { amphitheatreXpPerDay: 30 } as never, overrideAccess: true })
    }
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

  it('transcribes a take in a job (transcript and a delivery note); error and slow modes leave `failed` and a retry works', async () => {
    process.env.OPENAI_API_KEY = 'k'
    process.env.OPENAI_BASE_URL = ai.baseUrl
    process.env.AI_TIMEOUT_MS = '300'
    try {
      const learner = await visitor()
      const s = (await start(learner)).body
      expect((await submit(learner, s.sessionId, { exerciseId: 'stakes_echoes', reflectionText: 'ok' })).status).toBe(201)
      const upload = await fetch(`${app.baseUrl}/api/recordings`, {
        method: 'POST',
        headers: { authorization: `JWT ${learner.token}` },
        body: multipart(webmRecording(), 'take.webm', 'audio/webm', { durationSeconds: 3 }),
      })
      const recordingId = ((await upload.json()) as { doc: { id: number } }).doc.id
      const ask = () => post(learner, `/api/learn/amphitheatre/sessions/${s.sessionId}/transcriptions`, { exerciseId: 'stakes_echoes', recordingId })
      const record = async () => (await sql.query(`SELECT transcription_status, transcription_error, transcript, delivery_note FROM amphitheatre_records WHERE session_id = $1`, [s.sessionId])).rows[0]

      for (const mode of ['error', 'slow'] as const) {
        ai.setMode(mode)
        expect((await ask()).status).toBe(202)
        expect((await ask()).status).toBe(409) // one at a time
        await app.payload.jobs.run({ queue: 'scoring' })
        expect(await record()).toMatchObject({ transcription_status: 'failed', delivery_note: null })
      }
      ai.setMode('ok')
      ai.setReply('Steady pace. Next time, pause before the ask.')
      expect((await ask()).status).toBe(202)
      await app.payload.jobs.run({ queue: 'scoring' })
      expect(await record()).toMatchObject({ transcription_status: 'done', transcript: 'Steady pace. Next time, pause before the ask.', delivery_note: 'Steady pace. Next time, pause before the ask.' })
      expect(ai.requests.some((r) => r.path === '/v1/audio/transcriptions')).toBe(true)
      const saved = (await sql.query(`SELECT data FROM analytics_events WHERE user_id = $1 AND type = 'amphitheatre_transcription_saved'`, [learner.id])).rows.map((r) => r.data)
      expect(saved).toContainEqual({ session_id: s.sessionId, exercise_id: 'stakes_echoes', has_analysis: true })

      const other = await visitor()
      expect((await post(other, `/api/learn/amphitheatre/sessions/${s.sessionId}/transcriptions`, { exerciseId: 'stakes_echoes', transcript: 'mine' })).status).toBe(404)
    } finally {
      for (const key of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'AI_TIMEOUT_MS']) delete process.env[key]
      ai.setMode('ok')
    }
  })

  it('lists history page by page (own sessions only, recordings as links) and really saves settings', async () => {
    const learner = await visitor()
    for (let i = 0; i < 3; i++) {
      const s = (await start(learner)).body
      for (const e of s.exercises) await submit(learner, s.sessionId, { exerciseId: e.key, reflectionText: `visit ${i + 1}` })
    }
    const page1 = (await get(learner, '/api/learn/amphitheatre/history?limit=2')).body
    expect(page1).toMatchObject({ page: 1, limit: 2, totalDocs: 3, totalPages: 2 })
    expect(page1.sessions.map((x: { visitNumber: number }) => x.visitNumber)).toEqual([3, 2])
    const page2 = (await get(learner, '/api/learn/amphitheatre/history?limit=2&page=2')).body
    expect(page2.sessions.map((x: { visitNumber: number }) => x.visitNumber)).toEqual([1])
    expect((await get(learner, '/api/learn/amphitheatre/history?limit=500')).status).toBe(422)
    const stranger = await visitor()
    expect((await get(stranger, '/api/learn/amphitheatre/history')).body.totalDocs).toBe(0)

    expect((await get(learner, '/api/learn/amphitheatre/settings')).body).toEqual({ language: 'en', reducedMotion: false, audioDevice: null })
    const saved = await api(app.baseUrl, 'PATCH', '/api/learn/amphitheatre/settings', { token: learner.token, body: { language: 'pt-BR', reducedMotion: true } })
    expect(saved.status).toBe(200)
    await api(app.baseUrl, 'PATCH', '/api/learn/amphitheatre/settings', { token: learner.token, body: { audioDevice: 'USB microphone' } })
    expect((await get(learner, '/api/learn/amphitheatre/settings')).body).toEqual({ language: 'pt-BR', reducedMotion: true, audioDevice: 'USB microphone' })
    expect((await api(app.baseUrl, 'PATCH', '/api/learn/amphitheatre/settings', { token: learner.token, body: { language: 'klingon!!' } })).status).toBe(422)
    expect((await get(stranger, '/api/learn/amphitheatre/settings')).body.language).toBe('en')
  })
})
