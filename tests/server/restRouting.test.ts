import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { APIError, handleEndpoints } from 'payload'
import type { Endpoint, SanitizedConfig } from 'payload'

import { createRestHandler } from '../../src/restApi'
import { api, createUser } from '../helpers/http'
import type { TestUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

/**
 * src/restApi.ts finds the config's own endpoints in a table compiled once instead of letting
 * `handleEndpoints` compile every pattern on every request. These tests hold the table to
 * Payload's routing: the same endpoint, the same parameters, the same answer and headers.
 */

let app: TestApp
let learner: TestUser
let config: SanitizedConfig

beforeAll(async () => {
  app = await startTestApp()
  config = app.payload.config
  learner = await createUser(app.payload, app.baseUrl)
})

afterAll(async () => {
  await app?.close()
})

/** A concrete path for an endpoint's pattern: each `:param` becomes a value the route cannot take as anything else. */
const samplePath = (pattern: string) => `/api${pattern.replace(/:([A-Za-z]+)\??/g, (_m, name: string) => `${name}-999`)}`

const request = (method: string, path: string, token?: string) =>
  new Request(`http://localhost${path}`, {
    method: method.toUpperCase(),
    headers: { ...(token ? { authorization: `JWT ${token}` } : {}), ...(method === 'get' || method === 'delete' ? {} : { 'content-type': 'application/json' }), origin: 'http://localhost:5173' },
    // A body no endpoint accepts: nothing is written, and the answer says which endpoint refused.
    ...(method === 'get' || method === 'delete' ? {} : { body: JSON.stringify({ notAField: true }) }),
  })

describe('the compiled route table of src/restApi.ts', () => {
  it("answers every root endpoint exactly as Payload's handleEndpoints does (status, body, CORS headers)", async () => {
    const rest = createRestHandler(config)
    const endpoints = (config.endpoints || []).filter((e) => e.method !== 'delete')
    expect(endpoints.length).toBeGreaterThan(30)
    const compared: string[] = []
    for (const endpoint of endpoints) {
      const path = samplePath(endpoint.path)
      for (const token of [undefined, learner.token]) {
        const ours = await rest(request(endpoint.method, path, token))
        const payloads = await handleEndpoints({ config: Promise.resolve(config), request: request(endpoint.method, path, token) })
        const label = `${endpoint.method} ${path} ${token ? 'signed in' : 'anonymous'}`
        const body = async (r: Response) => (r.headers.get('content-type')?.startsWith('application/json') ? await r.json() : (await r.text()).length)
        const headers = (r: Response) => ['access-control-allow-origin', 'access-control-allow-credentials', 'access-control-allow-methods', 'content-type'].map((h) => r.headers.get(h))
        expect([label, ours.status, headers(ours)]).toEqual([label, payloads.status, headers(payloads)])
        const [a, b] = [await body(ours), await body(payloads)]
        // Answers that carry the time they were made (the docs' date, say) are compared by shape.
        if (typeof a === 'object' && a && 'errors' in a) expect([label, a]).toEqual([label, b])
        else expect([label, typeof a]).toEqual([label, typeof b])
        compared.push(label)
      }
    }
    expect(compared.length).toBe(endpoints.length * 2)
  })

  it('tells the HTTP layer which requests its own endpoints answer (their bodies are held beside the Request)', () => {
    const rest = createRestHandler(config)
    const none = { has: () => false }
    for (const endpoint of config.endpoints || []) expect([endpoint.path, rest.ownEndpoint(endpoint.method.toUpperCase(), samplePath(endpoint.path), none)]).toEqual([endpoint.path, true])
    expect(rest.ownEndpoint('POST', '/api/learn/shop/purchases/', none)).toBe(true)
    expect(rest.ownEndpoint('PATCH', '/api/learn/shop/purchases', none)).toBe(false)
    expect(rest.ownEndpoint('POST', '/api/users/login', none)).toBe(false)
    expect(rest.ownEndpoint('POST', '/api/globals/economy', none)).toBe(false)
    expect(rest.ownEndpoint('POST', '/api/learn/shop/purchases', { has: (name) => name === 'x-http-method-override' })).toBe(false)
    expect(rest.ownEndpoint('GET', '/api/learn/districts/%E0%A4%A', none)).toBe(false)
  })

  it('takes the route parameters from the path, percent-decoded, and leaves collections and globals to Payload', async () => {
    // `swagger-ui.css`, spelled with percent-escapes: found only if the parameter is decoded.
    const encoded = [...'swagger-ui.css'].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('')
    const asset = await fetch(`${app.baseUrl}/api/docs/assets/${encoded}`)
    expect([asset.status, asset.headers.get('content-type')]).toEqual([200, 'text/css; charset=utf-8'])
    expect((await fetch(`${app.baseUrl}/api/docs/assets/swagger-ui.cs`)).status).toBe(404)
    const collection = await api(app.baseUrl, 'GET', '/api/users/me', { token: learner.token })
    expect(collection.body.user.id).toBe(learner.id)
    const global = await api(app.baseUrl, 'GET', '/api/globals/economy', { token: learner.token })
    expect(global.status).toBe(200)
  })

  it("answers a refusal Payload raises outside our handlers in the API's error shape, with its status's code", async () => {
    // Our handlers turn errors into answers themselves; a plugin's endpoint or an auth strategy
    // may instead throw Payload's APIError, which must not become a 500 or an unnamed code.
    const throwing = (status: number, data?: Record<string, unknown>) => () => {
      throw new APIError('Refused here.', status, data)
    }
    const extra: Endpoint[] = [
      { method: 'get', path: '/learn/test-refusal', handler: throwing(403) },
      { method: 'get', path: '/learn/test-refusal-coded', handler: throwing(409, { code: 'already_done' }) },
    ]
    const rest = createRestHandler({ ...config, endpoints: [...(config.endpoints || []), ...extra] as SanitizedConfig['endpoints'] })
    const forbidden = await rest(request('get', '/api/learn/test-refusal'))
    expect([forbidden.status, await forbidden.json()]).toEqual([403, { errors: [{ message: 'Refused here.', code: 'forbidden' }] }])
    const coded = await rest(request('get', '/api/learn/test-refusal-coded'))
    expect([coded.status, await coded.json()]).toEqual([409, { errors: [{ message: 'Refused here.', code: 'already_done' }] }])
  })
})
