import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { CollectionSlug, TypedUser, Where } from 'payload'

import { createFixture, validData } from '../helpers/content'
import { canReadCollection, canReadField, graphqlListName, hiddenPathsOf, singleRelationships } from '../helpers/fieldPaths'
import { api, createUser } from '../helpers/http'
import type { TestUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

/**
 * Issue 23 item 5: a field a caller cannot read cannot be filtered or sorted on either, or a
 * filter answers its value one guess at a time (`where[exercises.answerKey.correct][equals]=b`
 * answered `totalDocs: 1` to anyone). The hidden fields are found in the config, not listed
 * by hand: every field that is `hidden` or whose `access.read` denies the caller, on every
 * collection, and the same fields reached through a relationship from a collection the caller
 * can read. Each is tried over REST, GraphQL and the Local API as learners call it.
 */

type Caller = 'anonymous' | 'learner'

let app: TestApp
let learner: TestUser
let author: TestUser
let admin: TestUser
let blockId: number
const users: Partial<Record<Caller, TypedUser | null>> = {}

beforeAll(async () => {
  app = await startTestApp()
  const fixture = await createFixture(app.payload)
  // A published single-choice block whose answer key is "b" (of "a" and "b").
  blockId = (await app.payload.create({ collection: 'knowledge-blocks', data: { ...validData['knowledge-blocks']!(fixture), _status: 'published' } as never, overrideAccess: true, depth: 0 })).id as number
  learner = await createUser(app.payload, app.baseUrl)
  author = await createUser(app.payload, app.baseUrl, 'author')
  admin = await createUser(app.payload, app.baseUrl, 'admin')
  users.anonymous = null
  users.learner = { ...(await app.payload.findByID({ collection: 'users', id: learner.id, overrideAccess: true, depth: 0 })), collection: 'users' } as TypedUser
}, 60_000)

afterAll(async () => {
  await app?.close()
})

const tokenOf = (caller: Caller) => (caller === 'learner' ? learner.token : undefined)
const collectionsOf = () => app.payload.config.collections

const userOf = (caller: Caller) => users[caller] ?? null

type Probe = { slug: CollectionSlug; path: string; direct: boolean }

/** Hidden paths of every collection the caller can list, and the hidden paths one relationship away. */
async function probesFor(caller: Caller): Promise<Probe[]> {
  const { payload } = app
  const hidden = new Map<string, string[]>()
  for (const c of collectionsOf()) hidden.set(c.slug, await hiddenPathsOf(payload, c.flattenedFields, userOf(caller)))
  const probes: Probe[] = []
  for (const c of collectionsOf()) {
    // A collection the caller cannot read at all is refused whatever the filter (and tested so elsewhere).
    if (!(await canReadCollection(payload, c, userOf(caller)))) continue
    for (const path of hidden.get(c.slug) ?? []) probes.push({ slug: c.slug as CollectionSlug, path, direct: true })
    for (const { name, to, field } of singleRelationships(c)) {
      if (!(await canReadField(payload, field, userOf(caller)))) continue
      for (const path of hidden.get(to) ?? []) probes.push({ slug: c.slug as CollectionSlug, path: `${name}.${path}`, direct: false })
    }
  }
  return probes
}

const rest = (caller: Caller, path: string) => api(app.baseUrl, 'GET', path, { token: tokenOf(caller) })
const gql = (caller: Caller, query: string) => api(app.baseUrl, 'POST', '/api/graphql', { token: tokenOf(caller), body: { query } })

/** Runs `fn` over `items`, a few at a time (hundreds of probes, one server). */
async function inBatches<T>(items: T[], fn: (item: T) => Promise<void>, size = 8): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn))
}

const expectRefused = (res: { status: number; body: any }, path: string, where: string) => {
  expect([where, res.status, res.body?.errors?.[0]?.code, res.body?.errors?.[0]?.data?.path]).toEqual([where, 400, 'field_not_queryable', path])
}

describe.each<Caller>(['anonymous', 'learner'])('as %s', (caller) => {
  let probes: Probe[]

  beforeAll(async () => {
    probes = await probesFor(caller)
  })

  it('finds the hidden fields in the config: the answer keys and the account secrets among them', () => {
    const paths = probes.map((p) => `${p.slug} ${p.path}`)
    expect(paths).toEqual(expect.arrayContaining(['knowledge-blocks exercises.answerKey.correct', 'knowledge-blocks exercises.answerKey.assignments.category', 'knowledge-blocks exercises.answerKey.order']))
    if (caller === 'learner') {
      expect(paths).toEqual(expect.arrayContaining(['users hash', 'users salt', 'users resetPasswordToken', 'users sessions.id', 'reward-ledger user.hash', 'reward-ledger createdBy.resetPasswordToken']))
    }
  })

  it('cannot match an answer key by a right or a wrong guess', async () => {
    const answers = await Promise.all(
      ['equals]=b', 'equals]=a', 'like]=b', 'like]=zz', 'in]=a,b', 'exists]=true'].map((op) => rest(caller, `/api/knowledge-blocks?depth=0&where[exercises.answerKey.correct][${op}`)),
    )
    for (const res of answers) expectRefused(res, 'exercises.answerKey.correct', caller)
    expect(new Set(answers.map((r) => r.text)).size).toBe(1)
    const count = await rest(caller, `/api/knowledge-blocks/count?where[and][0][id][equals]=${blockId}&where[and][1][or][0][exercises.answerKey.correct][equals]=b`)
    expectRefused(count, 'exercises.answerKey.correct', caller)
  })

  it('is refused every hidden field as a REST filter (true and false alike) and as a sort', async () => {
    expect(probes.length).toBeGreaterThan(caller === 'learner' ? 100 : 5)
    await inBatches(probes, async ({ slug, path }) => {
      const yes = await rest(caller, `/api/${slug}?depth=0&where[${path}][exists]=true`)
      const no = await rest(caller, `/api/${slug}/count?where[${path}][exists]=false`)
      expectRefused(yes, path, `${slug} where ${path}`)
      expectRefused(no, path, `${slug} count ${path}`)
      expect(yes.text).toBe(no.text)
      expectRefused(await rest(caller, `/api/${slug}?depth=0&sort=-${path}`), path, `${slug} sort ${path}`)
    })
  })

  it('is refused every hidden field of a collection in GraphQL, as a filter and as a sort', async () => {
    const graphQL = new Set(collectionsOf().filter((c) => c.graphQL !== false).map((c) => c.slug))
    for (const { slug, path } of probes.filter((p) => p.direct && graphQL.has(p.slug))) {
      const list = graphqlListName(slug)
      const sorted = await gql(caller, `{ ${list}(sort: "${path}") { docs { id } } }`)
      expect([slug, path, sorted.body.errors?.[0]?.extensions?.data?.code, sorted.body.data?.[list] ?? null]).toEqual([slug, path, 'field_not_queryable', null])
      // Hidden fields are mostly not in the where input at all (GraphQL refuses the document); either way, no answer and the same one.
      const field = path.replace(/\./g, '__')
      const yes = await gql(caller, `{ ${list}(where: { ${field}: { exists: true } }) { totalDocs } }`)
      const no = await gql(caller, `{ ${list}(where: { ${field}: { exists: false } }) { totalDocs } }`)
      expect([slug, path, yes.body.data?.[list] ?? null, Array.isArray(yes.body.errors)]).toEqual([slug, path, null, true])
      expect(yes.text.replace('true', 'false')).toBe(no.text)
    }
  })

  it('is refused every hidden field through the Local API with access on', async () => {
    for (const { slug, path } of probes.filter((p) => p.direct)) {
      const where: Where = { [path]: { exists: true } }
      const user = users[caller] ?? undefined
      await expect(app.payload.find({ collection: slug, where, overrideAccess: false, user, depth: 0 })).rejects.toMatchObject({ status: 400, data: { code: 'field_not_queryable', path } })
      await expect(app.payload.count({ collection: slug, where, overrideAccess: false, user })).rejects.toMatchObject({ status: 400 })
      await expect(app.payload.find({ collection: slug, sort: path, overrideAccess: false, user, depth: 0 })).rejects.toMatchObject({ status: 400 })
    }
  })
})

describe('what stays queryable', () => {
  it('lets authors filter on answer keys, and anyone on fields they can read', async () => {
    const right = await api(app.baseUrl, 'GET', `/api/knowledge-blocks?depth=0&where[exercises.answerKey.correct][equals]=b&where[id][equals]=${blockId}`, { token: author.token })
    const wrong = await api(app.baseUrl, 'GET', `/api/knowledge-blocks?depth=0&where[exercises.answerKey.correct][equals]=a&where[id][equals]=${blockId}`, { token: author.token })
    expect([right.status, right.body.totalDocs, wrong.body.totalDocs]).toEqual([200, 1, 0])
    const visible = await api(app.baseUrl, 'GET', `/api/knowledge-blocks?depth=0&where[exercises.prompt][equals]=Pick one&where[id][equals]=${blockId}&sort=-title`)
    expect([visible.status, visible.body.totalDocs]).toEqual([200, 1])
    const own = await api(app.baseUrl, 'GET', '/api/users?depth=0&where[profile.timezone][equals]=UTC&sort=-createdAt', { token: learner.token })
    expect(own.body.docs.map((d: { id: number }) => d.id)).toEqual([learner.id])
    // The server's own queries (access overridden) are not limited.
    expect((await app.payload.count({ collection: 'knowledge-blocks', where: { 'exercises.answerKey.correct': { equals: 'b' } } })).totalDocs).toBe(1)
  })

  it('refuses, 400 and not 500, paths the database cannot filter or sort on', async () => {
    // Each of these reached PostgreSQL as broken SQL or a "Not supported" (a 500), even for an admin.
    const cases: [string, string][] = [
      ['/api/knowledge-blocks?where[exercises][exists]=true', 'exercises'],
      ['/api/knowledge-blocks?where[exercises.options][equals]=x', 'exercises.options'],
      ['/api/venue-task-sheets?where[exercises][equals]=x', 'exercises'],
      ['/api/amphitheatre-exercises?where[components.phases][exists]=false', 'components.phases'],
      ['/api/payload-locked-documents?where[document][exists]=true', 'document'],
      ['/api/payload-preferences?where[user][equals]=1', 'user'],
      // A sort inside a list, with a filter on the same block: two joins of one table.
      ['/api/knowledge-blocks?depth=0&where[exercises.prompt][equals]=x&sort=-exercises.prompt', 'exercises.prompt'],
    ]
    for (const [path, field] of cases) {
      const res = await api(app.baseUrl, 'GET', path, { token: admin.token })
      expect([path, res.status, res.body.errors?.[0]?.code, res.body.errors?.[0]?.data?.path]).toEqual([path, 400, 'invalid_query_path', field])
    }
  })

  it("does not match another account's fields through a relationship", async () => {
    // An admin's adjustment on the learner's own ledger: `createdBy` is the admin, whom the learner cannot read.
    const adjusted = await api(app.baseUrl, 'POST', '/api/admin/economy/adjustments', { token: admin.token, body: { user: learner.id, currency: 'coins', delta: 5, note: 'hidden-fields test' } })
    expect(adjusted.status).toBeLessThan(300)
    const guess = (email: string) => api(app.baseUrl, 'GET', `/api/reward-ledger?depth=0&where[createdBy.email][equals]=${encodeURIComponent(email)}`, { token: learner.token })
    const [right, wrong] = [await guess(admin.email), await guess('nobody@example.com')]
    expect([right.status, right.body.totalDocs]).toEqual([200, 0])
    expect([wrong.status, wrong.body.totalDocs]).toEqual([200, 0])
    // Their own rows by their own account's fields still match.
    const mine = await api(app.baseUrl, 'GET', `/api/reward-ledger?depth=0&where[user.email][equals]=${encodeURIComponent(learner.email)}`, { token: learner.token })
    expect(mine.body.totalDocs).toBeGreaterThan(0)
  })
})
