import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'

import { startFakeAi } from '../helpers/fakeAi'
import type { FakeAi } from '../helpers/fakeAi'
import { api, createUser } from '../helpers/http'
import type { TestUser } from '../helpers/http'
import { startTestApp } from '../helpers/testApp'
import type { TestApp } from '../helpers/testApp'
import { finishModule } from '../journey/helpers'
import { allTypesFlow, createWorld } from '../journey/world'
import type { StepData } from '../journey/world'

let app: TestApp
let sql: pg.Client
let ai: FakeAi
let moduleA: number
let moduleB: number
let unmappedModule: number

/** Module A's flow fills the whole stakes map; module B's fills nothing. */
const mappedFlow: StepData[] = [
  { stepId: 'intro', inputType: 'continue', promptTitle: 'Welcome' },
  { stepId: 'moment', fieldName: 'moment', inputType: 'textarea', promptTitle: 'Your moment', validation: { required: true, minLength: 10 }, stakesMapField: 'situation' },
  ...(['pressure', 'visibility', 'irreversibility', 'control'] as const).map((point) => ({
    stepId: `pic_${point}`,
    fieldName: `pic_${point}`,
    inputType: 'rating',
    promptTitle: point,
    validation: { required: true, minValue: 0, maxValue: 5 },
    stakesMapField: point,
  })),
  { stepId: 'trigger', fieldName: 'trigger', inputType: 'text', promptTitle: 'Trigger', validation: { required: true }, stakesMapField: 'trigger' },
  {
    stepId: 'lever',
    fieldName: 'lever',
    inputType: 'select',
    promptTitle: 'Lever',
    validation: { required: true },
    options: [{ value: 'presence', label: 'Presence' }, { value: 'preparation', label: 'Preparation' }],
    stakesMapField: 'lever',
  },
  { stepId: 'action', fieldName: 'action', inputType: 'textarea', promptTitle: 'Next step', validation: { required: true }, stakesMapField: 'actionStep' },
  { stepId: 'done', inputType: 'complete', promptTitle: 'Done' },
]

beforeAll(async () => {
  app = await startTestApp()
  sql = new pg.Client({ connectionString: app.databaseUrl })
  await sql.connect()
  ai = await startFakeAi({ slowMs: 3000 })
  const [d] = await createWorld(app.payload, { districts: 1, modules: 2, venues: 0, steps: mappedFlow })
  moduleA = d!.moduleIds[0]!
  moduleB = d!.moduleIds[1]!
  // Module B's flow maps nothing: it has no stakes map.
  await sql.query('UPDATE guided_flows_steps SET stakes_map_field = NULL WHERE _parent_id = (SELECT id FROM guided_flows WHERE module_id = $1)', [moduleB])
  const [other] = await createWorld(app.payload, { districts: 1, modules: 1, venues: 0, steps: allTypesFlow, firstNumber: 2 })
  unmappedModule = other!.moduleIds[0]!
})

afterEach(() => {
  for (const key of ['OPENAI_API_KEY', 'OPENAI_BASE_URL']) delete process.env[key]
  ai.setMode('ok')
})

afterAll(async () => {
  await ai?.close()
  await sql?.end()
  await app?.close()
})

const caller = (learner: TestUser) => (method: string, path: string, body?: unknown) => api(app.baseUrl, method, path, { token: learner.token, body })

/** Answers that differ per run, so a refill can be told from the first fill. */
const answersFor = (tag: string) => (step: any) => {
  switch (step.stepId) {
    case 'moment':
      return `Board review (${tag}): I present the cut to forty managers.`
    case 'pic_pressure':
      return 4
    case 'pic_visibility':
      return 5
    case 'pic_irreversibility':
      return 2
    case 'pic_control':
      return 1
    case 'trigger':
      return `The CFO's first question (${tag})`
    case 'lever':
      return 'presence'
    case 'action':
      return `Two slow breaths at the door (${tag}).`
    default:
      return true
  }
}

/** Runs module A's lesson with answers tagged `tag`, through the API. */
async function runLesson(learner: TestUser, moduleId: number, tag: string) {
  const call = caller(learner)
  const started = await call('POST', '/api/learn/lessons', { moduleId })
  let step = started.body.step
  for (;;) {
    const r = await call('POST', `/api/learn/lessons/${started.body.sessionId}/answers`, { stepId: step.stepId, value: answersFor(tag)(step) })
    expect(r.status).toBe(200)
    if (r.body.completed) return started.body.sessionId as string
    step = r.body.nextStep
  }
}

const editable = (map: any) => ({ situation: map.situation, pressurePoints: map.pressurePoints, trigger: map.trigger, lever: map.lever, actionStep: map.actionStep })

describe('the stakes map', () => {
  it('is filled from the guided lesson’s answers when Module A completes, and only its owner can read it', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    const call = caller(learner)
    expect((await call('GET', `/api/learn/stakes-maps/${moduleA}`)).body.errors[0].code).toBe('not_found')
    const sessionId = await runLesson(learner, moduleA, 'one')
    const map = await call('GET', `/api/learn/stakes-maps/${moduleA}`)
    expect(map.status).toBe(200)
    expect(map.body).toMatchObject({
      module: { id: moduleA, code: 'A' },
      situation: 'Board review (one): I present the cut to forty managers.',
      pressurePoints: { pressure: 4, visibility: 5, irreversibility: 2, control: 1 },
      trigger: "The CFO's first question (one)",
      lever: 'presence',
      actionStep: 'Two slow breaths at the door (one).',
      source: 'lesson',
      lessonSessionId: sessionId,
      revision: 1,
    })

    const intruder = await createUser(app.payload, app.baseUrl)
    const theirs = caller(intruder)
    expect((await theirs('GET', `/api/learn/stakes-maps/${moduleA}`)).status).toBe(404)
    expect((await theirs('GET', '/api/stakes-maps?depth=0')).body.docs).toEqual([])
    expect((await theirs('GET', `/api/stakes-maps?where[user][equals]=${learner.id}`)).body.docs).toEqual([])
    const graphql = await api(app.baseUrl, 'POST', '/api/graphql', { token: intruder.token, body: { query: '{ StakesMaps { docs { situation } } }' } })
    expect(graphql.body.data.StakesMaps.docs).toEqual([])
    expect((await call('GET', '/api/stakes-maps?depth=0')).body.docs).toHaveLength(1)
    // Writing one's own map of the module leaves the other learner's untouched.
    const own = await theirs('PUT', `/api/learn/stakes-maps/${moduleA}`, { ...editable(map.body), situation: 'My own moment entirely' })
    expect(own.status).toBe(201)
    expect((await call('GET', `/api/learn/stakes-maps/${moduleA}`)).body).toEqual(map.body)
    // Nobody writes through the collection API, the owner included.
    const direct = await call('PATCH', `/api/stakes-maps/${(await call('GET', '/api/stakes-maps?depth=0')).body.docs[0].id}`, { situation: 'hacked' })
    expect(direct.status).toBe(403)
  })

  it('is the learner’s to edit; their edit survives a later lesson run, which otherwise refills it', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    const call = caller(learner)
    await runLesson(learner, moduleA, 'first')
    await runLesson(learner, moduleA, 'second')
    const refilled = (await call('GET', `/api/learn/stakes-maps/${moduleA}`)).body
    expect(refilled).toMatchObject({ situation: 'Board review (second): I present the cut to forty managers.', source: 'lesson', revision: 2 })

    const edit = { ...editable(refilled), trigger: '  The silence after my opening  ', pressurePoints: { ...refilled.pressurePoints, control: 3 }, revision: 2 }
    const saved = await call('PUT', `/api/learn/stakes-maps/${moduleA}`, edit)
    expect(saved.status).toBe(200)
    expect(saved.body).toMatchObject({ trigger: 'The silence after my opening', pressurePoints: { control: 3 }, source: 'learner', revision: 3 })
    // An edit based on an older revision is refused and changes nothing.
    const stale = await call('PUT', `/api/learn/stakes-maps/${moduleA}`, { ...edit, trigger: 'older tab', revision: 2 })
    expect(stale.status).toBe(409)
    expect(stale.body.errors[0]).toMatchObject({ code: 'revision_conflict', data: { revision: 3 } })
    await runLesson(learner, moduleA, 'third')
    expect((await call('GET', `/api/learn/stakes-maps/${moduleA}`)).body).toEqual(saved.body)
    // null clears a field.
    const cleared = await call('PUT', `/api/learn/stakes-maps/${moduleA}`, { ...editable(saved.body), trigger: null, lever: null })
    expect(cleared.body).toMatchObject({ trigger: null, lever: null, revision: 4 })
  })

  it('exists only for modules whose flow maps it, and only once the module is open', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    const call = caller(learner)
    const body = { situation: 'x', pressurePoints: { pressure: 1, visibility: 1, irreversibility: 1, control: 1 }, trigger: null, lever: null, actionStep: null }
    // Module B is still locked for a new learner.
    expect((await call('PUT', `/api/learn/stakes-maps/${moduleB}`, body)).body.errors[0].code).toBe('module_locked')
    await finishModule(call, moduleA)
    const none = await call('PUT', `/api/learn/stakes-maps/${moduleB}`, body)
    expect([none.status, none.body.errors[0].code]).toEqual([404, 'no_stakes_map'])
    expect((await call('GET', `/api/learn/stakes-maps/${moduleB}`)).body.errors[0].code).toBe('no_stakes_map')
    expect((await call('GET', `/api/learn/stakes-maps/${unmappedModule}`)).status).toBe(403)
    expect((await call('GET', '/api/learn/stakes-maps/999999')).status).toBe(404)
    expect((await sql.query('SELECT count(*)::int AS n FROM stakes_maps WHERE user_id = $1', [learner.id])).rows[0].n).toBe(1)
  })

  it('refuses invalid edits without writing', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    const call = caller(learner)
    await runLesson(learner, moduleA, 'valid')
    const before = (await call('GET', `/api/learn/stakes-maps/${moduleA}`)).body
    const good = editable(before)
    const bad: unknown[] = [
      { ...good, pressurePoints: { ...good.pressurePoints, pressure: 6 } },
      { ...good, pressurePoints: { ...good.pressurePoints, control: 1.5 } },
      { ...good, lever: 'panic' },
      { ...good, trigger: 'x'.repeat(256) },
      { situation: 'only one field' },
      { ...good, extra: true },
      { ...good, situation: 'nul \u0000 inside' },
    ]
    for (const body of bad) {
      const res = await call('PUT', `/api/learn/stakes-maps/${moduleA}`, body)
      expect([res.status, res.body.errors[0].code]).toEqual([422, 'validation_failed'])
    }
    expect((await call('GET', `/api/learn/stakes-maps/${moduleA}`)).body).toEqual(before)
  })
})

describe('the stakes map as AI context', () => {
  it('is in the coach’s prompt and in the milestone scoring prompt', async () => {
    process.env.OPENAI_API_KEY = 'k'
    process.env.OPENAI_BASE_URL = ai.baseUrl
    process.env.RATE_LIMIT_COACH = '1000/1h'
    const learner = await createUser(app.payload, app.baseUrl)
    const call = caller(learner)
    await runLesson(learner, moduleA, 'ctx')
    ai.setReply('Breathe, then open.')
    expect((await call('POST', '/api/learn/coach/messages', { message: 'How do I open?' })).status).toBe(201)
    const coachPrompt = (ai.requests.at(-1)!.body as { messages: { content: string }[] }).messages[0]!.content
    expect(coachPrompt).toContain('Board review (ctx): I present the cut to forty managers.')
    expect(coachPrompt).toContain('pressure 4/5, visibility 5/5, irreversibility 2/5, control 1/5')
    expect(coachPrompt).toContain('chosen lever: presence')

    await finishModule(call, moduleB)
    ai.setReply(JSON.stringify({ clarity: 80, structure: 80, presence: 80, influence: 80, overall: 80, coaching_note: 'Good.' }))
    const attempt = await call('POST', '/api/learn/milestones/1/attempts', { transcript: 'Board members, tonight I will ask for one decision and give you three reasons.' })
    expect(attempt.status).toBe(202)
    await app.payload.jobs.run({ queue: 'scoring' })
    const scoring = ai.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)!.body as { messages: { content: string }[] }
    expect(scoring.messages[0]!.content).toContain('You assess a high-stakes speaking milestone')
    expect(scoring.messages[0]!.content).toContain("trigger: The CFO's first question (ctx)")
    expect((await call('GET', '/api/learn/milestones/1')).body.attempts[0]).toMatchObject({ status: 'scored', score: 80 })
  })

  it('is erased with the account', async () => {
    const learner = await createUser(app.payload, app.baseUrl)
    await runLesson(learner, moduleA, 'bye')
    const closed = await caller(learner)('DELETE', '/api/learn/account', { password: learner.password })
    expect(closed.status).toBe(200)
    expect((await sql.query('SELECT count(*)::int AS n FROM stakes_maps WHERE user_id = $1', [learner.id])).rows[0].n).toBe(0)
  })
})

describe('guided flows that feed the stakes map are checked on save', () => {
  it('refuses a map field fed twice, a pressure point outside 0–5 and a lever from text', async () => {
    const admin = await createUser(app.payload, app.baseUrl, 'admin')
    const flow = (await sql.query('SELECT id FROM guided_flows WHERE module_id = $1', [moduleA])).rows[0].id
    const patch = (steps: unknown[]) => api(app.baseUrl, 'PATCH', `/api/guided-flows/${flow}`, { token: admin.token, body: { steps } })
    const base = mappedFlow.map((s) => ({ ...s }))
    const twice = base.map((s) => (s.stepId === 'trigger' ? { ...s, stakesMapField: 'situation' } : s))
    const wide = base.map((s) => (s.stepId === 'pic_control' ? { ...s, validation: { required: true, minValue: 1, maxValue: 10 } } : s))
    const textLever = base.map((s) => (s.stepId === 'trigger' ? { ...s, stakesMapField: 'lever' } : s.stepId === 'lever' ? { ...s, stakesMapField: undefined } : s))
    for (const [steps, words] of [
      [twice, 'filled by two steps'],
      [wide, 'rating step between 0 and 5'],
      [textLever, 'preparation, presence or perspective'],
    ] as const) {
      const res = await patch(steps as unknown[])
      expect(res.status).toBe(400)
      expect(res.text).toContain(words)
    }
    expect((await patch(base)).status).toBe(200)
  })
})
