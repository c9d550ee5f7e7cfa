import fs from 'node:fs'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Ajv2020 } from 'ajv/dist/2020.js'
import type { ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { parse } from 'yaml'

import { projectRoot } from '../../src/paths'
import { api, createUser } from '../helpers/http'
import type { ApiResponse, TestUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'
import { validAnswer } from '../journey/helpers'
import { createWorld } from '../journey/world'

/**
 * Real responses checked against docs/openapi.yaml: each call's status must be one the spec
 * lists for that operation, its JSON body must match the listed schema, and a body the server
 * accepted must match the request schema (and bodies marked `specRefuses` must fail it).
 */

type Schema = { [key: string]: unknown } | boolean
const spec = parse(fs.readFileSync(path.join(projectRoot, 'docs/openapi.yaml'), 'utf8')) as {
  paths: Record<string, Record<string, { requestBody?: Ref & { content?: Record<string, { schema?: Schema }> }; responses: Record<string, Ref & { content?: Record<string, { schema?: Schema }> }> }>>
}
type Ref = { $ref?: string }

function resolve<T>(node: T & Ref): T {
  if (!node.$ref) return node
  const target = node.$ref.replace(/^#\//, '').split('/').reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], spec)
  if (target === undefined) throw new Error(`dangling $ref ${node.$ref}`)
  return resolve(target as T & Ref)
}

// ── schemas checked by Ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1) ──
// The whole spec is registered as one schema, so `#/components/...` references resolve inside it.
// Strict mode is off only because the spec's root and its annotations (`example`, `x-*`) are not
// JSON Schema keywords; formats are checked (`binary` is an upload, anything goes).
const ajv = new Ajv2020({ strict: false, allErrors: true })
addFormats(ajv)
ajv.addFormat('binary', true)
ajv.addSchema(spec as object, 'openapi')
const compiled = new WeakMap<object, ValidateFunction>()
const rebase = (schema: object): object => JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\//g, '"$ref":"openapi#/'))

export function validate(schema: Schema, value: unknown): string[] {
  if (typeof schema === 'boolean') return schema ? [] : ['$: nothing is allowed here']
  let check = compiled.get(schema)
  if (!check) {
    check = ajv.compile(rebase(schema))
    compiled.set(schema, check)
  }
  return check(value) ? [] : (check.errors ?? []).map((e) => `$${e.instancePath}: ${e.message} ${JSON.stringify(e.params)}`)
}

// ── calls checked against the spec ──
let app: TestApp
let world: Awaited<ReturnType<typeof createWorld>>
const seen = new Set<string>()

beforeAll(async () => {
  app = await startTestApp()
  world = await createWorld(app.payload, { districts: 1, modules: 2, venues: 2 })
})

afterAll(async () => {
  await app?.close()
})

type Call = { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; query?: string; params?: Record<string, string | number>; specRefuses?: boolean }

/** One request to the operation `METHOD specPath`, checked against the spec; returns the response for further assertions. */
async function call(method: string, specPath: string, options: Call = {}): Promise<ApiResponse> {
  const operation = spec.paths[specPath]?.[method.toLowerCase()]
  if (!operation) throw new Error(`${method} ${specPath} is not in the spec`)
  const url = specPath.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(options.params?.[name] ?? `{${name}}`))) + (options.query ? `?${options.query}` : '')
  const res = await api(app.baseUrl, method, url, { token: options.token, body: options.body, rawBody: options.rawBody, headers: { ...options.headers, ...(options.rawBody ? { 'content-type': 'application/json' } : {}) } })
  const where = `${method} ${url} → ${res.status} ${res.text.slice(0, 300)}`

  const documented = operation.responses[String(res.status)]
  expect([where, documented ? 'documented' : 'undocumented status']).toEqual([where, 'documented'])
  const response = resolve(documented as Ref & { content?: Record<string, { schema?: Schema }> })
  const type = res.headers.get('content-type')?.split(';')[0] ?? ''
  if (!res.text) {
    expect([where, response.content === undefined]).toEqual([where, true])
  } else {
    expect([where, Object.keys(response.content ?? {})]).toEqual([where, expect.arrayContaining([type])])
    const schema = response.content?.[type]?.schema
    if (type === 'application/json' && schema !== undefined) expect([where, validate(schema, res.body)]).toEqual([where, []])
  }

  const requestSchema = operation.requestBody ? resolve(operation.requestBody).content?.['application/json']?.schema : undefined
  if (requestSchema !== undefined && options.body !== undefined) {
    const problems = validate(requestSchema, options.body)
    if (res.status < 300) expect([where, 'request', problems]).toEqual([where, 'request', []])
    // Refinements (an IANA time zone, a password policy) are beyond a schema; structural mistakes are not.
    if (options.specRefuses) expect([where, 'the spec should refuse this body too', problems.length > 0]).toEqual([where, 'the spec should refuse this body too', true])
  }
  seen.add(`${method} ${specPath} ${res.status}`)
  return res
}

const onboardingAnswers = {
  jobRole: 'manager',
  typicalAudience: 'clients',
  mainGoal: 'engage_audience',
  comfortUnderPressure: 'manage_well',
  timePressureProfile: 'deadline',
  preferredPracticeTime: 'evening',
  dailyGoalMinutes: 20,
  timezone: 'Europe/Paris',
}

describe('responses match the spec', () => {
  let token: string
  let sessionId: string

  it('sign-up, the profile and onboarding', async () => {
    const signup = await call('POST', '/api/users/signup', { body: { email: 'Docs.Reader@Example.com', username: 'Docs_Reader', password: 'a sturdy passphrase', displayName: 'Docs Reader', role: 'admin' } })
    expect(signup.status).toBe(201)
    expect(signup.body.user).toMatchObject({ username: 'docs_reader', role: 'learner' })
    for (const header of ['set-cookie', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset']) expect(signup.headers.get(header)).toBeTruthy()
    token = signup.body.token

    expect((await call('POST', '/api/users/signup', { body: { email: 'docs.reader@example.com', username: 'someone_else', password: 'a sturdy passphrase' } })).status).toBe(409)
    expect((await call('POST', '/api/users/signup', { body: { email: 'weak@example.com', username: 'weak_one', password: '12345678' } })).body.errors[0].code).toBe('weak_password')
    expect((await call('POST', '/api/users/signup', { body: { email: 'not an email', username: 'x', password: 'a sturdy passphrase' }, specRefuses: true })).status).toBe(422)
    expect((await call('POST', '/api/users/signup', { rawBody: '{"email":' })).status).toBe(400)

    expect((await call('GET', '/api/learn/profile', { token })).body.profile.persona.onboardingCompleted).toBe(false)
    expect((await call('GET', '/api/learn/home', { token })).status).toBe(409)
    expect((await call('GET', '/api/learn/home')).status).toBe(401)
    expect((await call('POST', '/api/learn/onboarding', { token, body: { ...onboardingAnswers, timezone: 'Mars/Olympus' } })).status).toBe(422)
    expect((await call('POST', '/api/learn/onboarding', { token, body: { ...onboardingAnswers, extra: 1 }, specRefuses: true })).status).toBe(422)
    expect((await call('POST', '/api/learn/onboarding', { token, body: onboardingAnswers })).status).toBe(200)
  })

  it('the journey: home, districts, modules', async () => {
    const [district] = world
    const home = await call('GET', '/api/learn/home', { token })
    expect(home.status).toBe(200)
    expect(home.body.resumeModule.id).toBe(district!.moduleIds[0])
    expect((await call('GET', '/api/learn/districts/{number}', { token, params: { number: 1 } })).status).toBe(200)
    expect((await call('GET', '/api/learn/districts/{number}', { token, params: { number: 99 } })).status).toBe(404)
    expect((await call('GET', '/api/learn/districts/{number}/venues', { token, params: { number: 1 } })).status).toBe(200)
    expect((await call('GET', '/api/learn/modules/{id}', { token, params: { id: district!.moduleIds[0]! } })).status).toBe(200)
    expect((await call('GET', '/api/learn/modules/{id}', { token, params: { id: district!.moduleIds[1]! } })).status).toBe(403)
    const first = await call('GET', '/api/learn/modules/{id}/next-block', { token, params: { id: district!.moduleIds[0]! } })
    expect(first.body.done).toBe(false)
    const last = await call('GET', '/api/learn/modules/{id}/next-block', { token, params: { id: district!.moduleIds[0]! }, query: `after=${first.body.block.id + 1}` })
    expect(last.body).toEqual({ block: null, done: true })
  })

  it('a guided lesson from start to completion', async () => {
    const moduleId = world[0]!.moduleIds[0]!
    const started = await call('POST', '/api/learn/lessons', { token, body: { moduleId } })
    expect(started.status).toBe(201)
    sessionId = started.body.sessionId
    expect((await call('POST', '/api/learn/lessons', { token, body: { moduleId } })).status).toBe(200)
    expect((await call('POST', '/api/learn/lessons', { token, body: { moduleId: 'A' }, specRefuses: true })).status).toBe(422)
    expect((await call('GET', '/api/learn/lessons/{sessionId}', { token, params: { sessionId } })).status).toBe(200)
    expect((await call('GET', '/api/learn/lessons/{sessionId}', { token, params: { sessionId: 'not-a-uuid' } })).status).toBe(404)
    expect((await call('POST', '/api/learn/lessons/{sessionId}/answers', { token, params: { sessionId }, body: { stepId: 'nope', value: true } })).body.errors[0].code).toBe('unknown_step')

    let step = started.body.step
    for (;;) {
      const res = await call('POST', '/api/learn/lessons/{sessionId}/answers', { token, params: { sessionId }, body: { stepId: step.stepId, value: validAnswer(step) } })
      expect(res.status).toBe(200)
      if (res.body.completed) {
        expect(res.body.rewards).toEqual({ xp: 50, tickets: 1 })
        break
      }
      step = res.body.nextStep
    }
    expect((await call('GET', '/api/learn/lessons/{sessionId}', { token, params: { sessionId } })).body.completed).toBe(true)
    expect((await call('POST', '/api/learn/lessons/{sessionId}/answers', { token, params: { sessionId }, body: { stepId: step.stepId, value: true } })).status).toBe(409)
  })

  it('a venue visit, an exercise, a milestone, the coach and the amphitheatre', async () => {
    const venue = world[0]!.venueIds[0]!
    const entry = await call('POST', '/api/learn/venues/{id}/entries', { token, params: { id: venue } })
    expect(entry.status).toBe(201)
    expect((await call('POST', '/api/learn/venues/{id}/entries', { token, params: { id: venue } })).status).toBe(200)
    expect((await call('POST', '/api/learn/venues/{id}/entries', { token, params: { id: world[0]!.venueIds[1]! } })).status).toBe(403)
    expect((await call('POST', '/api/learn/venues/{id}/complete', { token, params: { id: venue } })).body.errors[0].code).toBe('practice_required')
    expect((await call('POST', '/api/learn/venues/{id}/tasks', { token, params: { id: venue }, body: { entryId: entry.body.entry.id, taskSheetId: 1, exerciseIndex: 0, response: 'text' } })).status).toBe(404)
    expect((await call('POST', '/api/learn/venues/{id}/feedback', { token, params: { id: venue }, body: { entryId: entry.body.entry.id, transcript: 'Good evening, everyone.' } })).status).toBe(201)
    const completed = await call('POST', '/api/learn/venues/{id}/complete', { token, params: { id: venue } })
    expect(completed.body.rewards).toEqual({ xp: 20, coins: 10 })

    const block = (await app.payload.find({ collection: 'knowledge-blocks', where: { module: { equals: world[0]!.moduleIds[0] } }, limit: 1, overrideAccess: true })).docs[0]!
    expect((await call('POST', '/api/learn/exercises', { token, body: { knowledgeBlockId: block.id, exerciseIndex: 0, answer: 'x' } })).status).toBe(404)
    expect((await call('POST', '/api/learn/exercises', { token, body: { knowledgeBlockId: block.id, exerciseIndex: 20, answer: 'x' }, specRefuses: true })).status).toBe(422)

    // Module A's flow maps no stakes-map fields in this world.
    expect((await call('GET', '/api/learn/stakes-maps/{moduleId}', { token, params: { moduleId: world[0]!.moduleIds[0]! } })).body.errors[0].code).toBe('no_stakes_map')
    await app.payload.db.pool.query(
      `UPDATE guided_flows_steps SET stakes_map_field = 'situation' WHERE stakes_map_field IS NULL AND input_type = 'textarea' AND _parent_id = (SELECT id FROM guided_flows WHERE module_id = $1)`,
      [world[0]!.moduleIds[0]!],
    )
    const mapBody = { situation: 'The board review', pressurePoints: { pressure: 3, visibility: 4, irreversibility: null, control: 2 }, trigger: null, lever: 'presence', actionStep: null }
    const created = await call('PUT', '/api/learn/stakes-maps/{moduleId}', { token, params: { moduleId: world[0]!.moduleIds[0]! }, body: mapBody })
    expect(created.status).toBe(201)
    expect((await call('GET', '/api/learn/stakes-maps/{moduleId}', { token, params: { moduleId: world[0]!.moduleIds[0]! } })).body.lever).toBe('presence')
    expect((await call('PUT', '/api/learn/stakes-maps/{moduleId}', { token, params: { moduleId: world[0]!.moduleIds[0]! }, body: { ...mapBody, revision: 0 } })).status).toBe(409)
    expect((await call('PUT', '/api/learn/stakes-maps/{moduleId}', { token, params: { moduleId: world[0]!.moduleIds[0]! }, body: { ...mapBody, lever: 'panic' }, specRefuses: true })).status).toBe(422)

    // Module A was completed above: its blocks are in review.
    const due = await call('GET', '/api/learn/review/due', { token, query: 'limit=5' })
    expect(due.body.items.map((i: { knowledgeBlock: { id: number } }) => i.knowledgeBlock.id)).toContain(block.id)
    expect((await call('GET', '/api/learn/review/due', { token, query: 'limit=500' })).status).toBe(422)
    const reviewId = '4f0d7c2e-3b1a-4c5d-8e9f-0a1b2c3d4e5f'
    const reviewed = await call('POST', '/api/learn/review/{knowledgeBlockId}', { token, params: { knowledgeBlockId: block.id }, body: { rating: 'good', id: reviewId, reviewedAt: new Date().toISOString() } })
    expect(reviewed.status).toBe(201)
    expect((await call('POST', '/api/learn/review/{knowledgeBlockId}', { token, params: { knowledgeBlockId: block.id }, body: { rating: 'easy', id: reviewId } })).body.errors[0].code).toBe('client_id_reused')
    expect((await call('POST', '/api/learn/review/{knowledgeBlockId}', { token, params: { knowledgeBlockId: block.id }, body: { rating: 'fine' }, specRefuses: true })).status).toBe(422)

    // An offline queue: the block is still in its learning steps (due again within the day), so the review pays.
    const action = { id: '7d1e5c3a-9b2f-4e6d-8a0c-1f2e3d4c5b6a', method: 'POST', path: `/api/learn/review/${block.id}`, body: { rating: 'hard' }, occurredAt: new Date().toISOString() }
    const synced = await call('POST', '/api/learn/sync', { token, body: { actions: [action] } })
    expect(synced.body).toMatchObject({ applied: 1, failed: 0, results: [{ status: 201, clientTimeTrusted: true, body: { xpEarned: 5 } }] })
    expect((await call('POST', '/api/learn/sync', { token, body: { actions: [{ ...action, method: 'GET' }] }, specRefuses: true })).status).toBe(422)

    expect((await call('GET', '/api/learn/milestones/{level}', { token, params: { level: 1 } })).body.status).toBe('locked')
    expect((await call('POST', '/api/learn/milestones/{level}/attempts', { token, params: { level: 1 }, body: { transcript: 'A talk long enough to be scored by the rubric.' } })).status).toBe(403)
    expect((await call('POST', '/api/learn/milestones/{level}/attempts', { token, params: { level: 1 }, body: { transcript: 'both', recordingId: 1 }, specRefuses: true })).status).toBe(422)
    expect((await call('POST', '/api/learn/milestones/{level}/attempts/{id}/retry', { token, params: { level: 1, id: 999 } })).status).toBe(404)

    const coach = await call('POST', '/api/learn/coach/messages', { token, body: { message: 'How do I open a talk?' } })
    expect(coach.status).toBe(201)
    expect((await call('POST', '/api/learn/coach/messages', { token, body: { conversationId: coach.body.conversationId, message: 'And then?' } })).status).toBe(201)
    expect((await call('POST', '/api/public/landing-chat', { body: { message: 'What is SpeakPro?', history: [{ role: 'user', content: 'hi' }] } })).status).toBe(200)

    expect((await call('GET', '/api/learn/amphitheatre', { token })).status).toBe(403)
    expect((await call('POST', '/api/learn/amphitheatre/sessions', { token })).status).toBe(403)
    expect((await call('GET', '/api/learn/amphitheatre/sessions/{id}', { token, params: { id: 1 } })).status).toBe(404)
    expect((await call('GET', '/api/learn/amphitheatre/history', { token })).status).toBe(200)
    expect((await call('GET', '/api/learn/amphitheatre/history', { token, query: 'page=1&limit=50' })).status).toBe(422)
    expect((await call('GET', '/api/learn/amphitheatre/settings', { token })).status).toBe(200)
    expect((await call('PATCH', '/api/learn/amphitheatre/settings', { token, body: { language: 'pt-BR', audioDevice: null } })).body.language).toBe('pt-BR')
  })

  it('the economy, events and the built-in account endpoints', async () => {
    expect((await call('GET', '/api/learn/quests', { token })).status).toBe(200)
    expect((await call('GET', '/api/learn/leaderboard', { token })).body.me.xp).toBe(80) // module 50 + venue 20 + two due reviews 5 + 5
    expect((await call('GET', '/api/learn/leaderboard', { token, query: 'period=month' })).status).toBe(422)
    const broke = await call('POST', '/api/learn/shop/purchases', { token, body: { item: 'ticket', quantity: 1 }, headers: { 'idempotency-key': 'docs-1' } })
    expect(broke.body.errors[0]).toMatchObject({ code: 'insufficient_funds', data: { currency: 'coins' } })
    expect((await call('POST', '/api/learn/shop/purchases', { token, body: { item: 'ticket' }, headers: { 'idempotency-key': 'x'.repeat(256) } })).body.errors[0].code).toBe('invalid_idempotency_key')
    const events = await call('POST', '/api/learn/events', { token, body: { events: [{ id: '0f8fad5b-d9cb-469f-a165-70867728950e', type: 'client.screen_view', occurredAt: new Date().toISOString(), data: { screen: 'docs' } }] } })
    expect(events.body.accepted).toBe(1)

    const ledger = await call('GET', '/api/reward-ledger', { token, query: 'depth=0&sort=-createdAt' })
    expect(ledger.body.docs.map((r: { reason: string }) => r.reason)).toEqual(expect.arrayContaining(['module_complete', 'venue_complete']))
    expect((await call('GET', '/api/users/me', { token })).body.user.username).toBe('docs_reader')
    expect((await call('GET', '/api/users/me')).body.user).toBeNull()
    expect((await call('POST', '/api/users/login', { body: { username: 'docs_reader', password: 'a sturdy passphrase' } })).status).toBe(200)
    expect((await call('POST', '/api/users/login', { body: { username: 'docs_reader', password: 'wrong password' } })).body.errors[0].code).toBe('invalid_credentials')
    expect((await call('POST', '/api/users/login', { body: { username: 'nobody_at_all', password: 'wrong password' } })).body.errors[0].code).toBe('invalid_credentials')
    const refreshed = await call('POST', '/api/users/refresh-token', { token })
    expect(refreshed.status).toBe(200)
    expect((await call('POST', '/api/users/refresh-token')).status).toBe(403)
    expect((await call('POST', '/api/users/first-register', { body: {} })).status).toBe(403)
    expect((await call('POST', '/api/users/logout', { token: refreshed.body.refreshedToken })).status).toBe(200)
    expect((await call('POST', '/api/users/logout')).status).toBe(400)
    expect((await call('POST', '/api/users/forgot-password', { body: { email: 'nobody.at.all@example.com' } })).status).toBe(200)
    expect((await call('POST', '/api/users/forgot-password', { body: {} })).status).toBe(400)
    // A reset: the password policy first (the token survives a refusal), then a good password.
    const resetToken = await app.payload.forgotPassword({ collection: 'users', data: { email: 'docs.reader@example.com' }, disableEmail: true })
    expect((await call('POST', '/api/users/reset-password', { body: { token: resetToken, password: '12345678' } })).body.errors[0].data.code).toBe('weak_password')
    expect((await call('POST', '/api/users/reset-password', { body: { token: 'not-a-token', password: 'a sturdier passphrase' } })).status).toBe(403)
    expect((await call('POST', '/api/users/reset-password', { body: { token: resetToken, password: 'a sturdier passphrase' } })).body.token).toEqual(expect.any(String))
  })

  it('the admin endpoints and closing an account', async () => {
    const admin: TestUser = await createUser(app.payload, app.baseUrl, 'admin')
    const learner: TestUser = await createUser(app.payload, app.baseUrl)
    expect((await call('GET', '/api/admin/analytics/summary', { token: learner.token, query: 'from=2026-01-01&to=2026-01-07' })).status).toBe(403)
    const summary = await call('GET', '/api/admin/analytics/summary', { token: admin.token, query: 'from=2026-01-01&to=2026-01-07' })
    expect(summary.body.days).toHaveLength(7)
    expect((await call('GET', '/api/admin/analytics/summary', { token: admin.token, query: 'from=2026-01-07&to=2026-01-01' })).status).toBe(422)
    expect((await call('POST', '/api/admin/analytics/rollup', { token: admin.token, body: { from: '2026-01-01', to: '2026-01-03' } })).body).toEqual({ from: '2026-01-01', to: '2026-01-03', days: 3 })
    expect((await call('POST', '/api/admin/analytics/rollup', { token: learner.token, body: { from: '2026-01-01', to: '2026-01-03' } })).status).toBe(403)
    const csv = await call('GET', '/api/admin/learners.csv', { token: admin.token, query: 'view=practice' })
    expect(csv.text.split('\r\n')[0]).toContain('"username"')
    const adjustment = await call('POST', '/api/admin/economy/adjustments', { token: admin.token, body: { user: learner.id, currency: 'coins', delta: 40, note: 'docs test' }, headers: { 'idempotency-key': 'docs-adjust' } })
    expect(adjustment.status).toBe(201)
    const replay = await call('POST', '/api/admin/economy/adjustments', { token: admin.token, body: { user: learner.id, currency: 'coins', delta: 40, note: 'docs test' }, headers: { 'idempotency-key': 'docs-adjust' } })
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    expect((await call('POST', '/api/admin/economy/adjustments', { token: admin.token, body: { user: learner.id, currency: 'coins', delta: 41, note: 'docs test' }, headers: { 'idempotency-key': 'docs-adjust' } })).body.errors[0].code).toBe('idempotency_key_reused')
    expect((await call('POST', '/api/admin/economy/adjustments', { token: admin.token, body: { user: learner.id, currency: 'coins', delta: 0, note: 'docs test' }, specRefuses: true })).status).toBe(422)
    expect((await call('POST', '/api/learn/shop/purchases', { token: learner.token, body: { item: 'ticket', quantity: 2 } })).body.purchase.balances.tickets).toBe(2)
    expect((await call('DELETE', '/api/learn/account', { token: learner.token })).body).toEqual({ outcome: 'anonymised' })
  })

  it('exercised a good share of the documented operations', () => {
    const operations = new Set([...seen].map((s) => s.split(' ').slice(0, 2).join(' ')))
    expect(operations.size).toBeGreaterThanOrEqual(40)
  })
})

describe('the test validator', () => {
  // It must fail for the things it claims to check, or the suite above proves nothing.
  it('refuses wrong types, missing fields, extra fields where forbidden, ambiguous oneOf and bad formats', () => {
    const s = { type: 'object', required: ['a'], additionalProperties: false, properties: { a: { type: 'integer', minimum: 1 }, b: { oneOf: [{ type: 'string' }, { type: 'null' }] }, at: { type: 'string', format: 'date-time' } } }
    expect(validate(s, { a: 1, b: null, at: '2026-11-25T10:00:00.000Z' })).toEqual([])
    for (const bad of [{ a: 0 }, { a: 1.5 }, {}, { a: 1, c: 1 }, { a: 1, b: 3 }, { a: 1, at: 'yesterday' }]) expect(validate(s, bad).length).toBeGreaterThan(0)
    expect(validate({ $ref: '#/components/schemas/Error' }, { errors: [{ message: 'x' }] }).length).toBeGreaterThan(0)
  })
})
