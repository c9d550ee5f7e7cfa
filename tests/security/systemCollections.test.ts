import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { handleFormStateLocking } from '@payloadcms/ui/utilities/handleFormStateLocking'
import { createLocalReq, formatNames } from 'payload'
import type { CollectionSlug, TypedUser } from 'payload'

import { snapshot } from '../fuzz/snapshot'
import { createFixture, validData } from '../helpers/content'
import { api, createUser } from '../helpers/http'
import type { TestUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

/**
 * Issue 23 item 6: Payload's own collections came with "any signed-in user" access, so a
 * learner could lock a knowledge block as the admin, list every lock and delete an author's.
 * Every operation on every system collection, REST and GraphQL, is refused to learners and
 * anonymous callers and changes nothing; staff keep what the admin panel does with locks and
 * preferences.
 */

const SYSTEM = ['payload-locked-documents', 'payload-preferences', 'payload-kv', 'payload-jobs', 'payload-migrations'] as const
const TABLES = ['payload_locked_documents', 'payload_locked_documents_rels', 'payload_preferences', 'payload_preferences_rels', 'payload_kv', 'payload_jobs', 'payload_migrations']

let app: TestApp
let learner: TestUser
let author: TestUser
let otherAuthor: TestUser
let admin: TestUser
let blockId: number
const ids: Partial<Record<(typeof SYSTEM)[number], number>> = {}

const asUser = async (user: TestUser): Promise<TypedUser> =>
  ({ ...(await app.payload.findByID({ collection: 'users', id: user.id, overrideAccess: true, depth: 0 })), collection: 'users' }) as TypedUser

/** The admin panel's own lock step (buildFormState calls it when an editor opens a document). */
async function openInAdmin(user: TestUser, id: number) {
  const req = await createLocalReq({ user: await asUser(user) }, app.payload)
  return handleFormStateLocking({ id, collectionSlug: 'knowledge-blocks', req, updateLastEdited: true })
}

async function lockOf(id: number) {
  const { docs } = await app.payload.find({ collection: 'payload-locked-documents', where: { 'document.value': { equals: id } }, overrideAccess: true, depth: 0 })
  return docs[0]
}

beforeAll(async () => {
  app = await startTestApp()
  const fixture = await createFixture(app.payload)
  blockId = (await app.payload.create({ collection: 'knowledge-blocks', data: { ...validData['knowledge-blocks']!(fixture), _status: 'published' } as never, overrideAccess: true, depth: 0 })).id as number
  learner = await createUser(app.payload, app.baseUrl)
  author = await createUser(app.payload, app.baseUrl, 'author')
  otherAuthor = await createUser(app.payload, app.baseUrl, 'author')
  admin = await createUser(app.payload, app.baseUrl, 'admin')
  // One row in each: the author's lock and preference, a stored value, a queued job; migrations have theirs.
  await openInAdmin(author, blockId)
  ids['payload-locked-documents'] = (await lockOf(blockId))!.id as number
  const pref = await api(app.baseUrl, 'POST', '/api/payload-preferences/nav', { token: author.token, body: { value: { open: true } } })
  ids['payload-preferences'] = pref.body.doc.id
  await app.payload.kv.set('system-collections-test', { kept: true })
  ids['payload-kv'] = ((await app.payload.db.findOne({ collection: 'payload-kv', where: { key: { equals: 'system-collections-test' } } })) as { id: number }).id
  ids['payload-jobs'] = (await app.payload.jobs.queue({ task: 'contentHealth', input: {} })).id as number
  ids['payload-migrations'] = ((await app.payload.db.findOne({ collection: 'payload-migrations', where: {} })) as { id: number }).id
}, 60_000)

afterAll(async () => {
  await app?.close()
})

const tables = () => snapshot(app.payload.db.pool, TABLES)

type Caller = 'anonymous' | 'learner'
const tokenOf = (caller: Caller) => (caller === 'learner' ? learner.token : undefined)

const refusedRest = (res: { status: number; body: any }, what: string) => {
  const shaped = Array.isArray(res.body?.errors) && res.body.errors.length > 0 && typeof res.body.errors[0].message === 'string'
  expect([what, [401, 403, 404].includes(res.status), shaped, res.body?.docs, res.body?.doc]).toEqual([what, true, true, undefined, undefined])
}

describe.each<Caller>(['anonymous', 'learner'])('as %s', (caller) => {
  it.each([...SYSTEM])('%s: every REST operation is refused and nothing changes', async (slug) => {
    const before = await tables()
    const id = ids[slug]!
    const call = (method: string, path: string, body?: unknown) => api(app.baseUrl, method, path, { token: tokenOf(caller), body })
    const body = slug === 'payload-locked-documents' ? { document: { relationTo: 'knowledge-blocks', value: blockId }, user: { relationTo: 'users', value: admin.id } } : { key: 'taken', value: {}, data: {} }
    const requests: [string, string, unknown?][] = [
      ['GET', `/api/${slug}`],
      ['GET', `/api/${slug}?where[id][equals]=${id}`],
      ['GET', `/api/${slug}/count`],
      ['GET', `/api/${slug}/${id}`],
      ['POST', `/api/${slug}`, body],
      ['PATCH', `/api/${slug}/${id}`, body],
      ['PATCH', `/api/${slug}?where[id][equals]=${id}`, body],
      ['DELETE', `/api/${slug}/${id}`],
      ['DELETE', `/api/${slug}?where[id][equals]=${id}`],
      ['POST', `/api/${slug}/${id}/duplicate`],
    ]
    if (slug === 'payload-preferences') requests.push(['GET', '/api/payload-preferences/nav'], ['POST', '/api/payload-preferences/nav', { value: { open: false } }], ['DELETE', '/api/payload-preferences/nav'])
    for (const [method, path, data] of requests) refusedRest(await call(method, path, data), `${method} ${path}`)
    expect(await tables()).toEqual(before)
  })

  it.each(SYSTEM.filter((s) => s !== 'payload-migrations'))('%s: every GraphQL operation is refused and nothing changes', async (slug) => {
    const before = await tables()
    const id = ids[slug]!
    const { singular, plural } = formatNames(slug)
    const data = { 'payload-locked-documents': '{ globalSlug: "economy" }', 'payload-preferences': '{ key: "taken" }', 'payload-kv': '{ key: "taken" }', 'payload-jobs': '{ queue: "default" }' }[slug]
    const operations = [
      [plural, `{ ${plural} { totalDocs docs { id } } }`],
      [singular, `{ ${singular}(id: ${id}) { id } }`],
      [`count${plural}`, `{ count${plural} { totalDocs } }`],
      [`create${singular}`, `mutation { create${singular}(data: ${data}) { id } }`],
      [`update${singular}`, `mutation { update${singular}(id: ${id}, data: ${data}) { id } }`],
      [`delete${singular}`, `mutation { delete${singular}(id: ${id}) { id } }`],
      [`duplicate${singular}`, `mutation { duplicate${singular}(id: ${id}, data: ${data}) { id } }`],
    ]
    for (const [name, query] of operations) {
      const res = await api(app.baseUrl, 'POST', '/api/graphql', { token: tokenOf(caller), body: { query } })
      expect([name, Array.isArray(res.body.errors) && res.body.errors.length > 0, res.body.data?.[name!] ?? null]).toEqual([name, true, null])
    }
    expect(await tables()).toEqual(before)
  })
})

describe('staff', () => {
  it("lock, see, take over and release documents as the admin panel does; learners cannot touch an author's lock", async () => {
    const lock = await lockOf(blockId)
    expect((lock?.user as { value: number }).value).toBe(author.id)
    // What the document view asks (DocumentInfo): is this document locked, and by whom?
    const query = `where[document.relationTo][equals]=knowledge-blocks&where[document.value][equals]=${blockId}`
    const seen = await api(app.baseUrl, 'GET', `/api/payload-locked-documents?${query}`, { token: otherAuthor.token })
    expect([seen.status, seen.body.docs.map((d: { id: number }) => d.id)]).toEqual([200, [lock!.id]])
    // The learner sees no lock and cannot release it.
    expect((await api(app.baseUrl, 'GET', `/api/payload-locked-documents?${query}`, { token: learner.token })).status).toBe(403)
    expect((await api(app.baseUrl, 'DELETE', `/api/payload-locked-documents/${lock!.id}`, { token: learner.token })).status).toBe(403)
    // Another author opening it finds it locked (the Local API with access on, as the panel reads it:
    // the document view's own check, getIsLocked, compares updatedAt with a Date).
    const viewCheck = await app.payload.find({
      collection: 'payload-locked-documents',
      depth: 1,
      overrideAccess: false,
      user: await asUser(otherAuthor),
      where: { and: [{ 'document.value': { equals: blockId } }, { 'document.relationTo': { equals: 'knowledge-blocks' } }, { updatedAt: { greater_than: new Date(Date.now() - 300_000) } }] },
    })
    expect(viewCheck.docs.map((d) => d.id)).toEqual([lock!.id])
    const other = await openInAdmin(otherAuthor, blockId)
    const holder = other?.user as { id: number } | number | undefined
    expect([other?.isLocked, typeof holder === 'object' ? holder.id : holder]).toEqual([true, author.id])
    // Take over (updateDocumentEditor), then release (unlockDocument).
    const taken = await api(app.baseUrl, 'PATCH', `/api/payload-locked-documents/${lock!.id}`, { token: otherAuthor.token, body: { user: { relationTo: 'users', value: otherAuthor.id } } })
    expect(taken.status).toBe(200)
    expect(((await lockOf(blockId))?.user as { value: number }).value).toBe(otherAuthor.id)
    expect((await api(app.baseUrl, 'DELETE', `/api/payload-locked-documents/${lock!.id}`, { token: otherAuthor.token })).status).toBe(200)
    expect(await lockOf(blockId)).toBeUndefined()
    // Opened again: a fresh lock for whoever opens it.
    await openInAdmin(admin, blockId)
    expect(((await lockOf(blockId))?.user as { value: number }).value).toBe(admin.id)
  })

  it('keep their own preferences, and only their own', async () => {
    const mine = await api(app.baseUrl, 'GET', '/api/payload-preferences/nav', { token: author.token })
    expect([mine.status, mine.body.value]).toEqual([200, { open: true }])
    expect((await api(app.baseUrl, 'POST', '/api/payload-preferences/nav', { token: otherAuthor.token, body: { value: { open: false } } })).status).toBe(200)
    const list = await api(app.baseUrl, 'GET', '/api/payload-preferences?depth=0', { token: otherAuthor.token })
    expect(list.body.docs.map((d: { user: { value: number } }) => d.user.value)).toEqual([otherAuthor.id])
    expect((await api(app.baseUrl, 'GET', '/api/payload-preferences/nav', { token: author.token })).body.value).toEqual({ open: true })
  })

  it('admins read the job queue; authors do not', async () => {
    expect((await api(app.baseUrl, 'GET', `/api/payload-jobs/${ids['payload-jobs']}`, { token: admin.token })).status).toBe(200)
    expect((await api(app.baseUrl, 'GET', `/api/payload-jobs/${ids['payload-jobs']}`, { token: author.token })).status).toBe(403)
    expect((await app.payload.find({ collection: 'payload-migrations' as CollectionSlug, overrideAccess: false, user: await asUser(admin) })).totalDocs).toBeGreaterThan(0)
    await expect(app.payload.find({ collection: 'payload-migrations' as CollectionSlug, overrideAccess: false, user: await asUser(author) })).rejects.toMatchObject({ status: 403 })
  })
})
