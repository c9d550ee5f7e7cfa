import { randomUUID } from 'node:crypto'

import { afterAll, beforeAll, expect, it } from '@jest/globals'
import pg from 'pg'

import { eventTypes } from '../../src/events'
import { down, up } from '../../src/migrations/20261202_111455_analytics_client_id'
import { MAX_BATCH } from '../../src/services/ingest'
import type { MigrateDownArgs, MigrateUpArgs } from '@payloadcms/db-postgres'
import { api, createUser } from '../helpers/http'
import type { TestUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

let app: TestApp
let sql: pg.Client
let learner: TestUser

beforeAll(async () => {
  app = await startTestApp()
  sql = new pg.Client({ connectionString: app.databaseUrl })
  await sql.connect()
  learner = await createUser(app.payload, app.baseUrl)
})

afterAll(async () => {
  await sql?.end()
  await app?.close()
})

const event = (extra: Record<string, unknown> = {}) => ({ id: randomUUID(), type: 'client.screen_view', occurredAt: new Date().toISOString(), data: { screen: 'map' }, ...extra })
const send = (events: unknown[], token = learner.token) => api(app.baseUrl, 'POST', '/api/learn/events', { token, body: { events } })
/** How many of these app ids are stored (for any learner). */
const stored = async (ids: string[]) => Number((await sql.query('SELECT count(*) FROM analytics_events WHERE client_id = ANY($1)', [ids])).rows[0].count)
const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

it('stores a batch once, however often it is sent', async () => {
  const batch = Array.from({ length: 50 }, () => event())
  expect((await send(batch)).body).toEqual({ accepted: 50, duplicates: 0, rejected: [] })
  expect((await send(batch)).body).toEqual({ accepted: 0, duplicates: 50, rejected: [] })
  expect(await stored(batch.map((e) => e.id))).toBe(50)
  const [row] = (await sql.query(`SELECT user_id, source, type FROM analytics_events WHERE client_id = $1`, [batch[0]!.id])).rows
  expect(row).toEqual({ user_id: learner.id, source: 'client', type: 'client.screen_view' })
})

it('keys each row by a time-ordered id of its own and keeps the app’s id beside it', async () => {
  const started = Date.now()
  const batch = Array.from({ length: 3 }, () => event())
  await send(batch)
  const rows = (await sql.query('SELECT id, client_id FROM analytics_events WHERE client_id = ANY($1)', [batch.map((e) => e.id)])).rows as { id: string; client_id: string }[]
  expect(rows.map((r) => r.client_id).sort()).toEqual(batch.map((e) => e.id).sort())
  for (const { id } of rows) {
    expect(id).toMatch(V7)
    // The first 48 bits are the milliseconds the row was made at.
    const ms = Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)
    expect(ms).toBeGreaterThanOrEqual(started)
    expect(ms).toBeLessThanOrEqual(Date.now())
  }
  // Server events (home's view, here) are keyed the same way.
  await api(app.baseUrl, 'GET', '/api/learn/home', { token: learner.token })
  const [view] = (await sql.query(`SELECT id, client_id FROM analytics_events WHERE user_id = $1 AND type = 'home_view' ORDER BY created_at DESC LIMIT 1`, [learner.id])).rows
  expect(view.id).toMatch(V7)
  expect(view.client_id).toBeNull()
})

it('knows an event by its id and its time: the same id at another time is another event', async () => {
  const first = event({ occurredAt: new Date(Date.now() - 60_000).toISOString() })
  const later = { ...first, occurredAt: new Date().toISOString() }
  expect((await send([first, first])).body).toEqual({ accepted: 1, duplicates: 0, rejected: [{ index: 1, code: 'duplicate_in_batch' }] })
  expect((await send([first, later])).body).toEqual({ accepted: 1, duplicates: 1, rejected: [] })
  expect(await stored([first.id])).toBe(2)
})

it('accepts the good events of a batch and reports each bad one by index and reason', async () => {
  const good = [event(), event({ type: 'client.map.opened' }), event()]
  const bad = [
    event({ id: 'not-a-uuid' }),
    event({ type: 'user_signup_forged!' }),
    event({ occurredAt: new Date(Date.now() + 3_600_000).toISOString() }),
    event({ data: { blob: 'x'.repeat(5000) } }),
  ]
  const res = await send([good[0], bad[0], good[1], bad[1], bad[2], good[2], bad[3]])
  expect(res.status).toBe(200)
  expect(res.body).toEqual({
    accepted: 3,
    duplicates: 0,
    rejected: [
      { index: 1, code: 'invalid_id' },
      { index: 3, code: 'unknown_type' },
      { index: 4, code: 'invalid_time' },
      { index: 6, code: 'data_too_large' },
    ],
  })
  expect(await stored(good.map((e) => e.id))).toBe(3)
})

it('refuses the server’s event types from an app: every one of the catalogue, in a full batch, writes nothing', async () => {
  for (const type of eventTypes) {
    const batch = Array.from({ length: MAX_BATCH }, () => event({ type }))
    const res = await send(batch)
    expect(res.status).toBe(200)
    expect(res.body.accepted).toBe(0)
    expect(res.body.rejected).toHaveLength(MAX_BATCH)
    expect(res.body.rejected[0]).toEqual({ index: 0, code: 'unknown_type' })
    expect(await stored(batch.map((e) => e.id))).toBe(0)
  }
  // Look-alikes of a client type are refused as well.
  const odd = ['client.', 'Client.screen', 'client.screen view', 'user_signup.client', `client.${'a'.repeat(80)}`]
  expect((await send(odd.map((type) => event({ type })))).body.accepted).toBe(0)
})

it('refuses 501 events with 413 and writes nothing', async () => {
  const batch = Array.from({ length: 501 }, () => event())
  const res = await send(batch)
  expect(res.status).toBe(413)
  expect(await stored(batch.map((e) => e.id))).toBe(0)
})

it('never touches another learner’s events: their ids neither collide with nor reach theirs, the data names no one', async () => {
  const other = await createUser(app.payload, app.baseUrl)
  const theirs = event({ data: { mine: true } })
  expect((await send([theirs], other.token)).body.accepted).toBe(1)
  // The same app id from someone else is that learner's own event: stored for them, and theirs
  // stays as it was. (Were ids unique across learners, anyone who saw an id could have made
  // another learner's event a "duplicate" in advance.)
  const forged = { ...theirs, data: { userId: other.id, overwritten: true } }
  expect((await send([forged, event({ data: { user: other.id } })])).body).toMatchObject({ accepted: 2, duplicates: 0 })
  expect((await send([forged])).body).toMatchObject({ accepted: 0, duplicates: 1 })
  const rows = (await sql.query('SELECT user_id, data FROM analytics_events WHERE client_id = $1 ORDER BY user_id = $2 DESC', [theirs.id, other.id])).rows
  expect(rows).toEqual([
    { user_id: other.id, data: { mine: true } },
    { user_id: learner.id, data: { userId: other.id, overwritten: true } },
  ])
  expect((await api(app.baseUrl, 'POST', '/api/learn/events', { body: { events: [event()] } })).status).toBe(401)
  expect((await send([])).status).toBe(422)
})

it('refuses, event by event, loose times, text PostgreSQL cannot store and null data; a batch nested past the body depth bound as a whole (fuzz findings)', async () => {
  const now = new Date()
  const iso = now.toISOString()
  const good = event()
  // `new Date()` took these (the zone-less one in the server's own time zone) and stored them.
  const looseTimes = [now.toUTCString(), now.toString(), `${iso.slice(0, 10)} ${iso.slice(11, 19)}`]
  // Each failed the whole INSERT (a 500, the good events lost with it).
  const unstorable = [{ note: 'a\u0000b' }, { ['\uD800']: 1 }, { note: 'x\uDC00' }]
  // The spec says data is an object: null was stored as {}.
  const nullData = event({ data: null })
  const deep = `{"id":"${randomUUID()}","type":"client.screen_view","occurredAt":"${iso}","data":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`
  const batch = [good, ...looseTimes.map((t) => event({ occurredAt: t })), ...unstorable.map((data) => event({ data })), nullData]
  const post = (events: string[]) =>
    api(app.baseUrl, 'POST', '/api/learn/events', { token: learner.token, rawBody: `{"events":[${events.join(',')}]}`, headers: { 'content-type': 'application/json' } })
  // Data nested past JSON.stringify: every body nested deeper than 64 levels is refused before it is parsed.
  const tooDeep = await post([...batch.map((e) => JSON.stringify(e)), deep])
  expect([tooDeep.status, tooDeep.body.errors[0].code]).toEqual([400, 'body_too_deep'])
  expect(await stored(batch.map((e) => e.id))).toBe(0)
  const res = await post(batch.map((e) => JSON.stringify(e)))
  expect(res.status).toBe(200)
  expect(res.body).toEqual({
    accepted: 1,
    duplicates: 0,
    rejected: [
      { index: 1, code: 'invalid_time' },
      { index: 2, code: 'invalid_time' },
      { index: 3, code: 'invalid_time' },
      { index: 4, code: 'invalid_data' },
      { index: 5, code: 'invalid_data' },
      { index: 6, code: 'invalid_data' },
      { index: 7, code: 'invalid_data' },
    ],
  })
  expect(await stored(batch.map((e) => e.id))).toBe(1)
})

it('the client_id migration keeps events sent before it recognisable, and its down undoes it', async () => {
  const db = app.payload.db.drizzle
  const columns = async () => (await sql.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'analytics_events'`)).rows.map((r) => r.column_name)
  // A client event as the ingest stored it before: keyed by the app's id. And a server event.
  const before = event()
  await down({ db } as unknown as MigrateDownArgs)
  try {
    expect(await columns()).not.toContain('client_id')
    await sql.query(
      `INSERT INTO analytics_events (id, type, user_id, occurred_at, data, source, created_at, updated_at)
       VALUES ($1, $2, $3, $4, '{}', 'client', now(), now()), (gen_random_uuid(), 'home_view', $3, now(), '{}', 'server', now(), now())`,
      [before.id, before.type, learner.id, before.occurredAt],
    )
  } finally {
    await up({ db } as unknown as MigrateUpArgs)
  }
  expect(await columns()).toContain('client_id')
  expect((await sql.query(`SELECT client_id FROM analytics_events WHERE id = $1`, [before.id])).rows).toEqual([{ client_id: before.id }])
  expect((await sql.query(`SELECT count(*)::int AS n FROM analytics_events WHERE source = 'server' AND client_id IS NOT NULL`)).rows[0].n).toBe(0)
  // Resent after the migration, the old event is a duplicate; a new one still goes in.
  expect((await send([before, event()])).body).toEqual({ accepted: 1, duplicates: 1, rejected: [] })
})
