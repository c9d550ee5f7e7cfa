import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'

import { setClock } from '../../src/clock'
import { findBalanceMismatches } from '../../src/services/economy/verify'
import { startFakeAi } from '../helpers/fakeAi'
import type { FakeAi } from '../helpers/fakeAi'
import { multipart, webmRecording } from '../helpers/files'
import { api, createUser } from '../helpers/http'
import type { TestUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'
import { createWorld } from '../journey/world'

let app: TestApp
let sql: pg.Client
let ai: FakeAi
let world: Awaited<ReturnType<typeof createWorld>>
let restoreClock: (() => void) | undefined

const rubric = (overall: number) => JSON.stringify({ clarity: overall, structure: overall, presence: overall, influence: overall, overall, coaching_note: 'Land the ask earlier.' })

beforeAll(async () => {
  app = await startTestApp()
  sql = new pg.Client({ connectionString: app.databaseUrl })
  await sql.connect()
  ai = await startFakeAi({ slowMs: 3000 })
  world = await createWorld(app.payload, { districts: 1, modules: 2, venues: 0 })
  process.env.OPENAI_API_KEY = 'test-key'
  process.env.OPENAI_BASE_URL = ai.baseUrl
  process.env.AI_TIMEOUT_MS = '400'
})

afterEach(() => {
  restoreClock?.()
  restoreClock = undefined
  ai.setMode('ok')
})

afterAll(async () => {
  for (const key of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'AI_TIMEOUT_MS']) delete process.env[key]
  expect(await findBalanceMismatches(app.payload.db.pool)).toEqual([])
  await ai?.close()
  await sql?.end()
  await app?.close()
})

/** A learner who completed every module of Level 1 (progress written directly: lessons are tested elsewhere). */
async function graduate(): Promise<TestUser> {
  const learner = await createUser(app.payload, app.baseUrl)
  for (const moduleId of world[0]!.moduleIds) {
    await sql.query(
      `INSERT INTO user_progress (user_id, module_id, started, completed, completed_at, created_at, updated_at) VALUES ($1, $2, true, true, now(), now(), now())`,
      [learner.id, moduleId],
    )
  }
  return learner
}

const attempt = (learner: TestUser, body: unknown) => api(app.baseUrl, 'POST', '/api/learn/milestones/1/attempts', { token: learner.token, body })
const view = async (learner: TestUser) => (await api(app.baseUrl, 'GET', '/api/learn/milestones/1', { token: learner.token })).body
const runJobs = () => app.payload.jobs.run({ queue: 'scoring' })
const talk = 'Board members, tonight I will ask for one decision and give you three reasons.'
const paid = async (user: number, reason: string) =>
  (await sql.query(`SELECT currency, sum(delta)::int AS total FROM reward_ledger WHERE user_id = $1 AND reason = $2 GROUP BY currency ORDER BY currency`, [user, reason])).rows

describe('milestones (rule 5)', () => {
  it('are locked until every module of the level is complete', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    expect((await view(learner)).status).toBe('locked')
    const res = await attempt(learner, { transcript: talk })
    expect(res.status).toBe(403)
    expect(res.body.errors[0].code).toBe('milestone_locked')
    expect((await api(app.baseUrl, 'GET', '/api/learn/milestones/9', { token: learner.token })).status).toBe(404)
  })

  it('counts a transcript in characters: ten emoji (twenty UTF-16 units) are short of 20 (422, a fuzz finding)', async () => {
    const learner = await graduate()
    const res = await attempt(learner, { transcript: '🎤'.repeat(10) })
    expect(res.status).toBe(422)
    expect(res.body.errors[0].data.fields[0].path).toBe('transcript')
    expect((await sql.query('SELECT count(*) FROM milestone_attempts WHERE user_id = $1', [learner.id])).rows[0].count).toBe('0')
  })

  it('scores a transcript with the AI rubric in a job; a pass pays 100 XP + 3 tickets once, however often it is passed', async () => {
    const learner = await graduate()
    ai.setReply(rubric(82))
    const first = await attempt(learner, { transcript: talk })
    expect(first.status).toBe(202)
    expect(first.body.attempt).toMatchObject({ status: 'pending', score: null })
    await runJobs()
    const scored = (await view(learner)).attempts[0]
    expect(scored).toMatchObject({ status: 'scored', score: 82, passed: true, rubric: { clarity: 82, structure: 82, presence: 82, influence: 82 }, feedback: 'Land the ask earlier.' })
    expect((await view(learner)).status).toBe('passed')
    await attempt(learner, { transcript: talk })
    await runJobs()
    expect(await paid(learner.id, 'milestone_pass')).toEqual([
      { currency: 'xp', total: 100 },
      { currency: 'tickets', total: 3 },
    ])
    const sent = ai.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)!
    expect(sent.body).toMatchObject({ response_format: { type: 'json_object' } })
    const events = (await sql.query(`SELECT type, data FROM analytics_events WHERE user_id = $1 AND type::text LIKE 'milestone_%' ORDER BY occurred_at, type`, [learner.id])).rows
    expect(events.filter((e) => e.type === 'milestone_start')).toHaveLength(2)
    expect(events.filter((e) => e.type === 'milestone_complete').map((e) => e.data)).toEqual([
      { level: 1, score: 82, passed: true },
      { level: 1, score: 82, passed: true },
    ])
  })

  it('pays 25 XP for a fail at most once a learner-local day, and caps attempts per day', async () => {
    const learner = await graduate()
    ai.setReply(rubric(40))
    restoreClock = setClock(new Date('2030-09-01T10:00:00Z'))
    for (let i = 0; i < 3; i++) expect((await attempt(learner, { transcript: talk })).status).toBe(202)
    const fourth = await attempt(learner, { transcript: talk })
    expect(fourth.status).toBe(429)
    expect(fourth.body.errors[0].code).toBe('daily_limit')
    await runJobs()
    expect((await view(learner)).attempts.map((a: { passed: boolean }) => a.passed)).toEqual([false, false, false])
    expect(await paid(learner.id, 'milestone_fail')).toEqual([{ currency: 'xp', total: 25 }])
    restoreClock()
    restoreClock = setClock(new Date('2030-09-02T10:00:00Z'))
    await attempt(learner, { transcript: talk })
    await runJobs()
    expect(await paid(learner.id, 'milestone_fail')).toEqual([{ currency: 'xp', total: 50 }])
  })

  for (const [mode, reply] of [
    ['error', rubric(90)],
    ['slow', rubric(90)],
    ['malformed', rubric(90)],
    ['ok', 'I think it was a lovely talk, maybe 90 out of 100.'],
    ['ok', JSON.stringify({ clarity: 900, structure: 1, presence: 1, influence: 1, overall: 1, coaching_note: 'x' })],
  ] as const) {
    it(`never invents a score when the AI is ${mode === 'ok' ? 'wrong-shaped' : mode}: failed_to_score, no payment, then a retry scores it`, async () => {
      const learner = await graduate()
      ai.setMode(mode)
      ai.setReply(reply)
      const id = (await attempt(learner, { transcript: talk })).body.attempt.id
      await runJobs()
      expect((await view(learner)).attempts[0]).toMatchObject({ id, status: 'failed_to_score', score: null, passed: false })
      expect(await paid(learner.id, 'milestone_pass')).toEqual([])
      expect(await paid(learner.id, 'milestone_fail')).toEqual([])

      ai.setMode('ok')
      ai.setReply(rubric(75))
      const retry = await api(app.baseUrl, 'POST', `/api/learn/milestones/1/attempts/${id}/retry`, { token: learner.token })
      expect(retry.status).toBe(202)
      await runJobs()
      expect((await view(learner)).attempts[0]).toMatchObject({ id, status: 'scored', score: 75, passed: true })
      expect((await api(app.baseUrl, 'POST', `/api/learn/milestones/1/attempts/${id}/retry`, { token: learner.token })).status).toBe(409)
    })
  }

  it('transcribes an uploaded recording through the AI, and refuses someone else’s recording', async () => {
    const learner = await graduate()
    const other = await graduate()
    const upload = await fetch(`${app.baseUrl}/api/recordings`, {
      method: 'POST',
      headers: { authorization: `JWT ${learner.token}` },
      body: multipart(webmRecording(), 'milestone.webm', 'audio/webm', { durationSeconds: 3 }),
    })
    expect(upload.status).toBe(201)
    const recordingId = ((await upload.json()) as { doc: { id: number } }).doc.id
    expect((await attempt(other, { recordingId })).status).toBe(404)
    expect((await attempt(learner, { recordingId, transcript: talk })).status).toBe(422)
    ai.setReply(rubric(71))
    expect((await attempt(learner, { recordingId })).status).toBe(202)
    await runJobs()
    expect(ai.requests.some((r) => r.path === '/v1/audio/transcriptions')).toBe(true)
    const [row] = (await sql.query('SELECT status, transcript FROM milestone_attempts WHERE user_id = $1', [learner.id])).rows
    expect(row.status).toBe('scored')
    expect(row.transcript).toBe(rubric(71))
  })
})
