import { afterAll, beforeAll, expect, it } from '@jest/globals'
import type { FlattenedField, Where } from 'payload'
import { mergeListSearchAndWhere } from 'payload/shared'

import { learnerViews } from '../../src/learnerViews'
import { api, createUser } from '../helpers/http'
import type { TestUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

let app: TestApp
let admin: TestUser
const ids: Record<string, number> = {}

const profiles = {
  ada: { jobRole: 'manager', typicalAudience: 'board_members', mainGoal: 'handle_pressure', preferredPracticeTime: 'morning' },
  bo: { jobRole: 'student', typicalAudience: 'clients', mainGoal: 'build_confidence', preferredPracticeTime: 'evening' },
} as const

beforeAll(async () => {
  app = await startTestApp()
  admin = await createUser(app.payload, app.baseUrl, 'admin')
  for (const [name, profile] of Object.entries(profiles)) {
    const doc = await app.payload.create({
      collection: 'users',
      data: { email: `${name}@list.example`, username: `${name}_list`, password: 'Quiet-harbour-42', role: 'learner', profile: { ...profile, onboardingCompleted: true } } as never,
      overrideAccess: true,
    })
    ids[name] = doc.id as number
  }
})

afterAll(async () => {
  await app?.close()
})

/** What the admin's learner list shows for a search: Payload's own list query, run as the admin. */
async function listSearch(search: string): Promise<number[]> {
  const where = mergeListSearchAndWhere({ collectionConfig: app.payload.collections.users.config, search }) as Where
  const { docs } = await app.payload.find({ collection: 'users', where, depth: 0, pagination: false, sort: 'id', overrideAccess: false, user: { ...(await app.payload.findByID({ collection: 'users', id: admin.id })), collection: 'users' } })
  return docs.map((d) => d.id as number)
}

async function csvIds(q: string): Promise<number[]> {
  const res = await api(app.baseUrl, 'GET', `/api/admin/learners.csv?q=${encodeURIComponent(q)}`, { token: admin.token })
  expect(res.status).toBe(200)
  return res.text
    .trim()
    .split('\r\n')
    .slice(1)
    .map((line) => Number(JSON.parse(line.split(',')[0] as string)))
}

it('searches learners by email, username, role, audience, goal and practice time, by option value or label', async () => {
  expect(await listSearch('ada@list')).toEqual([ids.ada])
  expect(await listSearch('bo_list')).toEqual([ids.bo])
  expect(await listSearch('Board members')).toEqual([ids.ada]) // audience, by label
  expect(await listSearch('board_members')).toEqual([ids.ada]) // audience, by value
  expect(await listSearch('confidence')).toEqual([ids.bo]) // main goal
  expect(await listSearch('morn')).toEqual([ids.ada]) // practice time
  expect(await listSearch('student')).toEqual([ids.bo]) // job role
  expect(await listSearch('admin')).toEqual([admin.id]) // role (and the admin's own username)
  expect(await listSearch('nothing-matches-this')).toEqual([])
  // Wildcards typed into the box are literal: "%" matches no one, "_" only a real underscore.
  expect(await listSearch('%')).toEqual([])
  expect(await listSearch('a_l')).toEqual([ids.ada])
})

it('exports exactly the rows the list shows for the same search', async () => {
  for (const q of ['', 'Board members', 'morn', 'list.example', 'admin', '%']) {
    expect(await csvIds(q)).toEqual(await listSearch(q))
  }
})

it('answers a text filter on a select field over REST instead of failing, and learners still only find themselves', async () => {
  const res = await api(app.baseUrl, 'GET', '/api/users?depth=0&where[profile.typicalAudience][like]=board', { token: admin.token })
  expect(res.status).toBe(200)
  expect(res.body.docs.map((d: { id: number }) => d.id)).toEqual([ids.ada])
  const learner = await createUser(app.payload, app.baseUrl)
  const own = await api(app.baseUrl, 'GET', '/api/users?depth=0&where[role][like]=learn', { token: learner.token })
  expect(own.status).toBe(200)
  expect(own.body.docs.map((d: { id: number }) => d.id)).toEqual([learner.id])
})

it('has column sets made of real user fields, "core" being the list default', () => {
  const fields = app.payload.collections.users.config.flattenedFields
  const resolve = (list: FlattenedField[], path: string): FlattenedField | undefined => {
    const [head, ...rest] = path.split('.')
    const field = list.find((f) => f.name === head)
    return rest.length && field?.type === 'group' ? resolve(field.flattenedFields, rest.join('.')) : rest.length ? undefined : field
  }
  for (const view of Object.values(learnerViews)) for (const { path } of view) expect([path, resolve(fields, path)?.name]).toEqual([path, path.split('.').pop()])
  expect(app.payload.collections.users.config.admin.defaultColumns).toEqual(learnerViews.core.map((c) => c.path))
})
