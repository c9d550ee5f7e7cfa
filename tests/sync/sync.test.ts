import { randomUUID } from 'node:crypto'

import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'

import { setClock } from '../../src/clock'
import { findBalanceMismatches } from '../../src/services/economy/verify'
import { api, createUser } from '../helpers/http'
import type { TestUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'
import { validAnswer } from '../journey/helpers'
import { allTypesFlow, createWorld } from '../journey/world'

let app: TestApp
let sql: pg.Client
let moduleA: number
let venue: number
let block: number
let restoreClock: (() => void) | undefined

/** The server's now: the queued day below is yesterday, inside the 72-hour trust window. */
const NOW = new Date('2026-12-02T12:00:00Z')

beforeAll(async () => {
  app = await startTestApp()
  sql = new pg.Client({ connectionString: app.databaseUrl })
  await sql.connect()
  const [d] = await createWorld(app.payload, { districts: 1, modules: 2, venues: 2 })
  moduleA = d!.moduleIds[0]!
  venue = d!.venueIds[0]!
  block = (
    await app.payload.create({
      collection: 'knowledge-blocks',
      data: {
        module: moduleA,
        title: 'Pauses',
        order: 3,
        _status: 'published',
        exercises: [{ blockType: 'singleChoice', prompt: 'Pick the calm one', options: [{ value: 'pause', label: 'Pause' }, { value: 'rush', label: 'Rush' }], answerKey: { correct: 'pause' } }],
      } as never,
      overrideAccess: true,
    })
  ).id as number
  await app.payload.create({
    collection: 'quest-definitions',
    data: { key: 'steps', title: 'Answer steps', activity: 'lesson_step', target: 3, xpReward: 10, coinReward: 5, active: true, _status: 'published' } as never,
    overrideAccess: true,
  })
  restoreClock = setClock(NOW)
})

afterEach(() => {
  // Each test moves nothing: the server clock stays at NOW.
})

afterAll(async () => {
  restoreClock?.()
  expect(await findBalanceMismatches(app.payload.db.pool)).toEqual([])
  await sql?.end()
  await app?.close()
})

type Action = { id: string; method: string; path: string; body?: unknown; occurredAt?: string }

/**
 * A day of one learner's actions, recorded offline on Dec 1 (a few minutes apart): a whole
 * guided lesson started under the app's own session id, an exercise, a venue visit paid with the
 * ticket the lesson earned (entered, practised without knowing the entry's id, completed), a
 * review of a block the lesson put into review, a coach question and a batch of client events.
 */
function recordedDay(): Action[] {
  const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 8, minute)).toISOString()
  const session = randomUUID()
  const actions: Action[] = [{ id: randomUUID(), method: 'POST', path: '/api/learn/lessons', body: { moduleId: moduleA, sessionId: session }, occurredAt: at(0) }]
  for (const [i, step] of allTypesFlow.entries()) {
    const prompt = { ...step, fieldName: step.fieldName ?? step.stepId }
    actions.push({ id: randomUUID(), method: 'POST', path: `/api/learn/lessons/${session}/answers`, body: { stepId: step.stepId, value: validAnswer(prompt as never) }, occurredAt: at(1 + i) })
  }
  actions.push(
    { id: randomUUID(), method: 'POST', path: '/api/learn/exercises', body: { knowledgeBlockId: block, exerciseIndex: 0, answer: 'pause' }, occurredAt: at(20) },
    { id: randomUUID(), method: 'POST', path: `/api/learn/venues/${venue}/entries`, occurredAt: at(30) },
    { id: randomUUID(), method: 'POST', path: `/api/learn/venues/${venue}/feedback`, body: { transcript: 'Good evening. I will keep this short and clear.' }, occurredAt: at(31) },
    { id: randomUUID(), method: 'POST', path: `/api/learn/venues/${venue}/complete`, occurredAt: at(32) },
    { id: randomUUID(), method: 'POST', path: `/api/learn/review/${block}`, body: { rating: 'good' }, occurredAt: at(40) },
    { id: randomUUID(), method: 'POST', path: '/api/learn/coach/messages', body: { message: 'How do I open calmly?' }, occurredAt: at(41) },
    { id: randomUUID(), method: 'POST', path: '/api/learn/events', body: { events: [{ id: randomUUID(), type: 'client.screen_view', occurredAt: at(42), data: { screen: 'map' } }] }, occurredAt: at(42) },
  )
  return actions
}

/** When the suite's accounts are created: before the queued day (a client time before sign-up is never believed). */
const SIGNED_UP = new Date('2026-11-28T09:00:00Z')

/** A learner who signed up before the queued day; the clock is back at NOW afterwards. */
async function newLearner(): Promise<TestUser> {
  setClock(SIGNED_UP)
  try {
    return await createUser(app.payload, app.baseUrl)
  } finally {
    setClock(NOW)
  }
}

const sync = (learner: TestUser, actions: Action[]) => api(app.baseUrl, 'POST', '/api/learn/sync', { token: learner.token, body: { actions } })

/**
 * Everything the day changed for a learner, with database ids replaced by their order so two
 * learners' runs compare: balances and streak, progress, the ledger (what, how much, why,
 * when), and the activity rows.
 */
async function stateOf(user: number) {
  const one = async (q: string) => (await sql.query(q, [user])).rows
  // Keys naming a learner's own rows (an entry, a review) differ between learners by their ids.
  const norm = (key: string) => key.replace(/^(venue-entry|review):\d+/, '$1:#')
  return {
    balances: await one(`SELECT xp, coins, tickets, streak_freezes, current_streak, longest_streak, learner_level,
                                to_char(last_active_day AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM users WHERE id = $1`),
    progress: await one('SELECT module_id, started, completed, completed_at FROM user_progress WHERE user_id = $1 ORDER BY module_id'),
    ledger: (await one('SELECT currency, delta, balance_after, reason, idempotency_key, created_at FROM reward_ledger WHERE user_id = $1 ORDER BY id')).map((r) => ({ ...r, idempotency_key: norm(r.idempotency_key) })),
    counts: await one(`SELECT (SELECT count(*) FROM lesson_sessions WHERE user_id = $1) AS sessions,
                              (SELECT count(*) FROM lesson_step_responses WHERE user_id = $1) AS answers,
                              (SELECT count(*) FROM exercise_attempts WHERE user_id = $1) AS exercises,
                              (SELECT count(*) FROM venue_entries WHERE user_id = $1) AS entries,
                              (SELECT count(*) FROM venue_practice WHERE user_id = $1) AS practice,
                              (SELECT count(*) FROM review_logs WHERE user_id = $1) AS reviews,
                              (SELECT count(*) FROM coach_conversations WHERE user_id = $1) AS conversations,
                              (SELECT count(*) FROM analytics_events WHERE user_id = $1) AS events,
                              (SELECT string_agg(day || ':' || progress || ':' || completed, ',' ORDER BY day) FROM daily_quests WHERE user_id = $1) AS quests`),
  }
}

describe('POST /api/learn/sync', () => {
  it('applies a recorded day once: sent again, and again split across parallel requests, nothing changes', async () => {
    const learner = await newLearner()
    const day = recordedDay()
    const first = await sync(learner, day)
    expect(first.status).toBe(200)
    expect(first.body.results.map((r: any) => [r.status, r.replayed])).toEqual(
      day.map((a) => [a.path.endsWith('/lessons') || a.path.endsWith('/entries') || a.path.includes('/review/') || a.path.endsWith('/exercises') || a.path.endsWith('/feedback') || a.path.endsWith('/messages') ? 201 : 200, false]),
    )
    expect(first.body).toMatchObject({ applied: day.length, replayed: 0, failed: 0 })
    expect(first.body.results.every((r: any) => r.clientTimeTrusted === true)).toBe(true)
    const clean = await stateOf(learner.id)
    // The day counted on Dec 1, the day it was lived, not on the day it was synced.
    expect(clean.balances[0]).toMatchObject({ day: '2026-12-01', current_streak: '1' })
    expect(clean.progress[0]).toMatchObject({ module_id: moduleA, completed: true })
    expect(new Date(clean.progress[0].completed_at).toISOString()).toBe('2026-12-01T08:06:00.000Z')
    expect(clean.ledger.map((r: any) => r.reason)).toEqual(expect.arrayContaining(['module_complete', 'quest_complete', 'exercise', 'venue_complete', 'review']))

    const again = await sync(learner, day)
    expect(again.body).toMatchObject({ applied: 0, replayed: day.length, failed: 0 })
    // A replay answers exactly what the first delivery answered.
    expect(again.body.results.map((r: any) => r.body)).toEqual(first.body.results.map((r: any) => r.body))
    expect(await stateOf(learner.id)).toEqual(clean)

    const halves = [day.filter((_, i) => i % 2 === 0), day.filter((_, i) => i % 2 === 1)]
    const parallel = await Promise.all([...halves, day.slice(3, 9)].map((part) => sync(learner, part)))
    for (const res of parallel) expect(res.body).toMatchObject({ applied: 0, failed: 0 })
    expect(await stateOf(learner.id)).toEqual(clean)

    // A second learner's two devices deliver the same queue at the same moment: the result is
    // one clean run, identical to the first learner's.
    const twin = await newLearner()
    const twinDay = recordedDay()
    const [a, b] = await Promise.all([sync(twin, twinDay), sync(twin, twinDay)])
    expect(a.body.failed + b.body.failed).toBe(0)
    expect(a.body.applied + b.body.applied).toBe(twinDay.length)
    expect(a.body.replayed + b.body.replayed).toBe(twinDay.length)
    expect(await stateOf(twin.id)).toEqual(clean)
  }, 120_000)

  it('trusts queued times only inside the window, and a later action never rolls the streak back', async () => {
    const learner = await newLearner()
    const old = recordedDay().map((a) => ({ ...a, occurredAt: '2026-11-20T08:00:00Z' }))
    const res = await sync(learner, old.slice(0, 3))
    expect(res.body.results.map((r: any) => r.clientTimeTrusted)).toEqual([false, false, false])
    const { rows } = await sql.query("SELECT to_char(last_active_day AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM users WHERE id = $1", [learner.id])
    expect(rows[0].day).toBe('2026-12-02')
    // Queued before the last action that counted (the untrusted ones, at NOW): moved forward to it.
    const earlier = await sync(learner, [{ ...recordedDay()[0]!, occurredAt: '2026-12-01T23:00:00Z' }])
    expect(earlier.body.results[0]).toMatchObject({ clientTimeTrusted: false, clientTimeApplied: NOW.toISOString() })
    expect((await sql.query("SELECT to_char(last_active_day AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, current_streak FROM users WHERE id = $1", [learner.id])).rows[0]).toEqual({ day: '2026-12-02', current_streak: '1' })
  })

  it('reports each failure and goes on; refuses what cannot be queued; never touches another learner', async () => {
    const owner = await newLearner()
    const ownSession = randomUUID()
    await sync(owner, [{ id: randomUUID(), method: 'POST', path: '/api/learn/lessons', body: { moduleId: moduleA, sessionId: ownSession } }])
    const learner = await newLearner()
    const actions: Action[] = [
      { id: randomUUID(), method: 'POST', path: `/api/learn/lessons/${ownSession}/answers`, body: { stepId: 'intro', value: true } },
      { id: randomUUID(), method: 'POST', path: '/api/learn/lessons', body: { moduleId: moduleA, sessionId: ownSession } },
      { id: randomUUID(), method: 'DELETE', path: '/api/learn/account' },
      { id: randomUUID(), method: 'POST', path: '/api/learn/sync', body: { actions: [] } },
      { id: randomUUID(), method: 'POST', path: '/api/learn/nowhere' },
      { id: randomUUID(), method: 'POST', path: '/api/learn/exercises', body: { knowledgeBlockId: block, exerciseIndex: 0, answer: 'pause', extra: 1 } },
      { id: randomUUID(), method: 'POST', path: '/api/learn/shop/purchases', body: { item: 'ticket', quantity: 1 } },
      { id: randomUUID(), method: 'POST', path: '/api/learn/lessons', body: { moduleId: moduleA } },
    ]
    const res = await sync(learner, actions)
    expect(res.status).toBe(200)
    expect(res.body.results.map((r: any) => [r.status, r.body?.errors?.[0]?.code ?? null])).toEqual([
      [404, 'not_found'],
      [409, 'session_id_taken'],
      [404, 'unknown_action'],
      [404, 'unknown_action'],
      [404, 'unknown_action'],
      [422, 'validation_failed'],
      [409, 'insufficient_funds'],
      [201, null],
    ])
    expect(res.body).toMatchObject({ applied: 1, failed: 7 })
    expect((await sql.query('SELECT count(*)::int AS n FROM lesson_step_responses WHERE session_id = $1', [ownSession])).rows[0].n).toBe(0)
    expect((await sql.query('SELECT count(*)::int AS n FROM users WHERE id = $1', [learner.id])).rows[0].n).toBe(1)
  })

  it('refuses closing the account and a nested sync however the path is spelt (trailing slash), and a sync inside a sync never runs', async () => {
    const learner = await newLearner()
    const inner = recordedDay()
    const actions: Action[] = [
      { id: randomUUID(), method: 'DELETE', path: '/api/learn/account/' },
      { id: randomUUID(), method: 'POST', path: '/api/learn/sync/', body: { actions: inner } },
      { id: randomUUID(), method: 'POST', path: '/api/learn/sync', body: { actions: inner } },
    ]
    const res = await sync(learner, actions)
    expect(res.status).toBe(200)
    expect(res.body.results.map((r: any) => [r.status, r.body?.errors?.[0]?.code])).toEqual([
      [404, 'unknown_action'],
      [404, 'unknown_action'],
      [404, 'unknown_action'],
    ])
    expect((await sql.query('SELECT count(*)::int AS n FROM users WHERE id = $1 AND email = $2', [learner.id, learner.email])).rows[0].n).toBe(1)
    expect((await sql.query('SELECT count(*)::int AS n FROM lesson_sessions WHERE user_id = $1', [learner.id])).rows[0].n).toBe(0)
    // A trailing slash still reaches an allowed endpoint, as it does when sent alone.
    const [start] = recordedDay()
    const ok = await sync(learner, [{ ...start!, path: `${start!.path}/` }])
    expect(ok.body.results[0].status).toBe(201)
  })

  it('refuses a malformed queue as a whole, writing nothing', async () => {
    const learner = await newLearner()
    const ok = recordedDay()[0]!
    const bad: unknown[] = [
      { actions: [] },
      { actions: Array.from({ length: 101 }, () => ({ ...ok, id: randomUUID() })) },
      { actions: [{ ...ok, id: 'not-a-uuid' }] },
      { actions: [{ ...ok, method: 'GET' }] },
      { actions: [{ ...ok, path: '/api/users/me' }] },
      { actions: [{ ...ok, path: '/api/learn/lessons?x=1' }] },
      { actions: [{ ...ok, path: '/api/learn//lessons' }] },
      { actions: [{ ...ok, path: '/api/learn/../users/me' }] },
      { actions: [{ ...ok, occurredAt: 'yesterday' }] },
      { actions: [{ ...ok, extra: true }] },
    ]
    for (const body of bad) {
      const res = await api(app.baseUrl, 'POST', '/api/learn/sync', { token: learner.token, body })
      expect([res.status, res.body.errors[0].code]).toEqual([422, 'validation_failed'])
    }
    expect((await api(app.baseUrl, 'POST', '/api/learn/sync', { body: { actions: [ok] } })).status).toBe(401)
    expect((await sql.query('SELECT count(*)::int AS n FROM lesson_sessions WHERE user_id = $1', [learner.id])).rows[0].n).toBe(0)
  })
})

describe('offline-tolerant single writes', () => {
  it('take Idempotency-Key and Client-Time on every learner write', async () => {
    const learner = await newLearner()
    const call = (path: string, body: unknown, headers: Record<string, string>) => api(app.baseUrl, 'POST', path, { token: learner.token, body, headers })
    const key = randomUUID()
    const started = await call('/api/learn/lessons', { moduleId: moduleA }, { 'idempotency-key': key, 'client-time': '2026-12-02T11:00:00Z' })
    expect(started.status).toBe(201)
    expect(started.headers.get('client-time-trusted')).toBe('true')
    const replay = await call('/api/learn/lessons', { moduleId: moduleA }, { 'idempotency-key': key, 'client-time': '2026-12-02T11:00:00Z' })
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    expect(replay.text).toBe(started.text)
    const reused = await call('/api/learn/lessons', { moduleId: moduleA + 1 }, { 'idempotency-key': key })
    expect(reused.body.errors[0].code).toBe('idempotency_key_reused')
    const badTime = await call('/api/learn/lessons', { moduleId: moduleA }, { 'client-time': 'Tue, 01 Dec 2026 10:00:00 GMT' })
    expect([badTime.status, badTime.body.errors[0].code]).toEqual([400, 'invalid_client_time'])
    const future = await call(`/api/learn/lessons/${started.body.sessionId}/answers`, { stepId: 'intro', value: true }, { 'client-time': '2026-12-03T12:00:00Z' })
    expect(future.headers.get('client-time-trusted')).toBe('false')
    const { rows } = await sql.query('SELECT created_at FROM lesson_sessions WHERE id = $1', [started.body.sessionId])
    expect(new Date(rows[0].created_at).toISOString()).toBe('2026-12-02T11:00:00.000Z')
  })
})
