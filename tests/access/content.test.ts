import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { CollectionSlug } from 'payload'

import { contentCollections, createFixture, freshModule, validData } from '../helpers/content'
import type { Fixture } from '../helpers/content'
import { api, createUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

type Actor = 'anonymous' | 'learner' | 'author' | 'admin'
const actors: Actor[] = ['anonymous', 'learner', 'author', 'admin']
const editors: Actor[] = ['author', 'admin']

let app: TestApp
let fixture: Fixture
const tokens: Partial<Record<Actor, string>> = {}

beforeAll(async () => {
  app = await startTestApp()
  fixture = await createFixture(app.payload)
  for (const role of ['learner', 'author', 'admin'] as const) tokens[role] = (await createUser(app.payload, app.baseUrl, role)).token
})

afterAll(async () => {
  await app?.close()
})

async function dataFor(slug: CollectionSlug): Promise<Record<string, unknown>> {
  const data = validData[slug]!(fixture)
  if (slug === 'guided-flows') data.module = await freshModule(app.payload, fixture)
  return data
}

async function seedDoc(slug: CollectionSlug, status: 'published' | 'draft') {
  const doc = await app.payload.create({
    collection: slug,
    data: { ...(await dataFor(slug)), _status: status } as never,
    draft: status === 'draft',
    overrideAccess: true,
    depth: 0,
  })
  return doc.id as number
}

const call = (actor: Actor, method: string, path: string, body?: unknown) =>
  api(app.baseUrl, method, path, { token: tokens[actor], body })

describe.each(contentCollections)('%s', (slug) => {
  let publishedId: number
  let draftId: number

  beforeAll(async () => {
    publishedId = await seedDoc(slug, 'published')
    draftId = await seedDoc(slug, 'draft')
  })

  it.each(actors)('%s reads published documents', async (actor) => {
    const res = await call(actor, 'GET', `/api/${slug}/${publishedId}?depth=0`)
    expect(res.status).toBe(200)
    expect(res.body.id).toBe(publishedId)
  })

  it.each(actors)('%s sees drafts only as an editor', async (actor) => {
    const one = await call(actor, 'GET', `/api/${slug}/${draftId}?depth=0`)
    const list = await call(actor, 'GET', `/api/${slug}?depth=0&limit=500`)
    expect(list.status).toBe(200)
    const ids = (list.body.docs as { id: number }[]).map((d) => d.id)
    expect(ids).toContain(publishedId)
    if (editors.includes(actor)) {
      expect(one.status).toBe(200)
      expect(ids).toContain(draftId)
    } else {
      expect(one.status).toBe(404)
      expect(ids).not.toContain(draftId)
    }
  })

  it.each(actors)('%s creates, updates and deletes only as an editor', async (actor) => {
    const created = await call(actor, 'POST', `/api/${slug}`, { ...(await dataFor(slug)), _status: 'published' })
    const updated = await call(actor, 'PATCH', `/api/${slug}/${publishedId}`, {})
    const victim = await seedDoc(slug, 'published')
    const deleted = await call(actor, 'DELETE', `/api/${slug}/${victim}`)
    const stillThere = await app.payload.count({ collection: slug, where: { id: { equals: victim } }, overrideAccess: true })
    if (editors.includes(actor)) {
      expect(created.status).toBe(201)
      expect(updated.status).toBe(200)
      expect(deleted.status).toBe(200)
      expect(stillThere.totalDocs).toBe(0)
    } else {
      const denied = actor === 'anonymous' ? [401, 403] : [403]
      expect(denied).toContain(created.status)
      expect(denied).toContain(updated.status)
      expect(denied).toContain(deleted.status)
      expect(created.body.errors[0].message).toEqual(expect.any(String))
      expect(stillThere.totalDocs).toBe(1)
    }
  })

  it.each(actors)('%s reads version history only as an editor', async (actor) => {
    const res = await call(actor, 'GET', `/api/${slug}/versions?depth=0`)
    if (editors.includes(actor)) {
      expect(res.status).toBe(200)
      expect(res.body.totalDocs).toBeGreaterThan(0)
    } else {
      expect([401, 403]).toContain(res.status)
    }
  })
})

describe('drafts of a published document', () => {
  it('stay invisible to learners and anonymous apps, through REST and GraphQL, until published', async () => {
    const id = await seedDoc('modules', 'published')
    const before = (await call('admin', 'GET', `/api/modules/${id}?depth=0`)).body.name as string
    const draft = await call('author', 'PATCH', `/api/modules/${id}?draft=true`, { name: 'Secret rewrite' })
    expect(draft.status).toBe(200)

    for (const actor of ['anonymous', 'learner'] as const) {
      expect((await call(actor, 'GET', `/api/modules/${id}?depth=0`)).body.name).toBe(before)
      const asDraft = await call(actor, 'GET', `/api/modules/${id}?depth=0&draft=true`)
      expect(asDraft.text).not.toContain('Secret rewrite')
      const gql = await call(actor, 'POST', '/api/graphql', { query: `{ Module(id: ${id}, draft: true) { name } }` })
      expect(gql.text).not.toContain('Secret rewrite')
    }
    expect((await call('author', 'GET', `/api/modules/${id}?depth=0&draft=true`)).body.name).toBe('Secret rewrite')

    const publish = await call('author', 'PATCH', `/api/modules/${id}`, { name: 'Secret rewrite', _status: 'published' })
    expect(publish.status).toBe(200)
    expect((await call('learner', 'GET', `/api/modules/${id}?depth=0`)).body.name).toBe('Secret rewrite')
  })

  it('modules are readable through REST and GraphQL', async () => {
    const rest = await call('learner', 'GET', `/api/modules/${fixture.moduleId}?depth=1`)
    expect(rest.status).toBe(200)
    expect(rest.body.level.id).toBe(fixture.levelId)
    const gql = await call('anonymous', 'POST', '/api/graphql', {
      query: `{ Module(id: ${fixture.moduleId}) { name code level { number } } }`,
    })
    expect(gql.status).toBe(200)
    expect(gql.body.data.Module).toMatchObject({ code: 'A', level: { number: expect.any(Number) } })
  })
})
