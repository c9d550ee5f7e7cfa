import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'

import { runSeeds } from '../../seeds'
import { withTransaction } from '../../src/db/transaction'
import { grant } from '../../src/services/economy/ledger'
import { buy as buyItem } from '../../src/services/economy/shop'
import { findBalanceMismatches } from '../../src/services/economy/verify'
import { api, createUser } from '../helpers/http'
import type { TestUser } from '../helpers/http'
import { balances } from '../helpers/learners'
import { recordQueries } from '../helpers/queries'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

let app: TestApp
let sql: pg.Client
let admin: TestUser

beforeAll(async () => {
  app = await startTestApp()
  sql = new pg.Client({ connectionString: app.databaseUrl })
  await sql.connect()
  await runSeeds({ payload: app.payload, log: () => undefined, stats: { created: 0, updated: 0, unchanged: 0 } }, ['economy'])
  admin = await createUser(app.payload, app.baseUrl, 'admin')
})

afterAll(async () => {
  expect(await findBalanceMismatches(app.payload.db.pool)).toEqual([])
  await sql?.end()
  await app?.close()
})

const coinsFor = (user: number, amount: number) =>
  withTransaction(app.payload, (tx) => grant(tx, { user, currency: 'coins', amount, reason: 'test', key: `seed-coins:${Math.random()}` }))

const buy = (token: string | undefined, body: unknown) => api(app.baseUrl, 'POST', '/api/learn/shop/purchases', { token, body })
const rows = async (user: number) => Number((await sql.query('SELECT count(*) FROM reward_ledger WHERE user_id = $1', [user])).rows[0].count)

describe('POST /api/learn/shop/purchases', () => {
  it('turns coins into tickets at the economy price, as two ledger rows', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    await coinsFor(learner.id, 50)
    const res = await buy(learner.token, { item: 'ticket', quantity: 2 })
    expect(res.status).toBe(201)
    expect(res.body.purchase).toMatchObject({ item: 'ticket', quantity: 2, coinsSpent: 40, balances: { coins: 10, tickets: 2, streakFreezes: 0 } })
    expect(await balances(app.payload, learner.id)).toMatchObject({ coins: 10, tickets: 2 })
    expect(await rows(learner.id)).toBe(3)
  })

  it('runs as one transaction of a fixed number of statements (the hot path stays lean)', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    await coinsFor(learner.id, 100)
    const statements = await recordQueries(app.payload.db.pool, async () => {
      expect((await buy(learner.token, { item: 'ticket', quantity: 1 })).status).toBe(201)
    })
    // auth with the learner-write rate limit's upsert (one statement, outside the transaction),
    // begin, the learner's lock with the prices, one statement that checks both keys, moves both
    // balances and writes both ledger rows (and returns the balances), commit
    expect(statements).toHaveLength(5)
    expect(statements[0]).toMatch(/^WITH session AS \(SELECT .* FROM users_sessions .*INSERT INTO rate_limit_counters/s)
    expect(statements.filter((s) => /^(begin|commit)$/i.test(s))).toHaveLength(2)
  })

  it('refuses a purchase the learner cannot afford with 409 insufficient_funds, writing nothing', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    await coinsFor(learner.id, 19)
    const res = await buy(learner.token, { item: 'ticket' })
    expect(res.status).toBe(409)
    expect(res.body.errors[0].code).toBe('insufficient_funds')
    expect(await balances(app.payload, learner.id)).toMatchObject({ coins: 19, tickets: 0 })
    expect(await rows(learner.id)).toBe(1)
  })

  it('a purchase id applied twice buys once, and the replay answers with the balances of now', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    await coinsFor(learner.id, 100)
    const first = await withTransaction(app.payload, (tx) => buyItem(tx, learner.id, 'ticket', 1, 'offline-1'))
    expect(first.balances).toEqual({ coins: 80, tickets: 1, streakFreezes: 0 })
    await coinsFor(learner.id, 5)
    const again = await withTransaction(app.payload, (tx) => buyItem(tx, learner.id, 'ticket', 1, 'offline-1'))
    expect(again).toEqual({ ...first, balances: { coins: 85, tickets: 1, streakFreezes: 0 } })
    expect(await rows(learner.id)).toBe(4) // two coin grants, one spend, one ticket
  })

  it('caps streak freezes at the economy maximum', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    await coinsFor(learner.id, 500)
    expect((await buy(learner.token, { item: 'streak_freeze', quantity: 2 })).status).toBe(201)
    const third = await buy(learner.token, { item: 'streak_freeze' })
    expect(third.status).toBe(409)
    expect(third.body.errors[0].code).toBe('streak_freeze_limit')
    expect(await balances(app.payload, learner.id)).toMatchObject({ coins: 400, streakFreezes: 2 })
  })

  it('200 concurrent purchases against coins for exactly 5 tickets: 5 succeed, 195 get 409', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    await coinsFor(learner.id, 100)
    const results = await Promise.all(Array.from({ length: 200 }, () => buy(learner.token, { item: 'ticket', quantity: 1 })))
    expect(results.filter((r) => r.status === 201)).toHaveLength(5)
    expect(results.filter((r) => r.status === 409)).toHaveLength(195)
    expect(results.every((r) => r.status === 201 || r.body.errors[0].code === 'insufficient_funds')).toBe(true)
    expect(await balances(app.payload, learner.id)).toMatchObject({ coins: 0, tickets: 5 })
    expect(await rows(learner.id)).toBe(11)
  }, 120_000)

  it.each([
    ['a negative quantity', { item: 'ticket', quantity: -1 }],
    ['a zero quantity', { item: 'ticket', quantity: 0 }],
    ['a fractional quantity', { item: 'ticket', quantity: 1.5 }],
    ['a huge quantity', { item: 'ticket', quantity: 1e12 }],
    ['a string for a number', { item: 'ticket', quantity: '2' }],
    ['an unknown item', { item: 'castle', quantity: 1 }],
    ['an extra field', { item: 'ticket', quantity: 1, price: 0 }],
    ['no item', {}],
  ])('answers %s with 422 and writes nothing', async (_name, body) => {
    const learner = await createUser(app.payload, app.baseUrl)
    await coinsFor(learner.id, 1000)
    const res = await buy(learner.token, body)
    expect(res.status).toBe(422)
    expect(res.body.errors[0]).toMatchObject({ code: 'validation_failed', data: { fields: expect.any(Array) } })
    expect(await rows(learner.id)).toBe(1)
  })

  it('answers bad JSON with 400 and an anonymous caller with 401', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    const bad = await api(app.baseUrl, 'POST', '/api/learn/shop/purchases', {
      token: learner.token,
      rawBody: '{"item":',
      headers: { 'content-type': 'application/json' },
    })
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0].code).toBe('invalid_json')
    const anonymous = await buy(undefined, { item: 'ticket' })
    expect(anonymous.status).toBe(401)
    expect(anonymous.body.errors[0].code).toBe('unauthorized')
  })
})

describe('GET /api/learn/profile', () => {
  it('shows the caller’s own balances, level and streak', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    await coinsFor(learner.id, 7)
    const res = await api(app.baseUrl, 'GET', '/api/learn/profile', { token: learner.token })
    expect(res.status).toBe(200)
    expect(res.body.profile).toMatchObject({
      id: learner.id,
      username: learner.username,
      balances: { xp: 0, coins: 7, tickets: 0, streakFreezes: 0 },
      learnerLevel: 1,
      streak: { current: 0, longest: 0 },
    })
    expect((await api(app.baseUrl, 'GET', '/api/learn/profile')).status).toBe(401)
  })
})

describe('POST /api/admin/economy/adjustments', () => {
  it('lets an admin correct a balance with a ledger row that names the admin and the reason', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    const res = await api(app.baseUrl, 'POST', '/api/admin/economy/adjustments', {
      token: admin.token,
      body: { user: learner.id, currency: 'tickets', delta: 3, note: 'Refund for a broken venue' },
    })
    expect(res.status).toBe(201)
    expect(res.body.entry).toMatchObject({ delta: 3, balanceAfter: 3 })
    const [row] = (await sql.query('SELECT created_by_id, note, reason FROM reward_ledger WHERE user_id = $1', [learner.id])).rows
    expect(row).toEqual({ created_by_id: admin.id, note: 'Refund for a broken venue', reason: 'admin_adjustment' })

    const tooMuch = await api(app.baseUrl, 'POST', '/api/admin/economy/adjustments', {
      token: admin.token,
      body: { user: learner.id, currency: 'tickets', delta: -4, note: 'Take back too much' },
    })
    expect(tooMuch.status).toBe(409)
    expect((await balances(app.payload, learner.id)).tickets).toBe(3)
  })

  it('is refused to learners and authors, and validates its input', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    const author = await createUser(app.payload, app.baseUrl, 'author')
    const body = { user: learner.id, currency: 'coins', delta: 1000, note: 'I deserve it' }
    expect((await api(app.baseUrl, 'POST', '/api/admin/economy/adjustments', { token: learner.token, body })).status).toBe(403)
    expect((await api(app.baseUrl, 'POST', '/api/admin/economy/adjustments', { token: author.token, body })).status).toBe(403)
    expect((await api(app.baseUrl, 'POST', '/api/admin/economy/adjustments', { body })).status).toBe(401)
    // Two emoji are two characters (four UTF-16 units), short of the note's three (a fuzz finding).
    for (const bad of [{ ...body, delta: 0 }, { ...body, currency: 'gems' }, { ...body, note: '' }, { ...body, note: '🙂🙂' }, { ...body, delta: '5' }]) {
      expect((await api(app.baseUrl, 'POST', '/api/admin/economy/adjustments', { token: admin.token, body: bad })).status).toBe(422)
    }
    const unknownUser = await api(app.baseUrl, 'POST', '/api/admin/economy/adjustments', { token: admin.token, body: { ...body, user: 999999 } })
    expect(unknownUser.status).toBe(404)
    expect(await rows(learner.id)).toBe(0)
  })
})

describe('Idempotency-Key on reward-bearing POSTs', () => {
  const buyWithKey = (token: string, key: string, body: unknown) =>
    api(app.baseUrl, 'POST', '/api/learn/shop/purchases', { token, body, headers: { 'idempotency-key': key } })

  it('replays the identical first response for the same key and body, and buys once', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    await coinsFor(learner.id, 100)
    const first = await buyWithKey(learner.token, 'purchase-1', { item: 'ticket', quantity: 2 })
    const again = await buyWithKey(learner.token, 'purchase-1', { item: 'ticket', quantity: 2 })
    expect(first.status).toBe(201)
    expect(again.status).toBe(201)
    expect(again.text).toBe(first.text)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(await balances(app.payload, learner.id)).toMatchObject({ coins: 60, tickets: 2 })
  })

  it('answers 422 idempotency_key_reused for the same key with another body, changing nothing', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    await coinsFor(learner.id, 100)
    await buyWithKey(learner.token, 'k', { item: 'ticket', quantity: 1 })
    const reused = await buyWithKey(learner.token, 'k', { item: 'ticket', quantity: 3 })
    expect(reused.status).toBe(422)
    expect(reused.body.errors[0].code).toBe('idempotency_key_reused')
    expect(await balances(app.payload, learner.id)).toMatchObject({ coins: 80, tickets: 1 })
  })

  it('applies 20 concurrent requests with one key once, and they all get the same answer', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    await coinsFor(learner.id, 100)
    const results = await Promise.all(Array.from({ length: 20 }, () => buyWithKey(learner.token, 'burst', { item: 'ticket', quantity: 1 })))
    expect(new Set(results.map((r) => `${r.status} ${r.text}`)).size).toBe(1)
    expect(await balances(app.payload, learner.id)).toMatchObject({ coins: 80, tickets: 1 })
  }, 60_000)

  it('keeps keys per learner, refuses keys over 255 characters, and stores nothing for a failed action', async () => {
    const a = await createUser(app.payload, app.baseUrl)
    const b = await createUser(app.payload, app.baseUrl)
    await coinsFor(a.id, 20)
    await coinsFor(b.id, 20)
    expect((await buyWithKey(a.token, 'shared', { item: 'ticket' })).status).toBe(201)
    expect((await buyWithKey(b.token, 'shared', { item: 'ticket' })).status).toBe(201)
    expect((await buyWithKey(a.token, 'x'.repeat(256), { item: 'ticket' })).status).toBe(400)

    const broke = await createUser(app.payload, app.baseUrl)
    expect((await buyWithKey(broke.token, 'retry-me', { item: 'ticket' })).status).toBe(409)
    await coinsFor(broke.id, 20)
    expect((await buyWithKey(broke.token, 'retry-me', { item: 'ticket' })).status).toBe(201)
  })
})

describe('DELETE /api/learn/account', () => {
  it('anonymises a learner with ledger history, keeps the ledger, and ends their sign-in', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    await coinsFor(learner.id, 40)
    const res = await api(app.baseUrl, 'DELETE', '/api/learn/account', { token: learner.token })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ outcome: 'anonymised' })
    const doc = await app.payload.findByID({ collection: 'users', id: learner.id, depth: 0, overrideAccess: true })
    expect(doc).toMatchObject({ email: `deleted-${learner.id}@deleted.invalid`, username: `deleted-${learner.id}`, coins: 40 })
    expect(JSON.stringify(doc)).not.toContain(learner.username)
    expect(await rows(learner.id)).toBe(1)
    expect((await api(app.baseUrl, 'GET', '/api/learn/profile', { token: learner.token })).status).toBe(401)
    const login = await api(app.baseUrl, 'POST', '/api/users/login', { body: { email: learner.email, password: learner.password } })
    expect(login.status).toBe(401)
  })

  it('deletes a learner without ledger history outright, and needs a signed-in caller', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    const res = await api(app.baseUrl, 'DELETE', '/api/learn/account', { token: learner.token })
    expect(res.body).toEqual({ outcome: 'deleted' })
    expect((await app.payload.count({ collection: 'users', where: { id: { equals: learner.id } }, overrideAccess: true })).totalDocs).toBe(0)
    expect((await api(app.baseUrl, 'DELETE', '/api/learn/account')).status).toBe(401)
  })
})
