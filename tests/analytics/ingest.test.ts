import { randomUUID } from 'node:crypto'

import { afterAll, beforeAll, expect, it } from '@jest/globals'
import pg from 'pg'

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
const stored = async (ids: string[]) => Number((await sql.query('SELECT count(*) FROM analytics_events WHERE id = ANY($1)', [ids])).rows[0].count)

it('stores a batch once, however often it is sent', async () => {
  const batch = Array.from({ length: 50 }, () => event())
  expect((await send(batch)).body).toEqual({ accepted: 50, duplicates: 0, rejected: [] })
  expect((await send(batch)).body).toEqual({ accepted: 0, duplicates: 50, rejected: [] })
  expect(await stored(batch.map((e) => e.id))).toBe(50)
  const [row] = (await sql.query(`SELECT user_id, source, type FROM analytics_events WHERE id = $1`, [batch[0]!.id])).rows
  expect(row).toEqual({ user_id: learner.id, source: 'client', type: 'client.screen_view' })
})

it('accepts the good events of a batch and reports each bad one by index and reason', async () => {
  const good = [event(), event({ type: 'home_view' }), event()]
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

it('refuses 501 events with 413 and writes nothing', async () => {
  const batch = Array.from({ length: 501 }, () => event())
  const res = await send(batch)
  expect(res.status).toBe(413)
  expect(await stored(batch.map((e) => e.id))).toBe(0)
})

it('never touches another learner’s events: their ids are duplicates, the data names no one', async () => {
  const other = await createUser(app.payload, app.baseUrl)
  const theirs = event({ data: { mine: true } })
  expect((await send([theirs], other.token)).body.accepted).toBe(1)
  const forged = { ...theirs, data: { userId: other.id, overwritten: true } }
  expect((await send([forged, event({ data: { user: other.id } })])).body).toMatchObject({ accepted: 1, duplicates: 1 })
  const [row] = (await sql.query('SELECT user_id, data FROM analytics_events WHERE id = $1', [theirs.id])).rows
  expect(row).toEqual({ user_id: other.id, data: { mine: true } })
  expect((await api(app.baseUrl, 'POST', '/api/learn/events', { body: { events: [event()] } })).status).toBe(401)
  expect((await send([])).status).toBe(422)
})

it('refuses, event by event, loose times, text PostgreSQL cannot store, null data and data nested past JSON.stringify (fuzz findings)', async () => {
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
  const res = await api(app.baseUrl, 'POST', '/api/learn/events', {
    token: learner.token,
    rawBody: `{"events":[${batch.map((e) => JSON.stringify(e)).join(',')},${deep}]}`,
    headers: { 'content-type': 'application/json' },
  })
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
      { index: 8, code: 'data_too_large' },
    ],
  })
  expect(await stored(batch.map((e) => e.id))).toBe(1)
})
