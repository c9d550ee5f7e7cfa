import type http from 'node:http'

import config from '@payload-config'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { sql as q } from '@payloadcms/db-postgres'
import pg from 'pg'
import type { PayloadRequest } from 'payload'

import { createApp } from '../../src/app'
import { bootPayload } from '../../src/boot'
import type { Runtime } from '../../src/boot'
import { withTransaction } from '../../src/db/transaction'
import { isDatabaseUnavailable } from '../../src/db/unavailable'
import { handle } from '../../src/endpoints/http'
import { loadEnv } from '../../src/env'
import { grant } from '../../src/services/economy/ledger'
import { findBalanceMismatches } from '../../src/services/economy/verify'
import { api, createUser } from '../helpers/http'
import type { TestUser } from '../helpers/http'
import { startTcpProxy } from '../helpers/tcpProxy'
import type { TcpProxy } from '../helpers/tcpProxy'
import { createTestDatabase } from '../helpers/testApp'

/**
 * The database going away under a running server (killed, restarted, failing over): requests
 * get a retryable 503 `database_unavailable` with `Retry-After`, never a 500 or a 401, nothing
 * is reported done that was not committed, and the process keeps serving once it is back.
 * The app reaches its own database through a TCP relay the test can cut (tests/faults does the
 * same with a real PostgreSQL killed and restarted, against a separate server process).
 */

let runtime: Runtime
let proxy: TcpProxy
let server: http.Server
let baseUrl: string
let databaseUrl: string
let drop: () => Promise<void>
let sql: pg.Client
let learner: TestUser

beforeAll(async () => {
  const db = await createTestDatabase()
  databaseUrl = db.url
  drop = db.drop
  const direct = new URL(db.url)
  proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port) })
  const relayed = new URL(db.url)
  relayed.port = String(proxy.port)
  process.env.DATABASE_URL = relayed.toString()
  const env = loadEnv({ ...process.env, NODE_ENV: 'test', DATABASE_URL: relayed.toString() })
  runtime = await bootPayload(env, { config })
  const app = createApp({ payload: runtime.payload, config: runtime.config, graphql: async () => new Response(null, { status: 404 }) })
  server = await new Promise<http.Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  sql = new pg.Client({ connectionString: databaseUrl })
  await sql.connect()
  learner = await createUser(runtime.payload, baseUrl)
  await withTransaction(runtime.payload, (tx) => grant(tx, { user: learner.id, currency: 'coins', amount: 1000, reason: 'test', key: 'seed-coins' }))
})

afterAll(async () => {
  await proxy?.restore().catch(() => undefined)
  server?.closeAllConnections()
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  await runtime?.close()
  await proxy?.close()
  await sql?.end()
  await drop?.()
})

const buy = (headers: Record<string, string> = {}) => api(baseUrl, 'POST', '/api/learn/shop/purchases', { token: learner.token, body: { item: 'ticket', quantity: 1 }, headers })

/** Polls `fn` until it returns true, or fails after `ms`. */
async function until(fn: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (await fn().catch(() => false)) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`timed out waiting for ${what}`)
}

const backendGone = async (pid: number) => Number((await sql.query('SELECT count(*) FROM pg_stat_activity WHERE pid = $1', [pid])).rows[0].count) === 0

describe('the database unreachable', () => {
  it('answers 503 database_unavailable with Retry-After (learner endpoints, Payload built-ins, readiness), then serves again', async () => {
    expect((await buy()).status).toBe(201)

    await proxy.cut()
    const refused = await buy({ 'idempotency-key': 'while-down' })
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toBe('5')
    // The token could not be checked: not signed out (401), unavailable.
    expect(refused.body).toEqual({ errors: [{ message: expect.any(String), code: 'database_unavailable' }] })
    const login = await api(baseUrl, 'POST', '/api/users/login', { body: { email: learner.email, password: learner.password } })
    expect(login.status).toBe(503)
    expect(login.headers.get('retry-after')).toBe('5')
    expect(login.body.errors[0]).toMatchObject({ code: 'database_unavailable' })
    for (const res of [refused, login]) expect(res.text).not.toMatch(/\bat .+:\d+:\d+|ECONNREFUSED|Connection terminated|127\.0\.0\.1/)
    expect((await api(baseUrl, 'GET', '/readyz')).status).toBe(503)

    await proxy.restore()
    await until(async () => (await api(baseUrl, 'GET', '/readyz')).status === 200, 10_000, 'readiness')
    // The refused request is retried with its key and applies once.
    const retried = await buy({ 'idempotency-key': 'while-down' })
    expect(retried.status).toBe(201)
    expect((await buy({ 'idempotency-key': 'while-down' })).headers.get('idempotent-replayed')).toBe('true')
    const { rows } = await sql.query(`SELECT count(*)::int AS n FROM reward_ledger WHERE user_id = $1 AND reason = 'shop_purchase'`, [learner.id])
    expect(rows[0].n).toBe(4) // two purchases, two rows each
    expect(await findBalanceMismatches(runtime.payload.db.pool)).toEqual([])
  })

  it('maps a connection lost inside an endpoint to 503, other failures stay 500', async () => {
    const req = { payload: runtime.payload, user: null, method: 'GET', pathname: '/api/x', headers: new Headers() } as unknown as PayloadRequest
    const lost = await handle(async () => {
      throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })
    })(req)
    expect(lost.status).toBe(503)
    expect(lost.headers.get('retry-after')).toBe('5')
    expect(await lost.json()).toEqual({ errors: [{ message: expect.any(String), code: 'database_unavailable' }] })
    const crashed = await handle(async () => {
      throw new Error('boom')
    })(req)
    expect(crashed.status).toBe(500)
  })
})

describe('withTransaction when the connection dies', () => {
  it('a connection lost in the middle of a transaction fails the action and does not crash the process', async () => {
    const attempt = withTransaction(runtime.payload, async (tx) => {
      const [{ pid }] = (await tx.query<{ pid: number }>(q`SELECT pg_backend_pid() AS pid`)) as [{ pid: number }]
      await sql.query('SELECT pg_terminate_backend($1)', [pid])
      await until(() => backendGone(pid), 5000, 'the backend to exit')
      // Let the client see its socket close while it is idle in the transaction: node-postgres
      // then emits 'error' on a checked-out client, which used to crash the process.
      await new Promise((r) => setTimeout(r, 100))
      await tx.query(q`SELECT 1`)
    })
    const error = await attempt.then(() => undefined, (e: unknown) => e)
    expect(isDatabaseUnavailable(error)).toBe(true)
    // Still serving from the same process, with a fresh connection.
    expect((await buy()).status).toBe(201)
  })

  it('a COMMIT that fails is an error, not a success (nothing is reported done that was not stored)', async () => {
    const key = `deferred-${Date.now()}`
    // A deferred foreign key fails at COMMIT, after every statement succeeded.
    const attempt = withTransaction(runtime.payload, async (tx) => {
      await grant(tx, { user: learner.id, currency: 'xp', amount: 5, reason: 'test', key })
      await tx.query(q`CREATE TEMP TABLE commit_check (id int PRIMARY KEY, parent int REFERENCES commit_check (id) DEFERRABLE INITIALLY DEFERRED) ON COMMIT DROP`)
      await tx.query(q`INSERT INTO commit_check VALUES (1, 2)`)
      return 'done'
    })
    await expect(attempt).rejects.toMatchObject({ code: '23503' })
    expect((await sql.query('SELECT count(*)::int AS n FROM reward_ledger WHERE idempotency_key = $1', [key])).rows[0].n).toBe(0)
  })

  it('a connection lost at COMMIT is an unavailable-database error, not a success', async () => {
    const key = `lost-at-commit-${Date.now()}`
    const attempt = withTransaction(runtime.payload, async (tx) => {
      await grant(tx, { user: learner.id, currency: 'xp', amount: 5, reason: 'test', key })
      const [{ pid }] = (await tx.query<{ pid: number }>(q`SELECT pg_backend_pid() AS pid`)) as [{ pid: number }]
      await sql.query('SELECT pg_terminate_backend($1)', [pid])
      await until(() => backendGone(pid), 5000, 'the backend to exit')
      return 'done'
    })
    const error = await attempt.then(() => undefined, (e: unknown) => e)
    expect(error).toBeDefined()
    expect(isDatabaseUnavailable(error)).toBe(true)
    expect((await sql.query('SELECT count(*)::int AS n FROM reward_ledger WHERE idempotency_key = $1', [key])).rows[0].n).toBe(0)
    expect(await findBalanceMismatches(runtime.payload.db.pool)).toEqual([])
  })
})
