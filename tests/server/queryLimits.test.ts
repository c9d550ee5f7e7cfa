import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { getIntrospectionQuery } from 'graphql'

import { MAX_GRAPHQL_DEPTH } from '../../src/graphqlGuard'
import { MAX_JSON_DEPTH } from '../../src/jsonDepth'
import { MAX_PAGE_SIZE } from '../../src/queryLimits'
import { multipart, pngImage } from '../helpers/files'
import { api, createUser } from '../helpers/http'
import type { TestUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

/**
 * Issue 23 item 12: input that still reached a 500. Paging is bounded for every REST and
 * GraphQL caller (one max page size, a page that is a page, depth within maxDepth), JSON
 * bodies nest at most MAX_JSON_DEPTH levels on every route, and GraphQL documents with a
 * fragment cycle or runaway nesting are refused before Payload validates them.
 */

let app: TestApp
let learner: TestUser
let admin: TestUser
const LEVELS = MAX_PAGE_SIZE + 20

beforeAll(async () => {
  app = await startTestApp()
  learner = await createUser(app.payload, app.baseUrl)
  admin = await createUser(app.payload, app.baseUrl, 'admin')
  // More published levels than one page may hold.
  const existing = (await app.payload.count({ collection: 'levels' })).totalDocs
  for (let i = existing; i < LEVELS; i++) {
    await app.payload.create({ collection: 'levels', data: { number: 500 + i, name: `Level ${i}`, milestoneThreshold: 70, _status: 'published' } as never, overrideAccess: true, depth: 0 })
  }
}, 120_000)

afterAll(async () => {
  await app?.close()
})

const get = (path: string, token?: string) => api(app.baseUrl, 'GET', path, { token })
const gql = (query: string, token?: string, variables?: unknown) => api(app.baseUrl, 'POST', '/api/graphql', { token, body: { query, variables } })
const codeOf = (res: { body: any }) => res.body?.errors?.[0]?.code

describe('paging', () => {
  it("answers the issue's request 400 invalid_page instead of 500", async () => {
    const res = await get('/api/knowledge-blocks?limit=1000000000&page=-5&depth=1000')
    expect([res.status, codeOf(res)]).toEqual([400, 'invalid_page'])
    expect(res.text).not.toMatch(/Something went wrong|OFFSET/)
  })

  it.each(['-5', '0', '1.5', 'abc', '1e300', '2147483648'])('refuses page=%s with 400 invalid_page', async (page) => {
    const res = await get(`/api/levels?page=${page}`)
    expect([res.status, codeOf(res)]).toEqual([400, 'invalid_page'])
  })

  it.each(['-1', '1.5', 'abc'])('refuses limit=%s with 400 invalid_limit', async (limit) => {
    const res = await get(`/api/levels?limit=${limit}`)
    expect([res.status, codeOf(res)]).toEqual([400, 'invalid_limit'])
  })

  it.each(['-1', 'abc', '2.5'])('refuses depth=%s with 400 invalid_depth', async (depth) => {
    const res = await get(`/api/levels?depth=${depth}`)
    expect([res.status, codeOf(res)]).toEqual([400, 'invalid_depth'])
  })

  it.each([
    ['limit=1000000000', MAX_PAGE_SIZE],
    ['limit=0', MAX_PAGE_SIZE],
    ['pagination=false', MAX_PAGE_SIZE],
    ['pagination=false&limit=5', 5],
    ['limit=7&page=2', 7],
  ])('clamps %s to at most one page of %i', async (query, size) => {
    for (const token of [undefined, admin.token]) {
      const res = await get(`/api/levels?depth=0&${query}`, token)
      expect([res.status, res.body.limit, res.body.docs.length]).toEqual([200, size, size])
      expect(res.body.totalDocs).toBeGreaterThanOrEqual(LEVELS)
    }
    expect((await get(`/api/levels/count?${query}`)).status).toBe(200)
  })

  it('clamps depth to maxDepth and answers', async () => {
    const res = await get('/api/modules?depth=1000&limit=1')
    expect(res.status).toBe(200)
  })

  it('holds for GraphQL too', async () => {
    const bad = await gql('{ Levels(limit: 1000000000, page: -5) { docs { id } } }')
    expect([bad.body.errors?.[0]?.extensions?.statusCode, bad.body.errors?.[0]?.extensions?.data?.code, bad.body.data?.Levels ?? null]).toEqual([400, 'invalid_page', null])
    const huge = await gql('{ Levels(limit: 100000, pagination: false) { limit docs { id } } }', learner.token)
    expect([huge.body.data.Levels.limit, huge.body.data.Levels.docs.length]).toEqual([MAX_PAGE_SIZE, MAX_PAGE_SIZE])
  })

  it("leaves the server's own queries alone", async () => {
    const all = await app.payload.find({ collection: 'levels', limit: 0, depth: 0 })
    expect(all.docs.length).toBeGreaterThanOrEqual(LEVELS)
    const paged = await app.payload.find({ collection: 'levels', limit: LEVELS, pagination: false, depth: 0, overrideAccess: false })
    expect(paged.docs.length).toBeGreaterThanOrEqual(LEVELS)
  })
})

describe('filters the database cannot run (fuzz findings)', () => {
  const json = (where: unknown) => `where=${encodeURIComponent(JSON.stringify(where))}`
  // Each was a 500 from the postgres adapter or PostgreSQL, for admins too.
  it.each([
    ['/api/levels?where[name][all]=x', 'invalid_filter'],
    ['/api/levels?where[name][near]=1,2', 'invalid_filter'],
    ['/api/levels?where[updatedAt][contains]=x', 'invalid_filter'],
    [`/api/levels?${json({ name: { like: 1 } })}`, 'invalid_filter'],
    [`/api/levels?${json({ updatedAt: { equals: true } })}`, 'invalid_filter'],
    [`/api/levels?${json({ updatedAt: { greater_than: 1e300 } })}`, 'invalid_filter'],
    [`/api/levels?${json({ name: { in: [{ a: 1 }] } })}`, 'invalid_filter'],
    [`/api/review-logs?${json({ or: [{ and: [{ localDay: { like: null } }] }] })}`, 'invalid_filter'],
    [`/api/payload-locked-documents?${json({ 'document.value': { exists: true } })}`, 'invalid_filter'],
    [`/api/payload-locked-documents?${json({ 'document.value': { in: '1,2' } })}`, 'invalid_filter'],
    ['/api/levels?where[_id][equals]=1', 'invalid_query_path'],
    ['/api/user-progress?sort=user.profile.mainGoal,-user.profile.mainGoal', 'invalid_query_path'],
    ['/api/review-logs/count?where[knowledgeBlock.exerciseSeeds][greater_than_equal]=x', 'invalid_query_path'],
    ['/api/lesson-sessions?where[flow.steps.helper.bullets][equals]=0', 'invalid_query_path'],
    ['/api/knowledge-blocks?where[exercises.options.value][equals]=1&where[exercises.options.label][exists]=true', 'invalid_query_path'],
    ['/api/amphitheatre-exercises?where[or][0][components.label][equals]=1&where[or][1][components.label][exists]=true', 'invalid_query_path'],
    ['/api/amphitheatre-exercises/versions?where=%7B%22hint.body%22', 'invalid_json'],
    ['/api/levels?where=%7B', 'invalid_json'],
  ])('%s → 400 %s', async (path, code) => {
    const res = await get(path, admin.token)
    expect([res.status, codeOf(res)]).toEqual([400, code])
  })

  it('answers a bad id in a GraphQL filter as a 400, not a 500 inside a 200', async () => {
    const res = await gql('{ AmphitheatreRecords(where: { user: { not_equals: "false" } }) { docs { id } } }', admin.token)
    expect([res.body.errors?.[0]?.extensions?.statusCode, res.body.errors?.[0]?.extensions?.data?.code, res.body.errors?.[0]?.message]).toEqual([400, 'invalid_value', 'A value has the wrong type.'])
  })

  it('still takes the filters apps and the admin send', async () => {
    for (const path of ['/api/levels?where[name][like]=Level', '/api/levels?where[updatedAt][greater_than]=2020-01-01', `/api/levels?${json({ number: { in: [500, 501] } })}`, '/api/levels?where[_status][in]=published,draft', '/api/users?where[role][like]=learn', '/api/levels?sort=-number,name']) {
      expect([path, (await get(path, admin.token)).status]).toEqual([path, 200])
    }
  })
})

describe('JSON nesting', () => {
  const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)
  const patchOwn = (text: string) => api(app.baseUrl, 'PATCH', `/api/users/${learner.id}`, { token: learner.token, rawBody: text, headers: { 'content-type': 'application/json' } })

  it.each([10_000, 100_000])("refuses a profile nested %i deep in PATCH /api/users/<own> with 400 body_too_deep", async (depth) => {
    const res = await patchOwn(`{"profile":${nested(depth)}}`)
    expect([res.status, codeOf(res)]).toEqual([400, 'body_too_deep'])
  })

  it(`takes ${MAX_JSON_DEPTH} levels and refuses ${MAX_JSON_DEPTH + 1}`, async () => {
    // The outer object is the first level; unknown fields are dropped.
    const at = await patchOwn(`{"displayName":"Deep enough","extra":${nested(MAX_JSON_DEPTH - 1)}}`)
    expect([at.status, at.body.doc?.displayName]).toEqual([200, 'Deep enough'])
    const over = await patchOwn(`{"displayName":"Too deep","extra":${nested(MAX_JSON_DEPTH)}}`)
    expect([over.status, codeOf(over)]).toEqual([400, 'body_too_deep'])
    // Brackets inside strings are text, not nesting.
    const text = await patchOwn(JSON.stringify({ displayName: '[[[{{{'.repeat(20) }))
    expect([text.status, codeOf(text)]).toEqual([200, undefined])
  })

  it('holds for our own endpoints and for GraphQL variables', async () => {
    const events = await api(app.baseUrl, 'POST', '/api/learn/events', { token: learner.token, rawBody: `{"events":[${nested(200)}]}`, headers: { 'content-type': 'application/json' } })
    expect([events.status, codeOf(events)]).toEqual([400, 'body_too_deep'])
    const vars = await api(app.baseUrl, 'POST', '/api/graphql', { rawBody: `{"query":"{ Levels { totalDocs } }","variables":${nested(1000)}}`, headers: { 'content-type': 'application/json' } })
    expect([vars.status, codeOf(vars)]).toEqual([400, 'body_too_deep'])
  })

  it("holds for an upload's multipart _payload, which Payload parses itself", async () => {
    const upload = async (payload: string) => {
      const form = multipart(await pngImage(4, 4), 'deep.png', 'image/png')
      form.append('_payload', payload)
      return api(app.baseUrl, 'POST', '/api/media', { token: admin.token, rawBody: form })
    }
    const deep = await upload(`{"alt":"Deep","extra":${nested(10_000)}}`)
    expect([deep.status, codeOf(deep)]).toEqual([400, 'body_too_deep'])
    expect((await app.payload.count({ collection: 'media', where: { alt: { equals: 'Deep' } } })).totalDocs).toBe(0)
    expect((await upload('{"alt":"Shallow"}')).status).toBe(201)
  })
})

describe('GraphQL documents', () => {
  it.each([
    ['two fragments spreading each other', 'query { Levels { docs { ...A } } } fragment A on Level { ...B } fragment B on Level { ...A }'],
    ['a fragment spreading itself', 'query { Levels { docs { ...A } } } fragment A on Level { id ...A }'],
    ['a cycle through an inline fragment', 'query { Levels { docs { ...A } } } fragment A on Level { ... on Level { ...A } }'],
  ])('refuses %s with 400 graphql_fragment_cycle', async (_name, query) => {
    const res = await gql(query)
    expect([res.status, codeOf(res)]).toEqual([400, 'graphql_fragment_cycle'])
  })

  it(`refuses selections nested deeper than ${MAX_GRAPHQL_DEPTH}, however they are written`, async () => {
    const deep = (n: number) => '{ Levels { docs { ' + 'module { '.repeat(n) + 'id' + ' }'.repeat(n) + ' } } }'
    const tooDeep = await gql(deep(MAX_GRAPHQL_DEPTH))
    expect([tooDeep.status, codeOf(tooDeep)]).toEqual([400, 'graphql_too_deep'])
    // Through a chain of fragments.
    const chain = Array.from({ length: MAX_GRAPHQL_DEPTH }, (_, i) => `fragment F${i} on Level { docs { ...F${i + 1} } }`).join(' ') + ` fragment F${MAX_GRAPHQL_DEPTH} on Level { id }`
    expect(codeOf(await gql(`{ Levels { ...F0 } } ${chain}`))).toBe('graphql_too_deep')
    // Too deep for the parser itself.
    const unparsable = await gql('{ a ' + '{ a '.repeat(50_000) + '}'.repeat(50_001))
    expect([unparsable.status, codeOf(unparsable)]).toEqual([400, 'graphql_too_deep'])
  })

  it('passes ordinary documents on: a deep-enough query, the introspection query, a syntax error', async () => {
    const ok = await gql('{ Levels(limit: 1) { docs { id name } } }')
    expect([ok.status, ok.body.data.Levels.docs.length]).toEqual([200, 1])
    const introspection = await gql(getIntrospectionQuery())
    expect([introspection.status, Boolean(introspection.body.data?.__schema)]).toEqual([200, true])
    const broken = await gql('{ Levels { ')
    expect(broken.body.errors[0].message).toMatch(/Syntax Error/)
  })
})
