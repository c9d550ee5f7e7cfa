import { afterAll, afterEach, beforeAll, expect, it } from '@jest/globals'
import pg from 'pg'

import { startFakeAi } from '../helpers/fakeAi'
import type { FakeAi } from '../helpers/fakeAi'
import { api, createUser } from '../helpers/http'
import type { TestUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'
import { createWorld } from '../journey/world'

let app: TestApp
let sql: pg.Client
let ai: FakeAi

beforeAll(async () => {
  app = await startTestApp()
  sql = new pg.Client({ connectionString: app.databaseUrl })
  await sql.connect()
  ai = await startFakeAi({ slowMs: 3000 })
  const [d] = await createWorld(app.payload, { districts: 1, modules: 1, venues: 0 })
  await app.payload.create({
    collection: 'knowledge-blocks',
    data: { module: d!.moduleIds[0], title: 'Breathing before the ask', summary: 'Exhale slowly before the ask. It steadies the voice.', order: 5, _status: 'published' } as never,
    overrideAccess: true,
  })
  await app.payload.create({
    collection: 'amphitheatre-exercises',
    data: { key: 'breath_drill', title: 'Breathing reset', rotationOrder: 1, components: [{ blockType: 'promptCard', label: 'Breathe' }], _status: 'published' } as never,
    overrideAccess: true,
  })
})

afterEach(() => {
  for (const key of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'AI_TIMEOUT_MS']) delete process.env[key]
  process.env.RATE_LIMIT_COACH = '100000/1h'
  ai.setMode('ok')
})

afterAll(async () => {
  await ai?.close()
  await sql?.end()
  await app?.close()
})

const send = (learner: TestUser, body: unknown) => api(app.baseUrl, 'POST', '/api/learn/coach/messages', { token: learner.token, body })

it('answers with sources from the current module and a suggested drill, and keeps the conversation on the server', async () => {
  process.env.OPENAI_API_KEY = 'k'
  process.env.OPENAI_BASE_URL = ai.baseUrl
  ai.setReply('Exhale before you ask, then pause.')
  const learner = await createUser(app.payload, app.baseUrl)
  const first = await send(learner, { message: 'How do I keep my voice steady before the ask?' })
  expect(first.status).toBe(201)
  expect(first.body).toMatchObject({ reply: 'Exhale before you ask, then pause.', source: 'ai', suggestedDrill: { key: 'breath_drill', title: 'Breathing reset' } })
  expect(first.body.sources[0]).toMatchObject({ title: 'Breathing before the ask' })
  const system = (ai.requests.at(-1)!.body as { messages: { role: string; content: string }[] }).messages[0]!.content
  expect(system).toContain('Exhale slowly before the ask')

  const second = await send(learner, { conversationId: first.body.conversationId, message: 'And after the ask?' })
  expect(second.body.conversationId).toBe(first.body.conversationId)
  const sent = (ai.requests.at(-1)!.body as { messages: { role: string; content: string }[] }).messages
  expect(sent.slice(1, 3).map((m) => m.role)).toEqual(['user', 'assistant'])
  const [row] = (await sql.query('SELECT message_count, messages FROM coach_conversations WHERE id = $1', [first.body.conversationId])).rows
  expect(Number(row.message_count)).toBe(4)
  expect(row.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant'])
  const events = (await sql.query(`SELECT data FROM analytics_events WHERE user_id = $1 AND type = 'coach_question'`, [learner.id])).rows.map((r) => r.data)
  expect(events).toEqual([
    { module: 'A', question_length: 'How do I keep my voice steady before the ask?'.length, source: 'ai' },
    { module: 'A', question_length: 'And after the ask?'.length, source: 'ai' },
  ])
})

it('falls back to a grounded answer when the AI is missing, failing or slow', async () => {
  const learner = await createUser(app.payload, app.baseUrl)
  const noKey = await send(learner, { message: 'Help me breathe before the ask' })
  expect(noKey.body.source).toBe('fallback')
  expect(noKey.body.reply).toContain('Breathing before the ask')
  expect(noKey.body.reply).toContain('Breathing reset')
  process.env.OPENAI_API_KEY = 'k'
  process.env.OPENAI_BASE_URL = ai.baseUrl
  process.env.AI_TIMEOUT_MS = '300'
  for (const mode of ['error', 'slow', 'malformed'] as const) {
    ai.setMode(mode)
    const res = await send(learner, { message: 'Help me breathe before the ask' })
    expect(res.status).toBe(201)
    expect(res.body.source).toBe('fallback')
  }
})

it('keeps conversations private, caps messages and limits each learner', async () => {
  const a = await createUser(app.payload, app.baseUrl)
  const b = await createUser(app.payload, app.baseUrl)
  const mine = (await send(a, { message: 'hello coach' })).body.conversationId
  const stolen = await send(b, { conversationId: mine, message: 'let me read this' })
  expect(stolen.status).toBe(404)
  expect((await api(app.baseUrl, 'GET', `/api/coach-conversations/${mine}`, { token: b.token })).status).toBe(404)
  expect((await send(a, { message: 'x'.repeat(2001) })).status).toBe(422)
  expect((await send(a, { message: '' })).status).toBe(422)
  process.env.RATE_LIMIT_COACH = '2/10m'
  const c = await createUser(app.payload, app.baseUrl)
  expect((await send(c, { message: 'one' })).status).toBe(201)
  expect((await send(c, { message: 'two' })).status).toBe(201)
  const third = await send(c, { message: 'three' })
  expect(third.status).toBe(429)
  expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0)
})
