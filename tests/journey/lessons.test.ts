import { randomUUID } from 'node:crypto'

import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'

import { api, createUser } from '../helpers/http'
import type { TestUser } from '../helpers/http'
import { startFakeAi } from '../helpers/fakeAi'
import type { FakeAi } from '../helpers/fakeAi'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'
import { validAnswer } from './helpers'
import { allTypesFlow, createWorld } from './world'

let app: TestApp
let sql: pg.Client
let ai: FakeAi
let world: Awaited<ReturnType<typeof createWorld>>

beforeAll(async () => {
  app = await startTestApp()
  sql = new pg.Client({ connectionString: app.databaseUrl })
  await sql.connect()
  ai = await startFakeAi({ slowMs: 20_000 })
  world = await createWorld(app.payload, { districts: 1, modules: 3, venues: 2 })
})

afterEach(() => {
  for (const key of ['LESSON_RELAY_WEBHOOK', 'LESSON_RELAY_TIMEOUT_MS', 'OPENAI_API_KEY', 'OPENAI_BASE_URL']) delete process.env[key]
  ai.setMode('ok')
})

afterAll(async () => {
  await ai?.close()
  await sql?.end()
  await app?.close()
})

const A = () => world[0]!.moduleIds[0]!
const B = () => world[0]!.moduleIds[1]!
const C = () => world[0]!.moduleIds[2]!
const call = (learner: TestUser, method: string, path: string, body?: unknown) => api(app.baseUrl, method, path, { token: learner.token, body })
const start = (learner: TestUser, moduleId: number) => call(learner, 'POST', '/api/learn/lessons', { moduleId })
const answer = (learner: TestUser, sessionId: string, stepId: string, value: unknown) => call(learner, 'POST', `/api/learn/lessons/${sessionId}/answers`, { stepId, value })

/** Answers every step of a fresh session of `moduleId` with valid answers. */
async function finish(learner: TestUser, moduleId: number) {
  const started = await start(learner, moduleId)
  let step = started.body.step
  for (;;) {
    const r = await answer(learner, started.body.sessionId, step.stepId, validAnswer(step))
    expect(r.status).toBe(200)
    if (r.body.completed) return r
    step = r.body.nextStep
  }
}

describe('module locks cannot be bypassed (spec §6.2 items 5–8)', () => {
  it('refuses to open, start or answer a locked module, and next-block never completes anything', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    for (const path of [`/api/learn/modules/${B()}`, `/api/learn/modules/${C()}`, `/api/learn/modules/${C()}/next-block`]) {
      const res = await call(learner, 'GET', path)
      expect(res.status).toBe(403)
      expect(res.body.errors[0].code).toBe('module_locked')
    }
    const startLocked = await start(learner, C())
    expect(startLocked.status).toBe(403)
    expect(startLocked.body.errors[0].code).toBe('module_locked')

    // A session of a locked module (as a tampered client or an old bug might leave one) cannot be answered.
    const forged = randomUUID()
    await sql.query(
      `INSERT INTO lesson_sessions (id, user_id, module_id, flow_id, flow_version, steps, state, current_step_id, current_index, total_steps, answers, created_at, updated_at)
       VALUES ($1, $2, $3, $4, '1.0.0', $5::jsonb, 'asking', 'intro', 0, 6, '{}', now(), now())`,
      [forged, learner.id, C(), world[0]!.flowIds[2], JSON.stringify(allTypesFlow)],
    )
    const forgedAnswer = await answer(learner, forged, 'intro', true)
    expect(forgedAnswer.status).toBe(403)
    expect(forgedAnswer.body.errors[0].code).toBe('module_locked')

    // Reading blocks past the end: no wrap-around, no completion, no unlock.
    const blocks = (await sql.query('SELECT id FROM knowledge_blocks WHERE module_id = $1 ORDER BY "order"', [A()])).rows.map((r) => r.id)
    const first = await call(learner, 'GET', `/api/learn/modules/${A()}/next-block`)
    expect(first.body.block.id).toBe(blocks[0])
    const second = await call(learner, 'GET', `/api/learn/modules/${A()}/next-block?after=${blocks[0]}`)
    expect(second.body.block.id).toBe(blocks[1])
    const end = await call(learner, 'GET', `/api/learn/modules/${A()}/next-block?after=${blocks[1]}`)
    expect(end.body).toEqual({ block: null, done: true })
    expect((await sql.query('SELECT count(*)::int AS n FROM user_progress WHERE user_id = $1 AND completed', [learner.id])).rows[0].n).toBe(0)
    expect((await call(learner, 'GET', `/api/learn/modules/${B()}`)).status).toBe(403)
    // Item 7: no milestone before the level is complete. Item 6: no venue practice without access.
    const milestone = await call(learner, 'POST', '/api/learn/milestones/1/attempts', { transcript: 'A talk long enough to be scored by the rubric.' })
    expect(milestone.status).toBe(403)
    expect(milestone.body.errors[0].code).toBe('milestone_locked')
    const feedback = await call(learner, 'POST', `/api/learn/venues/${world[0]!.venueIds[0]}/feedback`, { entryId: 1, transcript: 'Let me in.' })
    expect(feedback.status).toBe(403)
    expect(feedback.body.errors[0].code).toBe('venue_locked')
    expect((await call(learner, 'POST', `/api/learn/venues/${world[0]!.venueIds[0]}/entries`)).status).toBe(403)
  })

  it('opens the next module only when the previous one is complete', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    const done = await finish(learner, A())
    expect(done.body.unlocks).toContainEqual(expect.objectContaining({ type: 'module', id: B() }))
    expect((await call(learner, 'GET', `/api/learn/modules/${B()}`)).status).toBe(200)
    expect((await start(learner, C())).status).toBe(403)
  })
})

describe('sessions belong to their learner', () => {
  it('user B cannot read, resume or answer user A’s session: 404, as for an unknown id', async () => {
    const a = await createUser(app.payload, app.baseUrl)
    const b = await createUser(app.payload, app.baseUrl)
    const started = await start(a, A())
    const id = started.body.sessionId
    for (const res of [
      await call(b, 'GET', `/api/learn/lessons/${id}`),
      await answer(b, id, started.body.step.stepId, true),
      await call(a, 'GET', `/api/learn/lessons/${randomUUID()}`),
      await call(a, 'GET', '/api/learn/lessons/not-a-uuid'),
      await answer(a, "1' OR '1'='1", 'intro', true),
    ]) {
      expect(res.status).toBe(404)
      expect(res.body.errors[0].code).toBe('not_found')
    }
    // A's session did not move.
    expect((await call(a, 'GET', `/api/learn/lessons/${id}`)).body).toMatchObject({ state: 'asking', step: { stepId: 'intro' } })
  })
})

describe('the guided state machine', () => {
  it('validates every input type with the spec’s messages, and bad types or sizes get 4xx, never 500', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    const s = (await start(learner, A())).body
    const id = s.sessionId as string
    const refuse = async (stepId: string, value: unknown, message: string) => {
      const res = await answer(learner, id, stepId, value)
      expect(res.status).toBe(422)
      expect(res.body.errors[0]).toMatchObject({ code: 'validation_error', message })
    }
    await refuse('intro', 'nope', 'Confirmation required.')
    expect((await answer(learner, id, 'intro', '')).status).toBe(200)

    await refuse('moment', '', 'This field is required.')
    await refuse('moment', '   ', 'This field is required.')
    await refuse('moment', 'too short', 'Answer must be at least 10 characters.')
    await refuse('moment', 42, 'Answer must be text.')
    await refuse('moment', 'x'.repeat(5001), 'Answer must be at most 5000 characters.')
    const tooBig = await answer(learner, id, 'moment', 'x'.repeat(30_000))
    expect(tooBig.status).toBe(422)
    const objectValue = await call(learner, 'POST', `/api/learn/lessons/${id}/answers`, { stepId: 'moment', value: { nested: true } })
    expect(objectValue.status).toBe(422)
    const clientField = await call(learner, 'POST', `/api/learn/lessons/${id}/answers`, { stepId: 'moment', fieldName: 'role', value: 'A long enough answer' })
    expect(clientField.status).toBe(422)
    expect((await answer(learner, id, 'moment', '  A long enough answer  ')).status).toBe(200)

    // Not required, but a minimum length still applies (as in the original).
    await refuse('note', 'ab', 'Answer must be at least 3 characters.')
    expect((await answer(learner, id, 'note', 'abc')).status).toBe(200)

    await refuse('stakes', '', 'Please choose an option.')
    await refuse('stakes', 'panicking', 'Selection not recognised.')
    await refuse('stakes', 7, 'Please choose an option.')
    expect((await answer(learner, id, 'stakes', 'spiking')).status).toBe(200)

    await refuse('confidence', null, 'Rating is required.')
    await refuse('confidence', '', 'Rating is required.')
    await refuse('confidence', 'high', 'Rating must be a number.')
    await refuse('confidence', 2.5, 'Rating must be a number.')
    await refuse('confidence', 0, 'Rating must be ≥ 1.')
    await refuse('confidence', 6, 'Rating must be ≤ 5.')
    expect((await answer(learner, id, 'confidence', '4')).status).toBe(200)

    const unknown = await answer(learner, id, 'nowhere', true)
    expect(unknown.status).toBe(422)
    expect(unknown.body.errors[0].code).toBe('unknown_step')
    const behind = await answer(learner, id, 'intro', true)
    expect(behind.status).toBe(409)
    expect(behind.body.errors[0]).toMatchObject({ code: 'step_out_of_order', message: 'Step order mismatch; refresh to resume.' })

    const done = await answer(learner, id, 'commit', true)
    expect(done.body).toMatchObject({ completed: true, state: 'completed' })
    // The field names come from the flow; the summary counts each step once.
    expect(done.body.summary.stepsCompleted).toBe(6)
    expect(done.body.summary.fields.map((f: { fieldName: string }) => f.fieldName)).toEqual(['intro', 'moment_snapshot', 'note', 'stakes', 'confidence', 'commit'])
    expect(done.body.summary.fields[1].value).toBe('A long enough answer')
    expect(done.body.summary.fields[4].value).toBe(4)
    const after = await answer(learner, id, 'commit', true)
    expect(after.status).toBe(409)
    expect(after.body.errors[0].code).toBe('session_completed')
    expect((await call(learner, 'GET', `/api/learn/lessons/${id}`)).body).toMatchObject({ completed: true, summary: { stepsCompleted: 6 } })
    expect((await call(learner, 'POST', '/api/learn/lessons', { moduleId: 'A' })).status).toBe(422)
    expect((await call(learner, 'POST', '/api/learn/lessons', { moduleId: 999999 })).status).toBe(404)
  })

  it('accepts exactly one of 20 parallel answers to one step', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    const s = (await start(learner, A())).body
    const results = await Promise.all(Array.from({ length: 20 }, () => answer(learner, s.sessionId, 'intro', true)))
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    expect(results.filter((r) => r.status === 409).every((r) => r.body.errors[0].code === 'step_out_of_order')).toBe(true)
    expect(results.filter((r) => r.status === 409)).toHaveLength(19)
    expect((await sql.query('SELECT count(*)::int AS n FROM lesson_step_responses WHERE session_id = $1', [s.sessionId])).rows[0].n).toBe(1)
    expect((await sql.query(`SELECT count(*)::int AS n FROM analytics_events WHERE user_id = $1 AND type = 'lesson_guided_step_submitted'`, [learner.id])).rows[0].n).toBe(1)
  })

  it('resumes the open session instead of piling up new ones', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    const first = await start(learner, A())
    expect(first.status).toBe(201)
    const again = await start(learner, A())
    expect(again.status).toBe(200)
    expect(again.body.sessionId).toBe(first.body.sessionId)
  })

  it('keeps the steps a session started with when an author republishes the flow', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    const s = (await start(learner, A())).body
    await app.payload.update({
      collection: 'guided-flows',
      id: world[0]!.flowIds[0]!,
      data: { version: '2.0.0', steps: [{ stepId: 'only', fieldName: 'only', inputType: 'confirm', promptTitle: 'Replaced' }], _status: 'published' } as never,
      overrideAccess: true,
    })
    try {
      let step = s.step
      const seen: string[] = []
      for (;;) {
        seen.push(step.stepId)
        const r = await answer(learner, s.sessionId, step.stepId, validAnswer(step))
        expect(r.status).toBe(200)
        if (r.body.completed) break
        step = r.body.nextStep
      }
      expect(seen).toEqual(allTypesFlow.map((x) => x.stepId))
      // A new session gets the new flow.
      const next = await createUser(app.payload, app.baseUrl)
      expect((await start(next, A())).body).toMatchObject({ flowVersion: '2.0.0', totalSteps: 1, step: { stepId: 'only' } })
    } finally {
      await app.payload.update({ collection: 'guided-flows', id: world[0]!.flowIds[0]!, data: { version: '1.0.0', steps: allTypesFlow, _status: 'published' } as never, overrideAccess: true })
    }
  })
})

describe('the AI relay never blocks a learner', () => {
  const relayOnce = async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    const s = (await start(learner, A())).body
    const began = Date.now()
    const res = await answer(learner, s.sessionId, 'intro', true)
    return { learner, s, res, ms: Date.now() - began }
  }

  it('uses a webhook’s words for the next prompt, and resume shows what the learner saw', async () => {
    process.env.LESSON_RELAY_WEBHOOK = ai.webhookUrl
    ai.setReply('Good. Now picture the room: what is the moment?')
    const { learner, s, res } = await relayOnce()
    expect(res.status).toBe(200)
    expect(res.body.nextStep).toMatchObject({ stepId: 'moment', promptBody: 'Good. Now picture the room: what is the moment?' })
    expect((await call(learner, 'GET', `/api/learn/lessons/${s.sessionId}`)).body.step.promptBody).toBe('Good. Now picture the room: what is the moment?')
    const sent = ai.requests.at(-1)!
    expect(sent.path).toBe('/webhook')
    expect(JSON.stringify(sent.body)).not.toContain(learner.email)
  })

  for (const mode of ['error', 'malformed', 'slow'] as const) {
    it(`falls back to the authored prompt when the webhook is ${mode}`, async () => {
      process.env.LESSON_RELAY_WEBHOOK = ai.webhookUrl
      process.env.LESSON_RELAY_TIMEOUT_MS = '400'
      ai.setMode(mode)
      const { res, ms, learner, s } = await relayOnce()
      expect(res.status).toBe(200)
      expect(res.body.nextStep).toMatchObject({ stepId: 'moment', promptBody: 'Describe it.' })
      expect(ms).toBeLessThan(3000)
      // The answer was saved before the relay ran.
      expect((await call(learner, 'GET', `/api/learn/lessons/${s.sessionId}`)).body.step.stepId).toBe('moment')
    })
  }

  it('asks the AI client when no webhook is set, and falls back when it fails or hangs', async () => {
    process.env.OPENAI_API_KEY = 'test-key'
    process.env.OPENAI_BASE_URL = ai.baseUrl
    process.env.LESSON_RELAY_TIMEOUT_MS = '400'
    ai.setReply('Thanks — that helps. Describe the moment.')
    const ok = await relayOnce()
    expect(ok.res.body.nextStep.promptBody).toBe('Thanks — that helps. Describe the moment.')
    expect(ai.requests.at(-1)!.path).toBe('/v1/chat/completions')
    for (const mode of ['error', 'slow', 'malformed'] as const) {
      ai.setMode(mode)
      const r = await relayOnce()
      expect(r.res.status).toBe(200)
      expect(r.res.body.nextStep.promptBody).toBe('Describe it.')
      expect(r.ms).toBeLessThan(3000)
    }
  })
})
