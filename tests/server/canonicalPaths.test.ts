import http from 'node:http'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'

import { createApp } from '../../src/app'
import { CLIENT_IP_HEADER } from '../../src/endpoints/http'
import { createUser } from '../helpers/http'
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

type Raw = { status: number; body: any; text: string; headers: http.IncomingHttpHeaders }

/** A request whose path goes on the wire exactly as written (fetch would resolve `..` first). */
function raw(baseUrl: string, method: string, path: string, options: { body?: string | Buffer; headers?: Record<string, string> } = {}): Promise<Raw> {
  const { hostname, port } = new URL(baseUrl)
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, method, path, headers: { 'content-type': 'application/json', ...options.headers } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let body: unknown = null
        try {
          body = JSON.parse(text)
        } catch {
          body = null
        }
        resolve({ status: res.statusCode ?? 0, body, text, headers: res.headers })
      })
    })
    // The server may answer and close before an oversized body is sent in full.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)))
    if (options.body !== undefined) req.write(options.body)
    req.end()
  })
}

const counters = async () => Number((await sql.query(`SELECT COALESCE(sum(count), 0)::int AS n FROM rate_limit_counters WHERE key LIKE 'login%' OR key LIKE 'signup%'`)).rows[0].n)

describe('paths that a later parser would read differently are refused before anything runs', () => {
  const login = () => JSON.stringify({ email: learner.email, password: learner.password })
  const paths = [
    '/api/graphql-playground/../users/login',
    '/x/../api/users/login',
    '/api/learn/../users/login',
    '/api/%2e%2e/api/users/login',
    '/api/learn/.%2E/users/login',
    '/api/learn/%2E./users/login',
    '/api/./users/login',
    '/api/users/./login',
    '//api/users/login',
    '/api//users/login',
    '/api\\users/login',
    '/api/users%2flogin',
    '/api/users%5Clogin',
    '/api/users/login%00',
    '/API/users/login',
    '/Api/users/login',
  ]

  it.each(paths)('POST %s → 400 invalid_path, no login attempted, no limit counted', async (path) => {
    const before = await counters()
    const res = await raw(app.baseUrl, 'POST', path, { body: login(), headers: { [CLIENT_IP_HEADER]: '203.0.113.7' } })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].code).toBe('invalid_path')
    expect(res.text).not.toMatch(/token|at \w+ \(/)
    expect(await counters()).toBe(before)
  })

  it('refuses an 8 MB PATCH through a dot path before reading it, and still takes the canonical spelling', async () => {
    const big = JSON.stringify({ displayName: 'x', profile: { note: 'y'.repeat(8 * 1024 * 1024) } })
    const res = await raw(app.baseUrl, 'PATCH', `/x/../api/users/${learner.id}`, { body: big, headers: { authorization: `JWT ${learner.token}` } })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].code).toBe('invalid_path')
    const over = await raw(app.baseUrl, 'PATCH', `/api/users/${learner.id}`, { body: big, headers: { authorization: `JWT ${learner.token}`, 'content-length': String(Buffer.byteLength(big)) } })
    expect(over.status).toBe(413)
    const ok = await raw(app.baseUrl, 'PATCH', `/api/users/${learner.id}/`, { body: JSON.stringify({ displayName: 'Canonical' }), headers: { authorization: `JWT ${learner.token}` } })
    expect(ok.status).toBe(200)
    expect((await sql.query('SELECT display_name FROM users WHERE id = $1', [learner.id])).rows[0].display_name).toBe('Canonical')
  })

  it('keys the per-IP login limit on the address, whatever x-speakpro-client-ip a client sends', async () => {
    const previous = process.env.RATE_LIMIT_LOGIN
    await sql.query(`DELETE FROM rate_limit_counters WHERE key LIKE 'login:%'`)
    process.env.RATE_LIMIT_LOGIN = '3/1h'
    try {
      const statuses = []
      for (let i = 0; i < 5; i++) {
        const res = await raw(app.baseUrl, 'POST', '/api/users/login', { body: JSON.stringify({ email: learner.email, password: 'wrong-Password-1' }), headers: { [CLIENT_IP_HEADER]: `198.51.100.${i}` } })
        statuses.push(res.status)
      }
      expect(statuses.slice(3)).toEqual([429, 429])
    } finally {
      process.env.RATE_LIMIT_LOGIN = previous
      await sql.query(`DELETE FROM rate_limit_counters WHERE key LIKE 'login:%'`)
    }
  })

  it('hands Next (the admin, /api/graphql-playground) the address Express saw, never the client’s header', async () => {
    let seen: unknown
    const express = createApp({
      payload: app.payload,
      config: app.payload.config,
      graphql: async () => new Response(null, { status: 404 }),
      next: (req, res) => {
        seen = req.headers[CLIENT_IP_HEADER]
        res.end('next')
      },
    })
    const server = await new Promise<http.Server>((resolve) => {
      const s = http.createServer(express).listen(0, '127.0.0.1', () => resolve(s))
    })
    try {
      const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
      const res = await raw(base, 'GET', '/api/graphql-playground', { headers: { [CLIENT_IP_HEADER]: '203.0.113.50' } })
      expect(res.text).toBe('next')
      expect(seen).toBe('127.0.0.1')
      expect((await raw(base, 'GET', '/admin/../api/users/me', { headers: { [CLIENT_IP_HEADER]: '203.0.113.50' } })).status).toBe(400)
    } finally {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})
