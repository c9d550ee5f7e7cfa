import './corsEnv'

import http from 'node:http'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'

import { loadEnv } from '../../src/env'
import { api, createUser } from '../helpers/http'
import type { TestUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

let app: TestApp
let learner: TestUser
let cookie: string

const ALLOWED = 'https://app.example'
const EVIL = 'https://evil.example'

beforeAll(async () => {
  app = await startTestApp()
  learner = await createUser(app.payload, app.baseUrl)
  const login = await api(app.baseUrl, 'POST', '/api/users/login', { body: { email: learner.email, password: learner.password } })
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string
  expect(cookie).toMatch(/^payload-token=/)
})

afterAll(async () => {
  await app?.close()
})

describe('security headers', () => {
  it('lock /api down to data: no framing, no scripts, no sniffing, no x-powered-by', async () => {
    const res = await api(app.baseUrl, 'GET', '/api/levels?limit=1')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'")
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    // Learner apps on other origins embed media and recordings.
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin')
    expect(res.headers.get('x-powered-by')).toBeNull()
    // Not production: no HSTS over plain HTTP.
    expect(res.headers.get('strict-transport-security')).toBeNull()
    // Errors get them too.
    expect((await api(app.baseUrl, 'GET', '/api/learn/home')).headers.get('x-content-type-options')).toBe('nosniff')
  })

  it("give the admin's pages a policy that allows only its own origin", async () => {
    const res = await api(app.baseUrl, 'GET', '/admin')
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).toContain("frame-ancestors 'self'")
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN')
  })

  it('leave the API reference its own policy', async () => {
    const res = await api(app.baseUrl, 'GET', '/api/docs')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
  })
})

describe('CORS', () => {
  it('answers the preflight of an allowed origin with credentials and the headers apps send', async () => {
    const res = await api(app.baseUrl, 'OPTIONS', '/api/learn/shop/purchases', {
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, idempotency-key' },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED)
    expect(res.headers.get('access-control-allow-credentials')).toBe('true')
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key')
    expect(res.headers.get('access-control-allow-methods')).toContain('POST')
    expect(res.headers.get('vary')).toContain('Origin')
  })

  it('refuses the preflight of any other origin and never echoes it', async () => {
    const pre = await api(app.baseUrl, 'OPTIONS', '/api/learn/home', { headers: { origin: EVIL, 'access-control-request-method': 'GET' } })
    expect(pre.status).toBe(403)
    expect(pre.body.errors[0].code).toBe('cors_origin_denied')
    expect(pre.headers.get('access-control-allow-origin')).toBeNull()
    const get = await api(app.baseUrl, 'GET', '/api/levels?limit=1', { headers: { origin: EVIL } })
    expect(get.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('lets an allowed origin read the rate-limit and replay headers', async () => {
    const res = await api(app.baseUrl, 'GET', '/api/learn/home', { token: learner.token, headers: { origin: 'http://localhost:5173' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    expect(res.headers.get('access-control-expose-headers')).toContain('RateLimit-Remaining')
    expect(res.headers.get('access-control-expose-headers')).toContain('Idempotent-Replayed')
  })

  it('accepts the session cookie from allowed origins and the server itself, not from others (CSRF)', async () => {
    const asOrigin = (origin?: string) => api(app.baseUrl, 'GET', '/api/users/me', { cookie, headers: origin ? { origin } : {} })
    expect((await asOrigin(ALLOWED)).body.user?.id).toBe(learner.id)
    expect((await asOrigin('http://admin.example')).body.user?.id).toBe(learner.id)
    expect((await asOrigin(EVIL)).body.user).toBeNull()
    // The learner fast path (/api/learn/*) applies the same rule.
    expect((await api(app.baseUrl, 'GET', '/api/learn/home', { cookie, headers: { origin: ALLOWED } })).status).toBe(200)
    expect((await api(app.baseUrl, 'GET', '/api/learn/home', { cookie, headers: { origin: EVIL } })).status).toBe(401)
  })

  it('is validated at boot: origins only, and SERVER_URL with them', () => {
    const base = { NODE_ENV: 'test' as const, PAYLOAD_SECRET: 'x'.repeat(32) }
    expect(() => loadEnv({ ...base, CORS_ORIGINS: 'https://app.example/path', SERVER_URL: 'http://a.example' })).toThrow(/CORS_ORIGINS/)
    expect(() => loadEnv({ ...base, CORS_ORIGINS: 'app.example', SERVER_URL: 'http://a.example' })).toThrow(/CORS_ORIGINS/)
    expect(() => loadEnv({ ...base, CORS_ORIGINS: 'https://app.example' })).toThrow(/SERVER_URL/)
    expect(loadEnv({ ...base, CORS_ORIGINS: 'https://app.example,http://localhost:5173', SERVER_URL: 'http://a.example' }).CORS_ORIGINS).toBeDefined()
  })
})

describe('body limits', () => {
  it('refuses a declared JSON body over the limit with 413 before reading it', async () => {
    const limit = Number(process.env.JSON_BODY_MAX_BYTES) || 3 * 1024 * 1024
    const res = await api(app.baseUrl, 'POST', '/api/learn/events', { token: learner.token, rawBody: 'x'.repeat(limit + 1), headers: { 'content-type': 'application/json' } })
    expect(res.status).toBe(413)
    expect(res.body.errors[0].code).toBe('body_too_large')
  })

  it('cuts off a chunked body over the limit with 413', async () => {
    const limit = Number(process.env.JSON_BODY_MAX_BYTES) || 3 * 1024 * 1024
    const { port, hostname } = new URL(app.baseUrl)
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: hostname, port, method: 'POST', path: '/api/learn/events', headers: { authorization: `JWT ${learner.token}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        let body = ''
        res.on('data', (c: Buffer) => (body += c.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      })
      req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e)))
      const chunk = Buffer.alloc(64 * 1024, 'x')
      let sent = 0
      const write = () => {
        while (sent <= limit + chunk.length) {
          sent += chunk.length
          if (!req.write(chunk)) return void req.once('drain', write)
        }
        req.end()
      }
      write()
    })
    expect(answer.status).toBe(413)
    expect(JSON.parse(answer.body).errors[0].code).toBe('body_too_large')
  })

  it('still takes a full events batch', async () => {
    const events = Array.from({ length: 500 }, () => ({ id: crypto.randomUUID(), type: 'client.fuzz_probe', occurredAt: new Date().toISOString(), data: { note: 'y'.repeat(3500) } }))
    const res = await api(app.baseUrl, 'POST', '/api/learn/events', { token: learner.token, body: { events } })
    expect(res.status).toBe(200)
    expect(res.body.accepted).toBe(500)
  })
})
