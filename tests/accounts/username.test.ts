import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'

import { api, createUser } from '../helpers/http'
import type { ApiResponse, TestUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

/**
 * Issue 23 item 11: sign-up's username rule (trimmed, lower-cased, 3–32 ASCII letters, digits,
 * dots, dashes or underscores) wherever a username is set: PATCH /api/users/:id, admin create,
 * GraphQL and sign-up, with uniqueness after normalisation.
 */
let app: TestApp
let sql: pg.Client
let admin: TestUser
let staff: TestUser

beforeAll(async () => {
  process.env.RATE_LIMIT_SIGNUP = '100000/1h'
  app = await startTestApp()
  sql = new pg.Client({ connectionString: app.databaseUrl })
  await sql.connect()
  admin = await createUser(app.payload, app.baseUrl, 'admin')
  staff = await createUser(app.payload, app.baseUrl, 'author')
})

afterAll(async () => {
  await sql?.end()
  await app?.close()
})

const stored = async (id: number) => (await sql.query('SELECT username FROM users WHERE id = $1', [id])).rows[0].username as string
const rename = (user: TestUser, username: unknown) => api(app.baseUrl, 'PATCH', `/api/users/${user.id}`, { token: user.token, body: { username } })

function expectUsernameRefused(res: ApiResponse, message: RegExp) {
  expect(res.status).toBe(400)
  expect(res.body.errors[0].data.errors[0]).toMatchObject({ path: 'username', message: expect.stringMatching(message) })
}

describe('PATCH /api/users/:id username', () => {
  it('refuses what sign-up refuses and changes nothing', async () => {
    const user = await createUser(app.payload, app.baseUrl)
    // U+0430 and U+043E (Cyrillic а, о) in a staff member's name; Greek ο (U+03BF); fullwidth letters.
    const lookalike = staff.username.replace('a', '\u0430').replace('o', '\u043e')
    expect(lookalike).not.toBe(staff.username)
    for (const username of ['a', 'ab', '', '   ', '_leading', 'has spaces', 'x'.repeat(33), lookalike, '\u0430dmin', 'ad\u03bfmin', '\uff41dmin', 'emoji\u{1f600}']) {
      expectUsernameRefused(await rename(user, username), username.trim() === '' ? /required/ : /3–32 letters/)
    }
    for (const username of [42, ['abc'], { name: 'abc' }]) expectUsernameRefused(await rename(user, username), /as text/)
    expect(await stored(user.id)).toBe(user.username)
  })

  it('stores a valid name trimmed and lower-cased, and it signs in', async () => {
    const user = await createUser(app.payload, app.baseUrl)
    const res = await rename(user, '  Harbour.Pilot_7 ')
    expect(res.status).toBe(200)
    expect(res.body.doc.username).toBe('harbour.pilot_7')
    expect(await stored(user.id)).toBe('harbour.pilot_7')
    expect((await api(app.baseUrl, 'POST', '/api/users/login', { body: { username: 'HARBOUR.PILOT_7', password: user.password } })).status).toBe(200)
  })

  it('keeps usernames unique after normalisation', async () => {
    const user = await createUser(app.payload, app.baseUrl)
    const other = await createUser(app.payload, app.baseUrl)
    for (const username of [other.username.toUpperCase(), ` ${other.username} `, staff.username]) {
      const res = await rename(user, username)
      expect(res.status).toBe(400)
      expect(res.body.errors[0].data.errors[0].path).toBe('username')
    }
    expect(await stored(user.id)).toBe(user.username)
    expect(await stored(other.id)).toBe(other.username)
  })

  it('lets an account named before the rule edit everything else', async () => {
    const user = await createUser(app.payload, app.baseUrl)
    await sql.query("UPDATE users SET username = 'x' WHERE id = $1", [user.id])
    expect((await api(app.baseUrl, 'PATCH', `/api/users/${user.id}`, { token: user.token, body: { displayName: 'Old timer' } })).status).toBe(200)
    expectUsernameRefused(await rename(user, 'y'), /3–32 letters/)
    expect(await stored(user.id)).toBe('x')
  })
})

describe('the same rule on every other path', () => {
  it('admin create', async () => {
    const create = (username: string) => api(app.baseUrl, 'POST', '/api/users', { token: admin.token, body: { email: `${Math.random().toString(36).slice(2)}@example.com`, username, password: 'Tidal-window-48' } })
    expectUsernameRefused(await create('ab'), /3–32 letters/)
    expectUsernameRefused(await create('\u0430dmin'), /3–32 letters/)
    const made = await create(' New.Staffer ')
    expect(made.status).toBe(201)
    expect(made.body.doc.username).toBe('new.staffer')
  })

  it('GraphQL', async () => {
    const user = await createUser(app.payload, app.baseUrl)
    const update = (username: string) => api(app.baseUrl, 'POST', '/api/graphql', { token: user.token, body: { query: `mutation { updateUser(id: ${user.id}, data: { username: "${username}" }) { username } }` } })
    for (const username of ['a', '\u0430dmin']) {
      const res = await update(username)
      expect(res.body.errors[0].extensions.data.errors[0]).toMatchObject({ path: 'username', message: expect.stringMatching(/3–32 letters/) })
    }
    expect(await stored(user.id)).toBe(user.username)
    expect((await update('Graph.Name')).body.data.updateUser.username).toBe('graph.name')
  })

  it('sign-up', async () => {
    const signup = (username: string) => api(app.baseUrl, 'POST', '/api/users/signup', { body: { email: `${Math.random().toString(36).slice(2)}@example.com`, username, password: 'Gentle-tide-61' } })
    for (const username of ['a', '\u0430dmin', staff.username.replace('a', '\u0430')]) {
      const res = await signup(username)
      expect(res.status).toBe(422)
      expect(res.body.errors[0].data.fields[0]).toMatchObject({ path: 'username', message: expect.stringMatching(/3–32 letters/) })
    }
    expect((await signup(staff.username.toUpperCase())).body.errors[0].code).toBe('username_taken')
    expect((await signup(' Fresh.Face ')).body.user.username).toBe('fresh.face')
  })
})
