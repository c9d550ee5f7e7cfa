import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'

import { createFixture, freshModule } from '../helpers/content'
import type { Fixture } from '../helpers/content'
import { api, createUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'

let app: TestApp
let fixture: Fixture
let token: string

beforeAll(async () => {
  app = await startTestApp()
  fixture = await createFixture(app.payload)
  token = (await createUser(app.payload, app.baseUrl, 'author')).token
})

afterAll(async () => {
  await app?.close()
})

const post = (path: string, body: unknown) => api(app.baseUrl, 'POST', path, { token, body })
const count = async (collection: 'guided-flows' | 'knowledge-blocks' | 'modules' | 'venues') =>
  (await app.payload.count({ collection, overrideAccess: true })).totalDocs

const step = (over: Record<string, unknown> = {}) => ({
  stepId: 's1',
  fieldName: 'f1',
  inputType: 'textarea',
  promptTitle: 'Tell me',
  ...over,
})

describe('guided flows are validated on save', () => {
  const badFlows: [string, Record<string, unknown>[], RegExp][] = [
    ['no steps', [], /at least one step|steps/i],
    ['a duplicate step id', [step(), step({ fieldName: 'f2' })], /step id "s1" is used twice/],
    ['a duplicate field name', [step(), step({ stepId: 's2' })], /field name "f1" is used twice/],
    ['a select without options', [step({ inputType: 'select' })], /needs at least two options/],
    ['a select with one option', [step({ inputType: 'select', options: [{ value: 'a', label: 'A' }] })], /needs at least two options/],
    [
      'a select with duplicate option values',
      [step({ inputType: 'select', options: [{ value: 'a', label: 'A' }, { value: 'a', label: 'B' }] })],
      /option value "a" is used twice/,
    ],
    ['options on a text step', [step({ options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] })], /only select steps have options/],
    ['min greater than max', [step({ inputType: 'rating', validation: { minValue: 5, maxValue: 1 } })], /minimum \(5\) is greater than the maximum \(1\)/],
    ['a rating without a range', [step({ inputType: 'rating' })], /needs a minimum and a maximum/],
    ['a minimum length on a rating', [step({ inputType: 'rating', validation: { minLength: 3, minValue: 1, maxValue: 5 } })], /minimum length only applies/],
    ['an answering step without a field name', [step({ fieldName: undefined })], /needs a field name/],
    ['an unknown input type', [step({ inputType: 'slider' })], /.+/],
  ]

  it.each(badFlows)('rejects %s with 400 and stores nothing', async (_name, steps, message) => {
    const before = await count('guided-flows')
    const res = await post('/api/guided-flows', { module: await freshModule(app.payload, fixture), title: 'Bad', steps, _status: 'published' })
    expect(res.status).toBe(400)
    const messages = res.body.errors.flatMap((e: { message: string; data?: { errors?: { message: string }[] } }) => [e.message, ...(e.data?.errors ?? []).map((d) => d.message)])
    expect(messages.join('\n')).toMatch(message)
    expect(await count('guided-flows')).toBe(before)
  })

  it('accepts a flow that uses every input type', async () => {
    const steps = [
      step({ stepId: 'go', fieldName: undefined, inputType: 'continue' }),
      step({ stepId: 'name', fieldName: 'name', inputType: 'text', validation: { minLength: 2 } }),
      step({ stepId: 'story', fieldName: 'story', inputType: 'textarea' }),
      step({ stepId: 'pick', fieldName: 'pick', inputType: 'select', options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] }),
      step({ stepId: 'rate', fieldName: 'rate', inputType: 'rating', validation: { minValue: 1, maxValue: 5 } }),
      step({ stepId: 'ok', fieldName: 'ok', inputType: 'confirm' }),
      step({ stepId: 'end', fieldName: undefined, inputType: 'complete' }),
    ]
    const res = await post('/api/guided-flows', { module: await freshModule(app.payload, fixture), title: 'Good', steps, _status: 'published' })
    expect(res.status).toBe(201)
    expect(res.body.doc.steps).toHaveLength(7)
  })

  it('allows one flow per module', async () => {
    const module = await freshModule(app.payload, fixture)
    const body = { module, title: 'One', steps: [step()], _status: 'published' }
    expect((await post('/api/guided-flows', body)).status).toBe(201)
    const again = await post('/api/guided-flows', body)
    expect(again.status).toBe(400)
  })
})

describe('exercise answer keys must match their exercise', () => {
  const options = [
    { value: 'a', label: 'A' },
    { value: 'b', label: 'B' },
  ]
  const bad: [string, Record<string, unknown>][] = [
    ['a single-choice key that is not an option', { blockType: 'singleChoice', prompt: 'P', options, answerKey: { correct: 'z' } }],
    ['a multiple-choice key with an unknown value', { blockType: 'multipleChoice', prompt: 'P', options, answerKey: { correct: ['a', 'z'] } }],
    ['an ordering key that leaves an item out', { blockType: 'ordering', prompt: 'P', items: options, answerKey: { order: ['a'] } }],
    [
      'a classification that leaves an item unassigned',
      { blockType: 'classify', prompt: 'P', categories: options, items: [{ value: 'x', label: 'X' }, { value: 'y', label: 'Y' }], answerKey: { assignments: [{ item: 'x', category: 'a' }] } },
    ],
    [
      'a classification into an unknown category',
      { blockType: 'classify', prompt: 'P', categories: options, items: [{ value: 'x', label: 'X' }], answerKey: { assignments: [{ item: 'x', category: 'q' }] } },
    ],
    ['duplicate option values', { blockType: 'singleChoice', prompt: 'P', options: [options[0], options[0]], answerKey: { correct: 'a' } }],
  ]
  it.each(bad)('rejects %s', async (_name, exercise) => {
    const before = await count('knowledge-blocks')
    const res = await post('/api/knowledge-blocks', { module: fixture.moduleId, title: 'KB', order: 900, exercises: [exercise], _status: 'published' })
    expect(res.status).toBe(400)
    expect(await count('knowledge-blocks')).toBe(before)
  })

  it('keeps (module, order) unique for knowledge blocks', async () => {
    const body = { module: fixture.moduleId, title: 'KB', order: 901, _status: 'published' }
    expect((await post('/api/knowledge-blocks', body)).status).toBe(201)
    expect((await post('/api/knowledge-blocks', body)).status).toBe(400)
  })
})

describe('bad input to collection endpoints', () => {
  const cases: [string, string, unknown][] = [
    ['a string where a number belongs', '/api/levels', { number: 'seven', name: 'L' }],
    ['a threshold above 100', '/api/levels', { number: 901, name: 'L', milestoneThreshold: 101 }],
    ['an over-long name', '/api/levels', { number: 902, name: 'x'.repeat(5000) }],
    ['a relation to a missing document', '/api/modules', { level: 999999, code: 'Z', name: 'M', order: 1 }],
    ['a relation id of the wrong type', '/api/modules', { level: 'abc', code: 'Z', name: 'M', order: 1 }],
    ['a malformed module code', '/api/modules', { level: -1, code: 'lower case!', name: 'M', order: 1 }],
    ['a negative ticket cost', '/api/venues', { district: -1, name: 'V', order: 1, ticketCost: -3 }],
    ['a javascript: video URL', '/api/modules', { level: -1, code: 'Y', name: 'M', order: 1, videoUrl: 'javascript:alert(1)' }],
    ['an unknown select value', '/api/venues', { district: -1, name: 'V', order: 1, kind: 'castle' }],
    ['a duplicate unique number', '/api/levels', { number: -1, name: 'dup' }],
  ]

  it.each(cases)('answers %s with 400 in Payload’s error shape and writes nothing', async (_name, path, raw) => {
    const body = JSON.parse(
      JSON.stringify(raw)
        .replace('"level":-1', `"level":${fixture.levelId}`)
        .replace('"district":-1', `"district":${fixture.districtId}`)
        .replace('"number":-1', `"number":${(await app.payload.findByID({ collection: 'levels', id: fixture.levelId, overrideAccess: true })).number}`),
    )
    const before = { modules: await count('modules'), venues: await count('venues') }
    const res = await post(path, body)
    expect(res.status).toBe(400)
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ message: expect.any(String) })]))
    expect(res.text).not.toMatch(/\bat [^ ]+\.(ts|js):\d+/)
    expect({ modules: await count('modules'), venues: await count('venues') }).toEqual(before)
  })

  it('answers malformed JSON with 400', async () => {
    const res = await api(app.baseUrl, 'POST', '/api/levels', { token, rawBody: '{"number": 5,', headers: { 'content-type': 'application/json' } })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].message).toMatch(/json/i)
  })

  it('ignores unknown fields and never stores them', async () => {
    const res = await post('/api/levels', { number: 903, name: 'Extra', milestoneThreshold: 50, hacker: 'yes', _status: 'published' })
    expect(res.status).toBe(201)
    expect(res.body.doc.hacker).toBeUndefined()
    const client = new pg.Client({ connectionString: app.databaseUrl })
    await client.connect()
    try {
      const { rows } = await client.query('SELECT to_jsonb(l) AS row FROM levels l WHERE id = $1', [res.body.doc.id])
      expect(JSON.stringify(rows[0].row)).not.toContain('hacker')
    } finally {
      await client.end()
    }
  })
})
