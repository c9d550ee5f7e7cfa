import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'

import { api, createUser } from '../helpers/http'
import type { TestUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

/**
 * Issue 23 item 9: one password policy wherever a password is set (sign-up, reset, PATCH,
 * admin create, GraphQL), and a password change or reset ends every session issued before it,
 * on every path that authenticates (Payload's REST and GraphQL, the narrow check of /api/learn).
 */
let app: TestApp
let sql: pg.Client
let admin: TestUser

beforeAll(async () => {
  process.env.RATE_LIMIT_LOGIN = '100000/1h'
  process.env.RATE_LIMIT_LOGIN_ACCOUNT = '100000/1h'
  app = await startTestApp()
  sql = new pg.Client({ connectionString: app.databaseUrl })
  await sql.connect()
  admin = await createUser(app.payload, app.baseUrl, 'admin')
})

afterAll(async () => {
  await sql?.end()
  await app?.close()
})

const login = (email: string, password: string) => api(app.baseUrl, 'POST', '/api/users/login', { body: { email, password } })
const gql = (query: string, token?: string) => api(app.baseUrl, 'POST', '/api/graphql', { token, body: { query } })
const resetToken = (email: string) => app.payload.forgotPassword({ collection: 'users', data: { email }, disableEmail: true })
const reset = (token: string, password: unknown) => api(app.baseUrl, 'POST', '/api/users/reset-password', { body: { token, password } })
const credentials = async (id: number) => (await sql.query('SELECT hash, salt FROM users WHERE id = $1', [id])).rows[0]

/** Whether a token still signs its holder in, asked of each path that authenticates. */
async function signedIn(token: string): Promise<{ learn: number; me: number | null; graphql: number | null }> {
  const learn = await api(app.baseUrl, 'GET', '/api/learn/profile', { token })
  const me = await api(app.baseUrl, 'GET', '/api/users/me', { token })
  const graphql = await gql('{ meUser { user { id } } }', token)
  return { learn: learn.status, me: me.body.user?.id ?? null, graphql: graphql.body.data?.meUser?.user?.id ?? null }
}
const signedOut = { learn: 401, me: null, graphql: null }

/** Another login of the same account: a second device's session. */
const secondSession = async (user: TestUser) => {
  const res = await login(user.email, user.password)
  expect(res.status).toBe(200)
  return res.body.token as string
}

function expectRefusedBy(res: { status: number; body: any }, rule: RegExp) {
  expect(res.status).toBe(400)
  expect(res.body.errors[0].message).toMatch(rule)
  expect(res.body.errors[0].data.code).toBe('weak_password')
  expect(res.body.errors[0].data.errors[0].path).toBe('password')
}

describe('POST /api/users/reset-password', () => {
  it('applies the sign-up policy, changes nothing on a refusal, and keeps the token usable for a good password', async () => {
    const user = await createUser(app.payload, app.baseUrl)
    const token = await resetToken(user.email)
    const before = await credentials(user.id)
    for (const [password, rule] of [
      ['12345678', /more than digits/],
      ['password', /too common/],
      [user.username, /too close/],
      ['short', /at least 8/],
      // Payload's REST handler passes a password that is not text on as an empty one.
      [12345678, /at least 8|as text/],
    ] as const) {
      expectRefusedBy(await reset(token, password), rule)
    }
    expect(await credentials(user.id)).toEqual(before)
    expect(await signedIn(user.token)).toEqual({ learn: 200, me: user.id, graphql: user.id })

    const done = await reset(token, 'Lantern-harbour-31')
    expect(done.status).toBe(200)
    // The token is spent.
    expect((await reset(token, 'Another-harbour-32')).status).toBe(403)
    expect(done.body.token).toEqual(expect.any(String))
    expect(await signedIn(done.body.token)).toEqual({ learn: 200, me: user.id, graphql: user.id })
  })

  it('ends every session issued before the reset, on REST, GraphQL and /api/learn', async () => {
    const user = await createUser(app.payload, app.baseUrl)
    const other = await secondSession(user)
    const done = await reset(await resetToken(user.email), 'Copper-kettle-88')
    expect(done.status).toBe(200)
    expect(await signedIn(user.token)).toEqual(signedOut)
    expect(await signedIn(other)).toEqual(signedOut)
    expect((await login(user.email, user.password)).status).toBe(401)
    const fresh = await login(user.email, 'Copper-kettle-88')
    expect(fresh.status).toBe(200)
    expect(await signedIn(fresh.body.token)).toEqual({ learn: 200, me: user.id, graphql: user.id })
  })
})

describe('changing a password through PATCH /api/users/:id', () => {
  it('applies the policy and changes nothing on a refusal', async () => {
    const user = await createUser(app.payload, app.baseUrl)
    const before = await credentials(user.id)
    for (const [password, rule] of [
      ['12345678', /more than digits/],
      ['password', /too common/],
      [`${user.username}1`, /too close/],
    ] as const) {
      expectRefusedBy(await api(app.baseUrl, 'PATCH', `/api/users/${user.id}`, { token: user.token, body: { password, displayName: 'Changed' } }), rule)
    }
    expect(await credentials(user.id)).toEqual(before)
    expect((await sql.query('SELECT display_name FROM users WHERE id = $1', [user.id])).rows[0].display_name).toBeNull()
    expect(await signedIn(user.token)).toEqual({ learn: 200, me: user.id, graphql: user.id })
  })

  it("ends every session, the changer's own included; the new password signs in", async () => {
    const user = await createUser(app.payload, app.baseUrl)
    const other = await secondSession(user)
    const res = await api(app.baseUrl, 'PATCH', `/api/users/${user.id}`, { token: user.token, body: { password: 'Quiet-meadow-47' } })
    expect(res.status).toBe(200)
    expect(await signedIn(user.token)).toEqual(signedOut)
    expect(await signedIn(other)).toEqual(signedOut)
    expect((await login(user.email, user.password)).status).toBe(401)
    const fresh = await login(user.email, 'Quiet-meadow-47')
    expect(fresh.status).toBe(200)
    expect(await signedIn(fresh.body.token)).toEqual({ learn: 200, me: user.id, graphql: user.id })
  })

  it('also when an admin sets it, and through GraphQL', async () => {
    const user = await createUser(app.payload, app.baseUrl)
    expect((await api(app.baseUrl, 'PATCH', `/api/users/${user.id}`, { token: admin.token, body: { password: 'Amber-lantern-52' } })).status).toBe(200)
    expect(await signedIn(user.token)).toEqual(signedOut)

    const other = await createUser(app.payload, app.baseUrl)
    const weak = await gql(`mutation { updateUser(id: ${other.id}, data: { password: "12345678" }) { id } }`, other.token)
    expect(weak.body.errors[0].message).toMatch(/more than digits/)
    expect(await signedIn(other.token)).toEqual({ learn: 200, me: other.id, graphql: other.id })
    const good = await gql(`mutation { updateUser(id: ${other.id}, data: { password: "Silver-compass-63" }) { id } }`, other.token)
    expect(good.body.errors).toBeUndefined()
    expect(await signedIn(other.token)).toEqual(signedOut)
    expect((await login(other.email, 'Silver-compass-63')).status).toBe(200)
  })

  it('holds on admin create too', async () => {
    const weak = await api(app.baseUrl, 'POST', '/api/users', { token: admin.token, body: { email: 'weakling@example.com', username: 'weakling', password: 'weakling1' } })
    expectRefusedBy(weak, /too close/)
    expect((await sql.query("SELECT count(*)::int AS n FROM users WHERE email = 'weakling@example.com'")).rows[0].n).toBe(0)
  })
})

describe('a password change racing other writes of the account', () => {
  /** Holds the account's row so the requests below queue on it in the order they are sent. */
  async function holdRow(id: number) {
    const holder = new pg.Client({ connectionString: app.databaseUrl })
    await holder.connect()
    await holder.query('BEGIN')
    await holder.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [id])
    return {
      waiting: async (count: number) => {
        for (let i = 0; i < 500; i++) {
          const { rows } = await sql.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
          if (rows[0].n >= count) return
          await new Promise((resolve) => setTimeout(resolve, 10))
        }
        throw new Error(`fewer than ${count} requests waiting on the row`)
      },
      release: async () => {
        await holder.query('ROLLBACK')
        await holder.end()
      },
    }
  }

  it('a login with the old password that read the account before the change cannot undo it', async () => {
    const user = await createUser(app.payload, app.baseUrl)
    const row = await holdRow(user.id)
    const change = api(app.baseUrl, 'PATCH', `/api/users/${user.id}`, { token: user.token, body: { password: 'Marble-stairs-74' } })
    await row.waiting(1)
    // Reads the account (old hash, old sessions) and checks the old password, then waits to write its session.
    const racing = login(user.email, user.password)
    await row.waiting(2)
    await row.release()
    expect((await change).status).toBe(200)
    const raced = await racing
    if (raced.status === 200) expect(await signedIn(raced.body.token)).toEqual(signedOut)
    else expect(raced.status).toBe(401)

    expect((await login(user.email, user.password)).status).toBe(401)
    expect(await signedIn(user.token)).toEqual(signedOut)
    expect((await login(user.email, 'Marble-stairs-74')).status).toBe(200)
  })

  it('an edit of the profile that read the account before the change brings back no session and no old password', async () => {
    const user = await createUser(app.payload, app.baseUrl)
    const other = await secondSession(user)
    const row = await holdRow(user.id)
    const change = api(app.baseUrl, 'PATCH', `/api/users/${user.id}`, { token: user.token, body: { password: 'Velvet-harbour-19' } })
    await row.waiting(1)
    const edit = api(app.baseUrl, 'PATCH', `/api/users/${user.id}`, { token: other, body: { displayName: 'Edited' } })
    await row.waiting(2)
    await row.release()
    expect((await change).status).toBe(200)
    expect((await edit).status).toBe(200)

    expect((await sql.query('SELECT display_name FROM users WHERE id = $1', [user.id])).rows[0].display_name).toBe('Edited')
    expect(await signedIn(user.token)).toEqual(signedOut)
    expect(await signedIn(other)).toEqual(signedOut)
    expect((await login(user.email, user.password)).status).toBe(401)
    expect((await login(user.email, 'Velvet-harbour-19')).status).toBe(200)
  })

  it('a login writes its session alone, not the rest of the account as it read it', async () => {
    const user = await createUser(app.payload, app.baseUrl)
    const holder = new pg.Client({ connectionString: app.databaseUrl })
    await holder.connect()
    await holder.query('BEGIN')
    // Another write of the row (here a balance), committed while the login is under way.
    await holder.query('UPDATE users SET xp = xp + 50, display_name = $2 WHERE id = $1', [user.id, 'Written meanwhile'])
    const racing = login(user.email, user.password)
    for (let i = 0; i < 500; i++) {
      const { rows } = await sql.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
      if (rows[0].n >= 1) break
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    await holder.query('COMMIT')
    await holder.end()
    const res = await racing
    expect(res.status).toBe(200)
    expect(await signedIn(res.body.token)).toEqual({ learn: 200, me: user.id, graphql: user.id })
    expect((await sql.query('SELECT xp::int AS xp, display_name FROM users WHERE id = $1', [user.id])).rows[0]).toEqual({ xp: 50, display_name: 'Written meanwhile' })
  })
})
