import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'

import { api, createUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

let app: TestApp

beforeAll(async () => {
  app = await startTestApp()
})

afterAll(async () => {
  await app?.close()
})

describe('health', () => {
  it('answers /healthz while the process is up', async () => {
    const res = await api(app.baseUrl, 'GET', '/healthz')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ status: 'ok' })
  })

  it('answers /readyz 200 when the database answers and 503 when it refuses connections', async () => {
    expect((await api(app.baseUrl, 'GET', '/readyz')).status).toBe(200)

    const dbName = new URL(app.databaseUrl).pathname.slice(1)
    const admin = new pg.Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL })
    await admin.connect()
    try {
      await admin.query(`ALTER DATABASE ${dbName} WITH ALLOW_CONNECTIONS false`)
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [dbName])
      const down = await api(app.baseUrl, 'GET', '/readyz')
      expect(down.status).toBe(503)
      expect(down.body).toMatchObject({ status: 'unavailable' })
    } finally {
      await admin.query(`ALTER DATABASE ${dbName} WITH ALLOW_CONNECTIONS true`)
      await admin.end()
    }
    // The pool reconnects by itself: no restart needed.
    expect((await api(app.baseUrl, 'GET', '/readyz')).status).toBe(200)
  })
})

describe('Payload REST through Express', () => {
  it('sets the auth cookie on login, and /api/users/me accepts that cookie', async () => {
    const admin = await createUser(app.payload, app.baseUrl, 'admin')
    const login = await api(app.baseUrl, 'POST', '/api/users/login', {
      body: { email: admin.email, password: admin.password },
    })
    expect(login.status).toBe(200)
    const cookies = login.headers.getSetCookie()
    const authCookie = cookies.find((c) => c.startsWith('payload-token='))
    expect(authCookie).toBeDefined()
    expect(authCookie).toMatch(/HttpOnly/i)

    const me = await api(app.baseUrl, 'GET', '/api/users/me', { cookie: authCookie!.split(';')[0] })
    expect(me.status).toBe(200)
    expect(me.body.user).toMatchObject({ id: admin.id, email: admin.email, role: 'admin' })

    const anonymous = await api(app.baseUrl, 'GET', '/api/users/me')
    expect(anonymous.body.user).toBeNull()
  })

  it('accepts login by username as well as by email', async () => {
    const learner = await createUser(app.payload, app.baseUrl, 'learner')
    const byUsername = await api(app.baseUrl, 'POST', '/api/users/login', {
      body: { username: learner.username, password: learner.password },
    })
    expect(byUsername.status).toBe(200)
    expect(byUsername.body.user.id).toBe(learner.id)
  })

  it('answers bad JSON with 400 in Payload’s error shape and unknown routes with 404', async () => {
    const bad = await api(app.baseUrl, 'POST', '/api/users/login', {
      rawBody: '{"email": ',
      headers: { 'content-type': 'application/json' },
    })
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0].message).toEqual(expect.any(String))
    expect(bad.text).not.toMatch(/at .*\.(ts|js):\d+/)

    const missing = await api(app.baseUrl, 'GET', '/api/no-such-thing')
    expect(missing.status).toBe(404)
  })
})

describe('GraphQL through Express', () => {
  it('answers a query for published modules', async () => {
    await app.payload.create({
      collection: 'levels',
      data: { number: 1, name: 'L1', milestoneThreshold: 70, _status: 'published' },
      overrideAccess: true,
    })
    const res = await api(app.baseUrl, 'POST', '/api/graphql', { body: { query: '{ Levels { docs { number name } } }' } })
    expect(res.status).toBe(200)
    expect(res.body.data.Levels.docs).toEqual([{ number: 1, name: 'L1' }])
  })
})
