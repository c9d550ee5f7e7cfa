import type { CollectionSlug, Payload } from 'payload'

let n = 0
const next = () => ++n

export type Fixture = {
  levelId: number
  districtId: number
  venueId: number
  moduleId: number
  exerciseId: number
}

const published = { _status: 'published' as const }

/** The minimum published world that other content points at. */
export async function createFixture(payload: Payload): Promise<Fixture> {
  const i = next()
  const create = async (collection: CollectionSlug, data: Record<string, unknown>) =>
    (await payload.create({ collection, data: { ...data, ...published } as never, overrideAccess: true, depth: 0 })).id as number
  const levelId = await create('levels', { number: 100 + i, name: `Level ${i}`, milestoneThreshold: 70 })
  const districtId = await create('districts', { number: 100 + i, name: `District ${i}` })
  const venueId = await create('venues', { district: districtId, name: `Venue ${i}`, order: 1, ticketCost: 1, xpReward: 20, coinReward: 10, kind: 'standard' })
  const moduleId = await create('modules', { level: levelId, code: 'A', name: `Module ${i}`, order: 1, xpReward: 50 })
  const exerciseId = await create('amphitheatre-exercises', {
    key: `exercise_${i}`,
    title: `Exercise ${i}`,
    rotationOrder: 100 + i,
    components: [{ blockType: 'promptCard', label: 'Read' }],
  })
  return { levelId, districtId, venueId, moduleId, exerciseId }
}

/** Valid data for one new document of each content collection (unique keys each call). */
export const validData: Record<string, (f: Fixture) => Record<string, unknown>> = {
  levels: () => ({ number: 200 + next(), name: 'A level', milestoneThreshold: 70 }),
  modules: (f) => ({ level: f.levelId, code: `M${next()}`, name: 'A module', order: 2, xpReward: 10 }),
  'knowledge-blocks': (f) => ({
    module: f.moduleId,
    title: 'A block',
    order: 100 + next(),
    exercises: [
      {
        blockType: 'singleChoice',
        prompt: 'Pick one',
        options: [
          { value: 'a', label: 'A' },
          { value: 'b', label: 'B' },
        ],
        answerKey: { correct: 'b' },
      },
    ],
  }),
  lessons: (f) => ({ module: f.moduleId, name: 'A lesson', order: 100 + next(), xpReward: 10 }),
  'guided-flows': (f) => ({
    // guided flows are unique per module: give each its own module
    module: f.moduleId,
    title: 'A flow',
    version: '1.0.0',
    steps: [
      { stepId: 'one', fieldName: 'one', inputType: 'textarea', promptTitle: 'Say it', validation: { required: true, minLength: 5 } },
      { stepId: 'done', inputType: 'complete', promptTitle: 'Done' },
    ],
  }),
  districts: () => ({ number: 200 + next(), name: 'A district' }),
  venues: (f) => ({ district: f.districtId, name: `A venue ${next()}`, order: 1, ticketCost: 1, xpReward: 5, coinReward: 5, kind: 'standard' }),
  'venue-task-sheets': (f) => ({
    venue: f.venueId,
    title: 'A sheet',
    order: 100 + next(),
    exercises: [{ blockType: 'writtenPrompt', title: 'Write', prompt: 'Write it', minLength: 0 }],
  }),
  'amphitheatre-exercises': () => ({
    key: `ex_${next()}`,
    title: 'An exercise',
    rotationOrder: 1000 + next(),
    components: [{ blockType: 'reflectionField', label: 'Reflect', mode: 'text' }],
  }),
  'amphitheatre-prompts': (f) => ({
    exercise: f.exerciseId,
    key: `prompt-${next()}`,
    tier: 'alpha',
    headline: 'A prompt',
    scenario: 'A scenario',
  }),
  'quest-definitions': () => ({ key: `quest-${next()}`, title: 'A quest', activity: 'exercise', target: 1, xpReward: 5, coinReward: 1, active: true }),
}

/** Guided flows are one per module, so each needs a module of its own. */
export async function freshModule(payload: Payload, f: Fixture): Promise<number> {
  const doc = await payload.create({
    collection: 'modules',
    data: { level: f.levelId, code: `F${next()}`, name: 'Flow module', order: 3, xpReward: 1, ...published } as never,
    overrideAccess: true,
    depth: 0,
  })
  return doc.id as number
}

export const contentCollections = Object.keys(validData) as CollectionSlug[]
