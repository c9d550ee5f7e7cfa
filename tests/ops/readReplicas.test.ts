import { randomBytes } from 'node:crypto'
import type http from 'node:http'
import os from 'node:os'
import path from 'node:path'

import config from '@payload-config'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createLocalReq } from 'payload'

import { runSeeds } from '../../seeds'
import { createApp } from '../../src/app'
import { bootPayload } from '../../src/boot'
import type { Runtime } from '../../src/boot'
import { describeDatabaseUrl, replicaLabels, replicaUnusable } from '../../src/db/readReplicas'
import { withTransaction } from '../../src/db/transaction'
import { EnvError, loadEnv } from '../../src/env'
import { grant } from '../../src/services/economy/ledger'
import { validAnswer } from '../journey/helpers'
import { api, createUser } from '../helpers/http'
import type { TestUser } from '../helpers/http'
import { freePort } from '../helpers/freePort'
import { startReplication } from '../helpers/replication'
import type { Replication } from '../helpers/replication'

/**
 * Read replicas (src/db/readReplicas.ts) against a real primary and a real hot standby made
 * with pg_basebackup. The standby's replay is paused for the main test, so it is frozen at one
 * moment, as far behind as a replica can ever be: content reads that show that moment were
 * served by it; learner reads that show the learner's newer writes were served by the primary.
 */

const work = path.join(os.tmpdir(), `speakpro-replicas-${randomBytes(5).toString('hex')}`)
let rep: Replication
let runtime: Runtime
let server: http.Server
let baseUrl: string
const bootLog: string[] = []
let admin: TestUser
let moduleId: number
let originalName: string

const call = (method: string, p: string, options: { token?: string; body?: unknown } = {}) => api(baseUrl, method, p, options)

const databaseUrlBefore = process.env.DATABASE_URL

beforeAll(async () => {
  rep = await startReplication(work)
  // The config reads both when Payload initialises (payload.config.ts).
  process.env.DATABASE_URL = rep.primaryUrl
  process.env.DATABASE_REPLICA_URLS = rep.replicaUrl
  const env = loadEnv({ ...process.env, NODE_ENV: 'test' })
  runtime = await bootPayload(env, { config, log: (m) => bootLog.push(m) })
  const app = createApp({ payload: runtime.payload, config: runtime.config, graphql: async (request) => (await import('@payloadcms/next/routes')).GRAPHQL_POST(config)(request) })
  server = await new Promise<http.Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  await runSeeds({ payload: runtime.payload, log: () => undefined, stats: { created: 0, updated: 0, unchanged: 0 } }, ['economy', 'landing', 'world', 'curriculum'])
  admin = await createUser(runtime.payload, baseUrl, 'admin')
  const modules = await runtime.payload.find({ collection: 'modules', where: { _status: { equals: 'published' } }, sort: 'id', limit: 1, depth: 0, overrideAccess: true })
  moduleId = modules.docs[0]?.id as number
  originalName = modules.docs[0]?.name as string
  expect(originalName).toBeTruthy()
  await rep.caughtUp()
}, 90_000)

afterAll(async () => {
  // Later test files in this worker boot without replicas, and never against these servers.
  delete process.env.DATABASE_REPLICA_URLS
  if (databaseUrlBefore === undefined) delete process.env.DATABASE_URL
  else process.env.DATABASE_URL = databaseUrlBefore
  try {
    if (server) {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
    // Bounded: whatever happened above, the servers below are stopped and their directories removed.
    await Promise.race([runtime?.close(), new Promise((resolve) => setTimeout(resolve, 15_000).unref())])
  } finally {
    await rep?.stop()
  }
}, 60_000)

/** Rows per table on one server, for the tables learner actions write. */
type Counts = { users: number; sessions: number; ledger: number; lessons: number; answers: number; idempotency: number }

async function counts(on: 'primary' | 'replica'): Promise<Counts> {
  const [row] = await rep[on]<Record<string, string>>(
    `SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM users_sessions) AS sessions,
            (SELECT count(*) FROM reward_ledger) AS ledger, (SELECT count(*) FROM lesson_sessions) AS lessons,
            (SELECT count(*) FROM lesson_step_responses) AS answers, (SELECT count(*) FROM idempotency_keys) AS idempotency`,
  )
  return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, Number(v)])) as Counts
}

const onboardingAnswers = { jobRole: 'manager', typicalAudience: 'clients', mainGoal: 'engage_audience', comfortUnderPressure: 'manage_well', timePressureProfile: 'deadline', preferredPracticeTime: 'evening', dailyGoalMinutes: 20, timezone: 'Europe/Paris' }

describe('read replicas', () => {
  it('boots with the replica and names it without its password', () => {
    const password = decodeURIComponent(new URL(rep.replicaUrl).password)
    expect(password.length).toBeGreaterThanOrEqual(16)
    expect(bootLog).toContain(`read replicas for content reads: ${describeDatabaseUrl(rep.replicaUrl)}`)
    expect(bootLog.join('\n')).not.toContain(password)
  })

  it('with the replica frozen: content reads come from it, every learner read sees the learner\'s own writes, nothing is written to it', async () => {
    await rep.pauseReplay()
    const frozen = await counts('replica')
    const renamed = `${originalName} (revised ${randomBytes(3).toString('hex')})`

    // An author's edit: committed on the primary, not on the frozen replica.
    const edit = await call('PATCH', `/api/modules/${moduleId}`, { token: admin.token, body: { name: renamed } })
    expect(edit.status).toBe(200)
    expect((await rep.primary('SELECT name FROM modules WHERE id = $1', [moduleId]))[0]?.name).toBe(renamed)
    expect((await rep.replica('SELECT name FROM modules WHERE id = $1', [moduleId]))[0]?.name).toBe(originalName)

    // Anonymous content queries, REST and GraphQL, are served by the replica: they show its state.
    const listed = await call('GET', `/api/modules?depth=0&limit=10&where[id][equals]=${moduleId}`)
    expect(listed.status).toBe(200)
    expect(listed.body.docs.map((d: { name: string }) => d.name)).toEqual([originalName])
    const graphql = await call('POST', '/api/graphql', { body: { query: `{ Modules(where: { id: { equals: ${moduleId} } }) { docs { name } } }` } })
    expect(graphql.status).toBe(200)
    expect(graphql.body.data.Modules.docs).toEqual([{ name: originalName }])
    // A single document by id is read on the primary: Payload gives the adapter no request there.
    expect((await call('GET', `/api/modules/${moduleId}?depth=0`)).body.name).toBe(renamed)
    // Staff read their own edit back (primary); so do scripts and services (Local API).
    expect((await call('GET', `/api/modules?depth=0&where[id][equals]=${moduleId}`, { token: admin.token })).body.docs[0].name).toBe(renamed)
    expect((await runtime.payload.find({ collection: 'modules', where: { id: { equals: moduleId } }, depth: 0, overrideAccess: true })).docs[0]?.name).toBe(renamed)

    // Sign-up, then an authenticated request at once: Payload's JWT strategy finds the new
    // user and its session on the primary (the replica has neither).
    const email = `replica-${randomBytes(4).toString('hex')}@example.com`
    const password = `Harbour-lights-${randomBytes(4).toString('hex')}`
    const signup = await call('POST', '/api/users/signup', { body: { email, username: `rr_${randomBytes(4).toString('hex')}`, password } })
    expect(signup.status).toBe(201)
    const id = Number(signup.body.user.id)
    expect(await rep.replica('SELECT id FROM users WHERE id = $1', [id])).toEqual([])
    let token: string = signup.body.token
    const meAfterSignup = await call('GET', '/api/users/me', { token })
    expect(meAfterSignup.status).toBe(200)
    expect(meAfterSignup.body.user).toMatchObject({ id, email })

    // A second sign-in: a new session row, found at once.
    const login = await call('POST', '/api/users/login', { body: { email, password } })
    expect(login.status).toBe(200)
    token = login.body.token
    expect((await call('GET', '/api/users/me', { token })).body.user).toMatchObject({ id, email })

    // Onboarding, then the profile and /me show it.
    expect((await call('POST', '/api/learn/onboarding', { token, body: onboardingAnswers })).status).toBe(200)
    const profile = await call('GET', '/api/learn/profile', { token })
    expect(profile.status).toBe(200)
    expect(profile.body.profile.persona).toMatchObject({ jobRole: 'manager', onboardingCompleted: true })
    expect((await call('GET', '/api/users/me', { token })).body.user.profile).toMatchObject({ onboardingCompleted: true, jobRole: 'manager' })

    // Coins (as a finished lesson would grant them), a purchase, then the profile and the ledger.
    await withTransaction(runtime.payload, (tx) => grant(tx, { user: id, currency: 'coins', amount: 50, reason: 'admin_adjustment', key: `replica-test:${id}` }))
    const purchase = await call('POST', '/api/learn/shop/purchases', { token, body: { item: 'ticket', quantity: 1 } })
    expect(purchase.status).toBe(201)
    const after = purchase.body.purchase.balances
    expect(after).toMatchObject({ tickets: 1 })
    const balances = (await call('GET', '/api/learn/profile', { token })).body.profile.balances
    expect(balances).toMatchObject({ coins: after.coins, tickets: 1 })
    const ledger = await call('GET', '/api/reward-ledger?depth=0&limit=50', { token })
    expect(ledger.status).toBe(200)
    expect(ledger.body.totalDocs).toBe(3)
    expect(ledger.body.docs.map((d: { reason: string }) => d.reason).sort()).toEqual(['admin_adjustment', 'shop_purchase', 'shop_purchase'])
    expect(await rep.replica('SELECT id FROM reward_ledger WHERE user_id = $1', [id])).toEqual([])

    // A lesson: start, answer, then resume it and see the answer taken.
    const started = await call('POST', '/api/learn/lessons', { token, body: { moduleId } })
    expect(started.status).toBe(201)
    const first = started.body.step
    const answered = await call('POST', `/api/learn/lessons/${started.body.sessionId}/answers`, { token, body: { stepId: first.stepId, value: validAnswer(first) } })
    expect(answered.status).toBe(200)
    const resumed = await call('GET', `/api/learn/lessons/${started.body.sessionId}`, { token })
    expect(resumed.status).toBe(200)
    expect(resumed.body.step.stepId).toBe(answered.body.nextStep.stepId)
    expect(resumed.body.step.stepId).not.toBe(first.stepId)

    // Learners read content from the replica too (only staff write it): their own lesson
    // session comes from the primary, the module populated into it from the replica.
    const sessions = await call('GET', '/api/lesson-sessions?depth=1', { token })
    expect(sessions.status).toBe(200)
    expect(sessions.body.docs).toHaveLength(1)
    expect(sessions.body.docs[0]).toMatchObject({ id: started.body.sessionId, module: { id: moduleId, name: originalName } })

    // Nothing reached the replica: it refuses writes, and it holds exactly what it held when
    // replay paused, while the primary has every write above.
    await expect(rep.replica(`INSERT INTO users (email, username, hash, salt, created_at, updated_at) VALUES ('x@example.com', 'x', 'h', 's', now(), now())`)).rejects.toMatchObject({ code: '25006' })
    expect(await counts('replica')).toEqual(frozen)
    const primary = await counts('primary')
    expect(primary.users).toBe(frozen.users + 1)
    expect(primary.sessions).toBeGreaterThanOrEqual(frozen.sessions + 2)
    expect(primary.ledger).toBe(frozen.ledger + 3)
    expect(primary.lessons).toBe(frozen.lessons + 1)
    expect(primary.answers).toBeGreaterThan(frozen.answers)

    // Replay resumes: the replica converges, and anonymous readers now see the edit.
    await rep.resumeReplay()
    await rep.caughtUp()
    expect(await counts('replica')).toEqual(await counts('primary'))
    expect((await call('GET', `/api/modules?depth=0&where[id][equals]=${moduleId}`)).body.docs[0].name).toBe(renamed)
    originalName = renamed
  })

  it('a replica that goes away: content reads fall back to the primary and nothing crashes', async () => {
    const renamed = `${originalName} (after failover)`
    await runtime.payload.update({ collection: 'modules', id: moduleId, data: { name: renamed }, overrideAccess: true })
    await rep.stopReplica()
    for (let i = 0; i < 3; i++) {
      const res = await call('GET', `/api/modules?depth=0&where[id][equals]=${moduleId}`)
      expect(res.status).toBe(200)
      expect(res.body.docs[0].name).toBe(renamed)
    }
    const learner = await createUser(runtime.payload, baseUrl)
    expect((await call('GET', '/api/users/me', { token: learner.token })).body.user.id).toBe(learner.id)
    expect((await call('GET', '/api/learn/profile', { token: learner.token })).status).toBe(200)
  })
})

describe('a replica that is down when the app starts', () => {
  it('does not crash it (the adapter connects to replicas without a catch), and its reads go to the primary', async () => {
    const rejections: unknown[] = []
    const onRejection = (reason: unknown) => void rejections.push(reason)
    process.on('unhandledRejection', onRejection)
    const dead = new URL(rep.replicaUrl)
    dead.port = String(await freePort())
    process.env.DATABASE_REPLICA_URLS = dead.toString()
    let second: Runtime | undefined
    try {
      // A second Payload of the same config (the HTTP handlers keep using the first).
      second = await bootPayload(loadEnv({ ...process.env, NODE_ENV: 'test' }), { config, migrate: false, cacheKey: 'replica-down' })
      expect(replicaLabels(second.payload)).toEqual([describeDatabaseUrl(dead.toString())])
      // A read the rules send to the replica, as an anonymous REST request would make it.
      const req = await createLocalReq({}, second.payload)
      req.payloadAPI = 'REST'
      const found = await second.payload.find({ collection: 'modules', where: { id: { equals: moduleId } }, depth: 0, req })
      expect(found.docs.map((d) => d.id)).toEqual([moduleId])
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(rejections).toEqual([])
    } finally {
      process.off('unhandledRejection', onRejection)
      process.env.DATABASE_REPLICA_URLS = rep.replicaUrl
      await second?.close()
    }
  })
})

describe('DATABASE_REPLICA_URLS', () => {
  // Made-up credentials, assembled at run time (no literal connection string with a password).
  const url = (db: string, port = 5432, host = 'db.internal') => `postgres://app:${'S3cret-'}${'replica-pw'}@${host}:${port}/${db}`
  const problems = (source: Record<string, string>) => {
    try {
      loadEnv({ NODE_ENV: 'test', PAYLOAD_SECRET: 'x'.repeat(32), ...source })
      return []
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError)
      return (error as EnvError).problems
    }
  }

  it('accepts replicas of the primary\'s database, comma-separated', () => {
    expect(problems({ DATABASE_URL: url('speakpro'), DATABASE_REPLICA_URLS: `${url('speakpro', 5433)}, ${url('speakpro', 5432, 'replica-2.internal')},` })).toEqual([])
  })

  it('refuses what cannot be a replica, naming entries by position and never their text', () => {
    const found = problems({
      DATABASE_URL: url('speakpro'),
      DATABASE_REPLICA_URLS: [url('speakpro'), 'mysql://a@b/speakpro', url('other', 5433), url('speakpro', 5434), url('speakpro', 5434)].join(','),
    })
    expect(found).toEqual([
      'DATABASE_REPLICA_URLS: entry 1 is DATABASE_URL itself',
      'DATABASE_REPLICA_URLS: entry 2 is not a postgres:// or postgresql:// connection string with a host',
      'DATABASE_REPLICA_URLS: entry 3 names another database than DATABASE_URL (a replica serves the same database)',
      'DATABASE_REPLICA_URLS: entry 5 repeats entry 4',
    ])
    expect(found.join('\n')).not.toContain('replica-pw')
    expect(problems({ DATABASE_REPLICA_URLS: url('speakpro', 5433) })).toEqual(['DATABASE_REPLICA_URLS: needs DATABASE_URL (the primary the replicas follow; not the embedded database)'])
  })

  it('describes a replica without its password, and knows which errors mean "use the primary"', () => {
    expect(describeDatabaseUrl(url('speak%20pro', 6432))).toBe('app@db.internal:6432/speak pro')
    expect(replicaUnusable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED' }))).toBe(true)
    expect(replicaUnusable(new Error('Failed query', { cause: Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }) }))).toBe(true)
    expect(replicaUnusable(Object.assign(new Error('canceling statement due to conflict with recovery'), { code: '40001' }))).toBe(true)
    expect(replicaUnusable(Object.assign(new Error('column "x" does not exist'), { code: '42703' }))).toBe(false)
  })
})
