import type { CollectionSlug, Payload } from 'payload'

export type StepData = Record<string, unknown> & { stepId: string; inputType: string; promptTitle: string }

export const allTypesFlow: StepData[] = [
  { stepId: 'intro', inputType: 'continue', promptTitle: 'Welcome', promptBody: 'Ready?' },
  { stepId: 'moment', fieldName: 'moment_snapshot', inputType: 'textarea', promptTitle: 'Your moment', promptBody: 'Describe it.', validation: { required: true, minLength: 10 } },
  { stepId: 'note', fieldName: 'note', inputType: 'text', promptTitle: 'A note', validation: { required: false, minLength: 3 } },
  { stepId: 'stakes', fieldName: 'stakes', inputType: 'select', promptTitle: 'Stakes', validation: { required: true }, options: [{ value: 'steady', label: 'Steady' }, { value: 'spiking', label: 'Spiking' }] },
  { stepId: 'confidence', fieldName: 'confidence', inputType: 'rating', promptTitle: 'Confidence', validation: { required: true, minValue: 1, maxValue: 5 } },
  { stepId: 'commit', fieldName: 'commit', inputType: 'confirm', promptTitle: 'Commit', promptBody: 'Will you do it?' },
]

/**
 * A published world of `districts` districts (District n teaches Level n), each level with
 * `modules` modules (codes A, B, …; each with the given guided flow) and `venues` venues; module
 * i unlocks venue i when there is one.
 */
export async function createWorld(payload: Payload, options: { districts?: number; modules?: number; venues?: number; steps?: StepData[]; firstNumber?: number } = {}) {
  const { districts = 1, modules = 2, venues = 2, steps = allTypesFlow, firstNumber = 1 } = options
  const create = async (collection: CollectionSlug, data: Record<string, unknown>) =>
    (await payload.create({ collection, data: { ...data, _status: 'published' } as never, overrideAccess: true, depth: 0 })).id as number
  const world: { districtId: number; levelId: number; number: number; venueIds: number[]; moduleIds: number[]; flowIds: number[] }[] = []
  for (let d = 0; d < districts; d++) {
    const number = firstNumber + d
    const levelId = await create('levels', { number, name: `Level ${number}`, milestoneThreshold: 70 })
    const districtId = await create('districts', { number, name: `District ${number}` })
    const venueIds: number[] = []
    for (let v = 0; v < venues; v++) {
      venueIds.push(await create('venues', { district: districtId, name: `Venue ${number}.${v + 1}`, slug: `venue-${number}-${v + 1}-${Math.random().toString(36).slice(2, 7)}`, order: v + 1, ticketCost: 1, xpReward: 20, coinReward: 10, kind: 'standard' }))
    }
    const moduleIds: number[] = []
    const flowIds: number[] = []
    for (let m = 0; m < modules; m++) {
      const moduleId = await create('modules', { level: levelId, code: String.fromCharCode(65 + m), name: `Module ${number}${String.fromCharCode(65 + m)}`, order: m + 1, xpReward: 50, unlocksVenue: venueIds[m] })
      moduleIds.push(moduleId)
      await create('knowledge-blocks', { module: moduleId, title: 'First idea', summary: 'One', order: 1 })
      await create('knowledge-blocks', { module: moduleId, title: 'Second idea', summary: 'Two', order: 2 })
      flowIds.push(await create('guided-flows', { module: moduleId, title: `Flow ${number}${m}`, version: '1.0.0', steps }))
    }
    world.push({ districtId, levelId, number, venueIds, moduleIds, flowIds })
  }
  return world
}
