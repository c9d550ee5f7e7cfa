import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'

import { withTransaction } from '../../src/db/transaction'
import { grant } from '../../src/services/economy/ledger'
import { api, createUser } from '../helpers/http'
import type { TestUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

/**
 * GraphQL is Payload's, over the same collections and access functions as REST: these tests
 * hold it to the same rules (learners see their own activity only, server-owned fields and
 * append-only collections cannot be written) and to the query-complexity limit.
 */
let app: TestApp
let a: TestUser
let b: TestUser
let admin: TestUser

const gql = (query: string, token?: string, variables?: Record<string, unknown>) => api(app.baseUrl, 'POST', '/api/graphql', { token, body: { query, variables } })

beforeAll(async () => {
  app = await startTestApp()
  a = await createUser(app.payload, app.baseUrl)
  b = await createUser(app.payload, app.baseUrl)
  admin = await createUser(app.payload, app.baseUrl, 'admin')
  await withTransaction(app.payload, async (tx) => {
    await grant(tx, { user: a.id, currency: 'coins', amount: 40, reason: 'test', key: 'gql:a' })
    await grant(tx, { user: b.id, currency: 'coins', amount: 7, reason: 'test', key: 'gql:b' })
  })
})

afterAll(async () => {
  await app?.close()
})

describe('GraphQL reads', () => {
  it('serves published content to anyone', async () => {
    const res = await gql('{ Levels(limit: 5) { docs { number name } } }')
    expect(res.status).toBe(200)
    expect(res.body.errors).toBeUndefined()
    expect(Array.isArray(res.body.data.Levels.docs)).toBe(true)
  })

  it("gives each learner their own ledger rows and profile, never another learner's", async () => {
    const mine = await gql('{ RewardLedgers { docs { id delta user { id } } } }', a.token)
    expect(mine.body.data.RewardLedgers.docs.map((d: { delta: number; user: { id: number } }) => [d.delta, d.user.id])).toEqual([[40, a.id]])

    const theirs = await gql('{ RewardLedgers { docs { delta user { id } } } }', b.token)
    expect(theirs.body.data.RewardLedgers.docs.map((d: { delta: number }) => d.delta)).toEqual([7])

    // Asking for A's rows by filter or by id gets B nothing of A's.
    const filtered = await gql(`{ RewardLedgers(where: { user: { equals: ${a.id} } }) { docs { delta } } }`, b.token)
    expect(filtered.body.data.RewardLedgers.docs).toEqual([])
    const aRow = mine.body.data.RewardLedgers.docs[0].id
    const byId = await gql(`{ RewardLedger(id: ${aRow}) { delta } }`, b.token)
    expect(byId.body.data?.RewardLedger ?? null).toBeNull()
    expect(byId.text).not.toContain('"delta":40')
    const profile = await gql(`{ User(id: ${a.id}) { email xp coins } }`, b.token)
    expect(profile.text).not.toContain(a.email)

    // Anonymous: nothing at all.
    const anonymous = await gql('{ RewardLedgers { docs { delta } } }')
    expect(anonymous.text).not.toContain('"delta"')

    // Admins see everyone's.
    const all = await gql('{ RewardLedgers(limit: 100) { docs { user { id } } } }', admin.token)
    const users = new Set(all.body.data.RewardLedgers.docs.map((d: { user: { id: number } }) => d.user.id))
    expect(users.has(a.id) && users.has(b.id)).toBe(true)
  })

  it('keeps analytics events and other learners out of reach', async () => {
    const events = await gql('{ AnalyticsEvents { docs { type } } }', a.token)
    expect(events.text).not.toContain('"type"')
    const users = await gql('{ Users(limit: 100) { docs { id } } }', a.token)
    expect(users.body.data.Users.docs).toEqual([{ id: a.id }])
  })
})

describe('GraphQL writes', () => {
  it('refuses writes to the ledger and to server-owned balances', async () => {
    const create = await gql(`mutation { createRewardLedger(data: { user: ${a.id}, currency: coins, delta: 1000, balanceAfter: 1040, reason: "gift", idempotencyKey: "gql:gift" }) { id } }`, a.token)
    expect(create.body.errors?.[0]?.message).toMatch(/not allowed/i)

    const update = await gql(`mutation { updateUser(id: ${a.id}, data: { coins: 999999, xp: 999999, role: admin }) { coins xp role } }`, a.token)
    // Field access ignores (or refuses) what the learner may not set; either way nothing changes.
    const after = await app.payload.findByID({ collection: 'users', id: a.id, depth: 0 })
    expect([after.coins, after.xp, after.role]).toEqual([40, 0, 'learner'])
    expect(update.text).not.toContain('999999')

    const deletion = await gql(`mutation { deleteUser(id: ${b.id}) { id } }`, a.token)
    expect(deletion.body.errors?.[0]?.message).toMatch(/not allowed/i)
    expect((await app.payload.findByID({ collection: 'users', id: b.id, depth: 0 })).id).toBe(b.id)
  })
})

describe('GraphQL query complexity', () => {
  it('refuses a query over the limit before running it, and still serves normal ones', async () => {
    // Each relationship costs more than a scalar; aliases multiply a nested query past 1,000.
    const nested = 'docs { module { level { name } knowledgeBlocks: id } }'
    const aliases = Array.from({ length: 120 }, (_, i) => `q${i}: KnowledgeBlocks(limit: 1) { ${nested} }`).join('\n')
    const heavy = await gql(`{ ${aliases} }`, a.token)
    // Payload answers GraphQL validation errors the GraphQL way: 200 with `errors` and no `data`.
    expect(heavy.body.errors?.[0]?.message).toMatch(/exceeds the maximum complexity of 1000/)
    expect(heavy.body.data).toBeUndefined()

    const light = await gql('{ KnowledgeBlocks(limit: 1) { docs { id } } }', a.token)
    expect(light.status).toBe(200)
  })
})
