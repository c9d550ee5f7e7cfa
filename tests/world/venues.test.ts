import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'

import { setClock } from '../../src/clock'
import { withTransaction } from '../../src/db/transaction'
import { grant } from '../../src/services/economy/ledger'
import { findBalanceMismatches } from '../../src/services/economy/verify'
import { startFakeAi } from '../helpers/fakeAi'
import type { FakeAi } from '../helpers/fakeAi'
import { api, createUser } from '../helpers/http'
import type { TestUser } from '../helpers/http'
import { recordQueries } from '../helpers/queries'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'
import { createWorld } from '../journey/world'

let app: TestApp
let sql: pg.Client
let ai: FakeAi
let venueId: number
let lockedVenueId: number
let amphitheatreId: number
let sheetId: number
let restoreClock: (() => void) | undefined

beforeAll(async () => {
  app = await startTestApp()
  sql = new pg.Client({ connectionString: app.databaseUrl })
  await sql.connect()
  ai = await startFakeAi({ slowMs: 5000 })
  const [d] = await createWorld(app.payload, { districts: 1, modules: 2, venues: 2 })
  venueId = d!.venueIds[0]!
  lockedVenueId = d!.venueIds[1]!
  const create = async (collection: 'venues' | 'venue-task-sheets', data: Record<string, unknown>) =>
    (await app.payload.create({ collection, data: { ...data, _status: 'published' } as never, overrideAccess: true, depth: 0 })).id as number
  amphitheatreId = await create('venues', { district: d!.districtId, name: 'The Amphitheatre', slug: 'test-amphitheatre', order: 9, ticketCost: 3, xpReward: 25, coinReward: 15, kind: 'amphitheatre' })
  sheetId = await create('venue-task-sheets', { venue: venueId, title: 'Opening lines', order: 1, exercises: [{ blockType: 'writtenPrompt', title: 'Write', prompt: 'Write your opening line', minLength: 0 }] })
})

afterEach(() => {
  restoreClock?.()
  restoreClock = undefined
  for (const key of ['VENUE_FEEDBACK_WEBHOOK', 'VENUE_FEEDBACK_TIMEOUT_MS', 'OPENAI_API_KEY', 'OPENAI_BASE_URL']) delete process.env[key]
  ai.setMode('ok')
})

afterAll(async () => {
  expect(await findBalanceMismatches(app.payload.db.pool)).toEqual([])
  await ai?.close()
  await sql?.end()
  await app?.close()
})

/** A learner who may enter the first venue and the amphitheatre (as after Module A), with tickets. */
async function visitor(tickets: number): Promise<TestUser> {
  const learner = await createUser(app.payload, app.baseUrl)
  for (const v of [venueId, amphitheatreId]) {
    await sql.query('INSERT INTO venue_unlocks (user_id, venue_id, created_at, updated_at) VALUES ($1, $2, now(), now())', [learner.id, v])
  }
  if (tickets > 0) {
    await withTransaction(app.payload, (tx) => grant(tx, { user: learner.id, currency: 'tickets', amount: tickets, reason: 'test', key: 'tickets' }))
  }
  return learner
}

const call = (learner: TestUser, path: string, body?: unknown) => api(app.baseUrl, 'POST', path, { token: learner.token, body })
const enter = (learner: TestUser, venue = venueId) => call(learner, `/api/learn/venues/${venue}/entries`)
const complete = (learner: TestUser, venue = venueId) => call(learner, `/api/learn/venues/${venue}/complete`)
const task = (learner: TestUser, entryId: number, extra: Record<string, unknown> = {}) =>
  call(learner, `/api/learn/venues/${venueId}/tasks`, { entryId, taskSheetId: sheetId, exerciseIndex: 0, response: 'Good evening, board.', ...extra })
const balance = async (user: number, column: 'tickets' | 'xp' | 'coins') => Number((await sql.query(`SELECT ${column} AS v FROM users WHERE id = $1`, [user])).rows[0].v)
const ledgerRows = async (user: number, reason: string) => Number((await sql.query('SELECT count(*) FROM reward_ledger WHERE user_id = $1 AND reason = $2', [user, reason])).rows[0].count)
const events = async (user: number, type: string) => (await sql.query('SELECT data FROM analytics_events WHERE user_id = $1 AND type = $2 ORDER BY occurred_at', [user, type])).rows.map((r) => r.data)

describe('entering a venue (rule 2)', () => {
  it('50 parallel entries into a 1-ticket venue with 1 ticket: one entry, one charge, the rest get the same entry free', async () => {
    const learner = await visitor(1)
    const results = await Promise.all(Array.from({ length: 50 }, () => enter(learner)))
    expect(results.every((r) => r.status === 200 || r.status === 201)).toBe(true)
    expect(results.filter((r) => r.status === 201)).toHaveLength(1)
    expect(new Set(results.map((r) => r.body.entry.id)).size).toBe(1)
    expect(await balance(learner.id, 'tickets')).toBe(0)
    expect(await ledgerRows(learner.id, 'venue_entry')).toBe(1)
    expect((await sql.query('SELECT count(*)::int AS n FROM venue_entries WHERE user_id = $1', [learner.id])).rows[0].n).toBe(1)
    expect(results[0]!.body.taskSheets[0]).toMatchObject({ id: sheetId, title: 'Opening lines' })
    expect(await events(learner.id, 'venue_entered')).toHaveLength(1)
  })

  it('refuses a locked venue (403), an unknown one (404), and an entry the learner cannot pay for (409), writing nothing', async () => {
    const learner = await visitor(0)
    const locked = await enter(learner, lockedVenueId)
    expect(locked.status).toBe(403)
    expect(locked.body.errors[0].code).toBe('venue_locked')
    expect((await enter(learner, 999999)).status).toBe(404)
    expect((await enter(learner, 'abc' as never)).status).toBe(404)
    const broke = await enter(learner)
    expect(broke.status).toBe(409)
    expect(broke.body.errors[0].code).toBe('insufficient_funds')
    expect((await sql.query('SELECT count(*)::int AS n FROM venue_entries WHERE user_id = $1', [learner.id])).rows[0].n).toBe(0)
  })

  it('answers with the task sheets as authors last left them: kept between entries, but an edit, a draft, an unpublish, a move or a delete shows at once', async () => {
    const learner = await visitor(0)
    const sheets = async () => {
      const res = await enter(learner, amphitheatreId)
      expect([200, 201]).toContain(res.status)
      return (res.body.taskSheets as { id: number; title: string }[]).map((s) => `${s.id}:${s.title}`)
    }
    /** Whether Payload's read of the sheets ran (the kept copy was not of the current saves). */
    const readsSheets = async () =>
      (await recordQueries(app.payload.db.pool, () => enter(learner, amphitheatreId))).some((q) => q.startsWith('select "venue_task_sheets"."id"'))
    const sheet = (title: string, order: number, status: 'published' | 'draft' = 'published') =>
      app.payload.create({
        collection: 'venue-task-sheets',
        data: { venue: amphitheatreId, title, order, _status: status, exercises: [{ blockType: 'roundsDrill', title: 'Rounds', rounds: 3 }] } as never,
        overrideAccess: true,
        depth: 0,
      })
    const edit = (id: number, data: Record<string, unknown>) => app.payload.update({ collection: 'venue-task-sheets', id, data: data as never, overrideAccess: true, depth: 0 })

    expect(await sheets()).toEqual([])
    const a = await sheet('Warm-up', 1)
    expect(await sheets()).toEqual([`${a.id}:Warm-up`])
    // Nothing changed: the kept copy answers.
    expect(await readsSheets()).toBe(false)
    await edit(a.id, { title: 'Warm-up, slower' })
    expect(await readsSheets()).toBe(true)
    expect(await sheets()).toEqual([`${a.id}:Warm-up, slower`])
    const b = await sheet('Closing', 2)
    await sheet('Not yet', 3, 'draft')
    expect(await sheets()).toEqual([`${a.id}:Warm-up, slower`, `${b.id}:Closing`])
    await edit(a.id, { _status: 'draft' })
    expect(await sheets()).toEqual([`${b.id}:Closing`])
    await edit(b.id, { venue: venueId })
    expect(await sheets()).toEqual([])
    const c = await sheet('Last', 4)
    expect(await sheets()).toEqual([`${c.id}:Last`])
    await app.payload.delete({ collection: 'venue-task-sheets', id: c.id, overrideAccess: true })
    expect(await sheets()).toEqual([])
    // Put back as the other tests expect the first venue: its one sheet.
    await app.payload.delete({ collection: 'venue-task-sheets', id: b.id, overrideAccess: true })
  })

  it('charges nothing to enter an amphitheatre venue', async () => {
    const learner = await visitor(0)
    const res = await enter(learner, amphitheatreId)
    expect(res.status).toBe(201)
    expect(res.body.entry.ticketsSpent).toBe(0)
  })
})

describe('completing a venue (rule 3)', () => {
  it('needs an open entry and recorded practice, and pays once', async () => {
    const learner = await visitor(2)
    const none = await complete(learner)
    expect(none.status).toBe(409)
    expect(none.body.errors[0].code).toBe('no_open_entry')
    const entry = (await enter(learner)).body.entry
    const idle = await complete(learner)
    expect(idle.status).toBe(409)
    expect(idle.body.errors[0].code).toBe('practice_required')

    expect((await task(learner, entry.id, { exerciseIndex: 5 })).status).toBe(422)
    expect((await task(learner, entry.id, { taskSheetId: 999999 })).status).toBe(404)
    expect((await task(learner, entry.id, { response: '' })).status).toBe(422)
    const practised = await task(learner, entry.id)
    expect(practised.status).toBe(201)
    expect(practised.body.practiceCount).toBe(1)

    const done = await complete(learner)
    expect(done.status).toBe(200)
    expect(done.body).toMatchObject({ rewards: { xp: 20, coins: 10 }, dailyLimitReached: false })
    expect(await balance(learner.id, 'xp')).toBe(20)
    expect((await complete(learner)).status).toBe(409)
    expect((await task(learner, entry.id)).status).toBe(409)
    expect(await ledgerRows(learner.id, 'venue_complete')).toBe(2) // xp + coins, once
    expect(await events(learner.id, 'venue_completed')).toEqual([{ venue_id: venueId, entry_id: entry.id, paid: true }])
  })

  it('the amphitheatre loop (free entry, feedback as practice, complete) pays at most once a learner-local day', async () => {
    const learner = await visitor(0)
    restoreClock = setClock(new Date('2030-05-05T09:00:00Z'))
    const loop = async () => {
      const entry = (await enter(learner, amphitheatreId)).body.entry
      const fb = await call(learner, `/api/learn/venues/${amphitheatreId}/feedback`, { entryId: entry.id, transcript: 'Friends, I want to talk about courage.' })
      expect(fb.status).toBe(201)
      return (await complete(learner, amphitheatreId)).body
    }
    expect((await loop()).rewards).toEqual({ xp: 25, coins: 15 })
    for (let i = 0; i < 4; i++) expect(await loop()).toMatchObject({ rewards: null, dailyLimitReached: true })
    expect(await balance(learner.id, 'xp')).toBe(25)
    restoreClock()
    restoreClock = setClock(new Date('2030-05-06T09:00:00Z'))
    expect((await loop()).rewards).toEqual({ xp: 25, coins: 15 })
    expect((await loop()).rewards).toBeNull()
    expect(await balance(learner.id, 'coins')).toBe(30)
  })
})

describe('venue feedback (spec §3.11)', () => {
  it('uses the webhook when it answers, records the success event, and stores the reflection as practice', async () => {
    process.env.VENUE_FEEDBACK_WEBHOOK = ai.webhookUrl
    ai.setReply('Slow down on the second sentence; let it land.')
    const learner = await visitor(1)
    const entry = (await enter(learner)).body.entry
    const res = await call(learner, `/api/learn/venues/${venueId}/feedback`, { entryId: entry.id, transcript: 'Good evening, everyone.' })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ message: 'Slow down on the second sentence; let it land.', source: 'webhook', practiceCount: 1 })
    expect(await events(learner.id, 'venue_session_webhook_success')).toEqual([
      { venue_id: venueId, session_id: entry.id, status_code: 200, excerpt: 'Slow down on the second sentence; let it land.' },
    ])
    expect(JSON.stringify(ai.requests.at(-1)!.body)).not.toContain(learner.email)
  })

  it('falls back to the AI client, then to a fixed line, recording the failure; never blocks', async () => {
    process.env.VENUE_FEEDBACK_WEBHOOK = ai.webhookUrl
    process.env.VENUE_FEEDBACK_TIMEOUT_MS = '300'
    ai.setMode('error')
    const learner = await visitor(1)
    const entry = (await enter(learner)).body.entry
    const fallback = await call(learner, `/api/learn/venues/${venueId}/feedback`, { entryId: entry.id, transcript: 'Hello there.' })
    expect(fallback.status).toBe(201)
    expect(fallback.body.source).toBe('fallback')
    expect(await events(learner.id, 'venue_session_feedback_error')).toEqual([{ venue_id: venueId, session_id: entry.id, error: 'webhook: HTTP 500' }])

    delete process.env.VENUE_FEEDBACK_WEBHOOK
    process.env.OPENAI_API_KEY = 'k'
    process.env.OPENAI_BASE_URL = ai.baseUrl
    ai.setMode('ok')
    ai.setReply('Warm start. Now breathe before the ask.')
    const viaAi = await call(learner, `/api/learn/venues/${venueId}/feedback`, { entryId: entry.id, transcript: 'Hello again.' })
    expect(viaAi.body).toMatchObject({ source: 'ai', message: 'Warm start. Now breathe before the ask.', practiceCount: 2 })
    ai.setMode('slow')
    const began = Date.now()
    const slow = await call(learner, `/api/learn/venues/${venueId}/feedback`, { entryId: entry.id, transcript: 'And again.' })
    expect(slow.body.source).toBe('fallback')
    expect(Date.now() - began).toBeLessThan(3000)
  })

  it('refuses long transcripts, foreign entries and locked venues', async () => {
    const a = await visitor(1)
    const b = await visitor(1)
    const entry = (await enter(a)).body.entry
    expect((await call(a, `/api/learn/venues/${venueId}/feedback`, { entryId: entry.id, transcript: 'x'.repeat(5001) })).status).toBe(422)
    expect((await call(a, `/api/learn/venues/${venueId}/feedback`, { entryId: entry.id })).status).toBe(422)
    expect((await call(b, `/api/learn/venues/${venueId}/feedback`, { entryId: entry.id, transcript: 'mine now' })).status).toBe(404)
    expect((await call(b, `/api/learn/venues/${venueId}/tasks`, { entryId: entry.id, taskSheetId: sheetId, exerciseIndex: 0, response: 'x' })).status).toBe(404)
    expect((await call(a, `/api/learn/venues/${lockedVenueId}/feedback`, { entryId: entry.id, transcript: 'sneaky' })).status).toBe(403)
  })

  it('refuses task work nested deeper than any body may be with 400 body_too_deep (its size check once threw a RangeError: 500)', async () => {
    const a = await visitor(1)
    const entry = (await enter(a)).body.entry
    const nested = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`
    const res = await api(app.baseUrl, 'POST', `/api/learn/venues/${venueId}/tasks`, {
      token: a.token,
      rawBody: `{"entryId":${entry.id},"taskSheetId":${sheetId},"exerciseIndex":0,"response":${nested}}`,
      headers: { 'content-type': 'application/json' },
    })
    // Refused as a body before the endpoint reads it (src/jsonDepth.ts).
    expect([res.status, res.body.errors[0].code]).toEqual([400, 'body_too_deep'])
  })
})
