import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { SignJWT } from 'jose'
import pg from 'pg'

import { api, createUser } from '../helpers/http'
import { recordQueries } from '../helpers/queries'
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

const profile = (headers: Record<string, string>) => api(app.baseUrl, 'GET', '/api/learn/profile', { headers })
const me = (headers: Record<string, string>) => api(app.baseUrl, 'GET', '/api/users/me', { headers })

/** A token the way Payload signs one, with claims and key of our choosing. */
const sign = (claims: Record<string, unknown>, options: { secret?: string; authVersion?: number | null; expiresIn?: string } = {}) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', ...(options.authVersion === null ? {} : { authVersion: options.authVersion ?? 1 }) })
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '1h')
    .sign(new TextEncoder().encode(options.secret ?? app.payload.secret))

const sessionOf = async (userId: number) =>
  (await sql.query<{ id: string }>('SELECT id FROM users_sessions WHERE _parent_id = $1 ORDER BY created_at DESC LIMIT 1', [userId])).rows[0]!.id

describe('the learner API authenticates with the narrow session check', () => {
  it('accepts the login token in each place Payload accepts it, and answers for that learner only', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    const variants: Record<string, string>[] = [
      { authorization: `JWT ${learner.token}` },
      { authorization: `Bearer ${learner.token}` },
      { cookie: `payload-token=${learner.token}` },
      { cookie: `other=1; payload-token=${learner.token}`, origin: 'https://elsewhere.example' },
    ]
    for (const headers of variants) {
      const res = await profile(headers)
      expect(res.status).toBe(200)
      expect(res.body.profile.id).toBe(learner.id)
      // Payload's own strategy agrees on every one of them.
      expect((await me(headers)).body.user?.id).toBe(learner.id)
    }
  })

  it('refuses what Payload refuses: no token, garbage, a wrong scheme', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    const variants: Record<string, string>[] = [
      {},
      { authorization: 'JWT not-a-token' },
      { authorization: `Basic ${learner.token}` },
      { cookie: `payload-token=${learner.token.slice(0, -2)}xx` },
    ]
    for (const headers of variants) {
      expect((await profile(headers)).status).toBe(401)
      expect((await me(headers)).body.user).toBeNull()
    }
  })

  it('refuses a token after logout (the session is gone)', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    expect((await profile({ authorization: `JWT ${learner.token}` })).status).toBe(200)
    const out = await api(app.baseUrl, 'POST', '/api/users/logout', { token: learner.token })
    expect(out.status).toBe(200)
    const res = await profile({ authorization: `JWT ${learner.token}` })
    expect(res.status).toBe(401)
    expect(res.body.errors[0].code).toBe('unauthorized')
  })

  it('refuses a token whose sessions were revoked in the database (log out everywhere)', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    await sql.query('DELETE FROM users_sessions WHERE _parent_id = $1', [learner.id])
    expect((await profile({ authorization: `JWT ${learner.token}` })).status).toBe(401)
  })

  it('refuses forged and mismatched tokens', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    const sid = await sessionOf(learner.id)
    const other = await createUser(app.payload, app.baseUrl)
    const good = await sign({ id: learner.id, collection: 'users', sid })
    expect((await profile({ authorization: `JWT ${good}` })).body.profile.id).toBe(learner.id)

    const forged = [
      await sign({ id: learner.id, collection: 'users', sid }, { secret: 'another-secret-another-secret-1234' }),
      await sign({ id: learner.id, collection: 'users', sid }, { authVersion: null }),
      await sign({ id: learner.id, collection: 'users', sid }, { authVersion: 2 }),
      await sign({ id: learner.id, collection: 'users', sid }, { expiresIn: '-1m' }),
      await sign({ id: learner.id, collection: 'users' }),
      await sign({ id: learner.id, collection: 'users', sid: 'no-such-session' }),
      await sign({ id: learner.id, collection: 'recordings', sid }),
      // Someone else's id with this learner's session: the session must belong to the id.
      await sign({ id: other.id, collection: 'users', sid }),
    ]
    for (const token of forged) expect((await profile({ authorization: `JWT ${token}` })).status).toBe(401)
  })

  it('refuses a token once it expires, though it was accepted (and remembered as verified) before', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    const sid = await sessionOf(learner.id)
    const brief = await sign({ id: learner.id, collection: 'users', sid }, { expiresIn: '2s' })
    expect((await profile({ authorization: `JWT ${brief}` })).status).toBe(200)
    const { exp } = JSON.parse(Buffer.from(brief.split('.')[1]!, 'base64url').toString()) as { exp: number }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, exp * 1000 - Date.now()) + 50))
    expect((await profile({ authorization: `JWT ${brief}` })).status).toBe(401)
  })

  it('refuses the token of a deleted account', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    await app.payload.delete({ collection: 'users', id: learner.id, overrideAccess: true })
    expect((await profile({ authorization: `JWT ${learner.token}` })).status).toBe(401)
  })

  it('leaves every other route to Payload, which loads the full user', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    const res = await me({ authorization: `JWT ${learner.token}` })
    expect(res.body.user).toMatchObject({ id: learner.id, email: learner.email, username: learner.username, xp: 0, learnerLevel: 1 })
    expect(res.body.user._strategy).toBe('local-jwt')
  })

  it('costs one narrow statement per request, never the hash, salt or sessions of the user', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    const statements = await recordQueries(app.payload.db.pool, async () => {
      expect((await api(app.baseUrl, 'GET', '/api/learn/quests', { token: learner.token })).status).toBe(200)
    })
    const auth = statements.filter((s) => /users_sessions/.test(s))
    expect(auth).toHaveLength(1)
    expect(statements.join('\n')).not.toMatch(/"hash"|"salt"|json_agg/)
  })
})
