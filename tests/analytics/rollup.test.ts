import { randomUUID } from 'node:crypto'

import { afterAll, beforeAll, expect, it } from '@jest/globals'
import pg from 'pg'

import { setClock } from '../../src/clock'
import { api, createUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

let app: TestApp
let sql: pg.Client

beforeAll(async () => {
  app = await startTestApp()
  sql = new pg.Client({ connectionString: app.databaseUrl })
  await sql.connect()
})

afterAll(async () => {
  await sql?.end()
  await app?.close()
})

const at = (iso: string) => new Date(iso)
async function event(type: string, user: number | null, occurredAt: string, data: Record<string, unknown> = {}, source: 'server' | 'client' = 'server') {
  await sql.query(`INSERT INTO analytics_events (id, type, user_id, occurred_at, data, source, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, now(), now())`, [
    randomUUID(),
    type,
    user,
    at(occurredAt),
    JSON.stringify(data),
    source,
  ])
}

it('rolls up daily counts in a job, serves them to admins only, and recounts a day when run again', async () => {
  const admin = await createUser(app.payload, app.baseUrl, 'admin')
  const a = await createUser(app.payload, app.baseUrl)
  const b = await createUser(app.payload, app.baseUrl)
  // 2031-03-01: two active learners, one signup, one first onboarding (a redo does not count), a module, a venue entry, a pass and a fail.
  await event('user_signup', a.id, '2031-03-01T08:00:00Z', { variant: 'A' })
  await event('onboarding_complete', a.id, '2031-03-01T08:05:00Z', { first: true })
  await event('onboarding_complete', a.id, '2031-03-01T09:00:00Z', { first: false })
  await event('module_completed', a.id, '2031-03-01T10:00:00Z', { module: 'A' })
  await event('venue_entered', b.id, '2031-03-01T23:59:59Z', { venue_id: 1 })
  await event('milestone_complete', b.id, '2031-03-01T12:00:00Z', { level: 1, score: 80, passed: true })
  await event('milestone_complete', a.id, '2031-03-01T12:00:00Z', { level: 1, score: 40, passed: false })
  // 2031-03-02 (just after midnight UTC): one learner.
  await event('home_view', b.id, '2031-03-02T00:00:01Z')
  // What apps sent counts for nothing here, whatever its type (rows from before apps were
  // limited to client types included): no signup, no module, no active learner.
  const c = await createUser(app.payload, app.baseUrl)
  await event('user_signup', c.id, '2031-03-01T08:00:00Z', {}, 'client')
  await event('module_completed', c.id, '2031-03-01T10:00:00Z', {}, 'client')
  await event('client.screen_view', c.id, '2031-03-02T10:00:00Z', {}, 'client')

  const restore = setClock(new Date('2031-03-02T06:00:00Z'))
  try {
    await app.payload.jobs.queue({ task: 'rollupAnalytics', input: {}, queue: 'maintenance' })
    await app.payload.jobs.run({ queue: 'maintenance' })
  } finally {
    restore()
  }
  const res = await api(app.baseUrl, 'GET', '/api/admin/analytics/summary?from=2031-02-28&to=2031-03-02', { token: admin.token })
  expect(res.status).toBe(200)
  expect(res.body.days).toEqual([
    { day: '2031-02-28', activeLearners: 0, signups: 0, onboardingCompletions: 0, moduleCompletions: 0, venueEntries: 0, milestonePasses: 0 },
    { day: '2031-03-01', activeLearners: 2, signups: 1, onboardingCompletions: 1, moduleCompletions: 1, venueEntries: 1, milestonePasses: 1 },
    { day: '2031-03-02', activeLearners: 1, signups: 0, onboardingCompletions: 0, moduleCompletions: 0, venueEntries: 0, milestonePasses: 0 },
  ])
  expect(res.body.totals).toEqual({ activeLearners: 2, signups: 1, onboardingCompletions: 1, moduleCompletions: 1, venueEntries: 1, milestonePasses: 1 })

  // A late event and a second run: the day is recounted, not added to.
  await event('module_completed', b.id, '2031-03-02T10:00:00Z', { module: 'B' })
  const again = setClock(new Date('2031-03-02T11:00:00Z'))
  try {
    await app.payload.jobs.queue({ task: 'rollupAnalytics', input: {}, queue: 'maintenance' })
    await app.payload.jobs.run({ queue: 'maintenance' })
  } finally {
    again()
  }
  const after = await api(app.baseUrl, 'GET', '/api/admin/analytics/summary?from=2031-03-01&to=2031-03-02', { token: admin.token })
  expect(after.body.days.map((d: { moduleCompletions: number }) => d.moduleCompletions)).toEqual([1, 1])

  expect((await api(app.baseUrl, 'GET', '/api/admin/analytics/summary?from=2031-03-01&to=2031-03-02', { token: a.token })).status).toBe(403)
  expect((await api(app.baseUrl, 'GET', '/api/admin/analytics/summary?from=2031-03-01&to=2031-03-02')).status).toBe(401)
  for (const q of ['from=2031-03-05&to=2031-03-01', 'from=2030-01-01&to=2031-12-31', 'from=yesterday&to=2031-03-01', 'from=2031-02-30&to=2031-03-01', 'to=2031-03-01']) {
    expect((await api(app.baseUrl, 'GET', `/api/admin/analytics/summary?${q}`, { token: admin.token })).status).toBe(422)
  }
})

it('lets an admin recount a range at once (the console button): idempotent, admins only, bad ranges refused', async () => {
  const admin = await createUser(app.payload, app.baseUrl, 'admin')
  const learner = await createUser(app.payload, app.baseUrl)
  await event('user_signup', learner.id, '2032-06-10T12:00:00Z', { variant: 'B' })
  await event('venue_entered', learner.id, '2032-06-11T09:00:00Z', { venue_id: 1 })
  const read = async () =>
    (await api(app.baseUrl, 'GET', '/api/admin/analytics/summary?from=2032-06-10&to=2032-06-11', { token: admin.token })).body.days
  expect((await read()).map((d: { signups: number }) => d.signups)).toEqual([0, 0])

  for (let i = 0; i < 2; i++) {
    const res = await api(app.baseUrl, 'POST', '/api/admin/analytics/rollup', { token: admin.token, body: { from: '2032-06-10', to: '2032-06-11' } })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ from: '2032-06-10', to: '2032-06-11', days: 2 })
  }
  const days = await read()
  expect(days.map((d: { signups: number; venueEntries: number; activeLearners: number }) => [d.signups, d.venueEntries, d.activeLearners])).toEqual([
    [1, 0, 1],
    [0, 1, 1],
  ])

  const body = { from: '2032-06-10', to: '2032-06-11' }
  expect((await api(app.baseUrl, 'POST', '/api/admin/analytics/rollup', { token: learner.token, body })).status).toBe(403)
  expect((await api(app.baseUrl, 'POST', '/api/admin/analytics/rollup', { body })).status).toBe(401)
  for (const bad of [{ from: '2032-06-12', to: '2032-06-11' }, { from: '2030-01-01', to: '2032-06-11' }, { from: 'x', to: '2032-06-11' }, { ...body, extra: 1 }, {}]) {
    const res = await api(app.baseUrl, 'POST', '/api/admin/analytics/rollup', { token: admin.token, body: bad })
    expect(res.status).toBe(422)
    expect(res.body.errors[0].code).toBe('validation_failed')
  }
})

it('keeps only the event indexes somebody reads, with a BRIN index serving the rollup time ranges', async () => {
  const { rows } = await sql.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'analytics_events' ORDER BY indexname`,
  )
  const names = rows.map((r) => r.indexname)
  // Redundant with (user_id, occurred_at), and rows are never updated.
  expect(names).not.toContain('analytics_events_user_idx')
  expect(names).not.toContain('analytics_events_updated_at_idx')
  expect(rows.find((r) => r.indexname === 'analytics_events_occurred_at_brin')?.indexdef).toMatch(/USING brin \(occurred_at\)/)

  // The rollup's range predicate can use it. The table is tiny here, so sequential and plain
  // index scans are switched off to see what a large table would get (BRIN is bitmap-only).
  await sql.query('BEGIN')
  try {
    await sql.query('SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off; SET LOCAL enable_indexonlyscan = off')
    const plan = await sql.query(
      `EXPLAIN SELECT count(*) FROM analytics_events
        WHERE occurred_at >= ('2031-03-01'::date)::timestamp AT TIME ZONE 'UTC' AND occurred_at < ('2031-03-02'::date)::timestamp AT TIME ZONE 'UTC'`,
    )
    expect(plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n')).toContain('analytics_events_occurred_at_brin')
  } finally {
    await sql.query('ROLLBACK')
  }
})
