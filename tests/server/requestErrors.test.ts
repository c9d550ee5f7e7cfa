import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'

import { api, createUser } from '../helpers/http'
import type { TestUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

/**
 * Regressions found by the fuzz suite (tests/fuzz): malformed requests that were answered 500,
 * outside the error envelope, or taken as an empty body. Each answer here is a clean 4xx in
 * `{ errors: [{ message, code }] }` and nothing is written.
 */

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

const raw = (method: string, path: string, text: string | undefined, headers: Record<string, string> = {}, token?: string) => api(app.baseUrl, method, path, { token, rawBody: text, headers })
const codeOf = (res: { body: { errors?: { code?: string }[] } }) => res.body.errors?.[0]?.code
const settingsRows = async () => Number((await sql.query('SELECT count(*) FROM amphitheatre_settings WHERE user_id = $1', [learner.id])).rows[0].count)

describe('the REST layer (src/restApi.ts)', () => {
  it('answers a path with broken percent-encoding 400 invalid_path (was a URIError, 500)', async () => {
    for (const path of ['/api/learn/districts/%E0%A4%A', '/api/learn/milestones/%/attempts/1/retry', '/api/users/%E0%A4%A']) {
      const res = await api(app.baseUrl, 'GET', path, { token: learner.token })
      expect([path, res.status, codeOf(res)]).toEqual([path, 400, 'invalid_path'])
    }
  })

  it('answers broken JSON under X-HTTP-Method-Override: GET with 400 invalid_json (was a 500); a good override still works', async () => {
    for (const text of ['', '{"moduleId":']) {
      const res = await raw('POST', '/api/learn/lessons', text, { 'content-type': 'application/json', 'x-http-method-override': 'GET' }, learner.token)
      expect([text, res.status, codeOf(res)]).toEqual([text, 400, 'invalid_json'])
    }
    const me = await raw('POST', '/api/users/me', '{}', { 'content-type': 'application/json', 'x-http-method-override': 'GET' }, learner.token)
    expect(me.status).toBe(200)
    expect(me.body.user.id).toBe(learner.id)
  })

  it('answers a path no endpoint serves 404 in the error envelope (was `{ message: "Route not found …" }`)', async () => {
    for (const path of ['/api/learn/nowhere', '/api/learn/districts/']) {
      const res = await api(app.baseUrl, 'GET', path, { token: learner.token })
      expect([path, res.status, res.body]).toEqual([path, 404, { errors: [{ message: 'Not found.', code: 'not_found' }] }])
    }
    // An empty segment is not a path at all (src/canonicalPath.ts).
    const empty = await api(app.baseUrl, 'GET', '/api/learn/lessons//answers', { token: learner.token })
    expect([empty.status, empty.body.errors[0].code]).toEqual([400, 'invalid_path'])
    // Payload's own 404 for a missing document keeps its message.
    const missing = await api(app.baseUrl, 'GET', '/api/modules/999999', { token: learner.token })
    expect(missing.status).toBe(404)
    expect(missing.body.errors[0].message).not.toBe('Not found.')
  })
})

describe("Payload's login", () => {
  it('refuses a NUL in the email or username with 400 invalid_text (PostgreSQL refused the query: 500)', async () => {
    for (const body of [{ email: 'a\u0000b@example.com', password: 'whatever it is' }, { username: 'ab\u0000c', password: 'whatever it is' }]) {
      const res = await api(app.baseUrl, 'POST', '/api/users/login', { body })
      expect([res.status, codeOf(res)]).toEqual([400, 'invalid_text'])
    }
  })

  it('refuses a body declared multipart that is not one with 400 invalid_multipart (busboy threw: 500)', async () => {
    const res = await raw('POST', '/api/users/login', JSON.stringify({ email: learner.email, password: learner.password }), { 'content-type': 'multipart/form-data; boundary=x' })
    expect([res.status, codeOf(res)]).toEqual([400, 'invalid_multipart'])
  })
})

describe('request bodies of custom endpoints (parseBody)', () => {
  it('refuses a body sent as anything but JSON with 415, where it used to be read as {} and answered 200', async () => {
    const valid = JSON.stringify({ language: 'de' })
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx']) {
      const res = await raw('PATCH', '/api/learn/amphitheatre/settings', valid, { 'content-type': type }, learner.token)
      expect([type, res.status, codeOf(res)]).toEqual([type, 415, 'unsupported_media_type'])
    }
    expect(await settingsRows()).toBe(0)
  })

  it('treats no body, an empty body and JSON null as missing (422), not as an empty object that saved the settings', async () => {
    for (const text of [undefined, '', 'null']) {
      const res = await raw('PATCH', '/api/learn/amphitheatre/settings', text, text === undefined ? {} : { 'content-type': 'application/json' }, learner.token)
      expect([text, res.status, codeOf(res)]).toEqual([text, 422, 'validation_failed'])
    }
    expect(await settingsRows()).toBe(0)
  })

  it('reads JSON whatever the case of its media type (Payload read `Application/JSON` as no body)', async () => {
    const res = await raw('PATCH', '/api/learn/amphitheatre/settings', JSON.stringify({ language: 'de' }), { 'content-type': 'Application/JSON; charset=UTF-8' }, learner.token)
    expect(res.status).toBe(200)
    expect(res.body.language).toBe('de')
  })

  it('refuses text PostgreSQL cannot store (NUL, unpaired surrogates) with 422 naming the field (was a 500)', async () => {
    const coach = await api(app.baseUrl, 'POST', '/api/learn/coach/messages', { token: learner.token, body: { message: 'How do I\u0000 open?' } })
    expect(coach.status).toBe(422)
    expect(coach.body.errors[0].data.fields[0].path).toBe('message')

    const signup = await api(app.baseUrl, 'POST', '/api/users/signup', { body: { email: 'nul.name@example.com', username: 'nul_name', password: 'a sturdy passphrase', displayName: 'Nul\u0000Name' } })
    expect(signup.status).toBe(422)
    expect(signup.body.errors[0].data.fields[0].path).toBe('displayName')
    expect((await sql.query(`SELECT count(*) FROM users WHERE email = 'nul.name@example.com'`)).rows[0].count).toBe('0')

    const settings = await api(app.baseUrl, 'PATCH', '/api/learn/amphitheatre/settings', { token: learner.token, body: { audioDevice: 'mic \uD800' } })
    expect(settings.status).toBe(422)
    expect(settings.body.errors[0].data.fields[0].path).toBe('audioDevice')
  })
})
