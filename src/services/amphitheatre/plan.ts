import { createHash } from 'node:crypto'

export type Tier = 'alpha' | 'beta' | 'gamma'
export type ExerciseContent = {
  id: number
  key: string
  title: string
  rotationOrder: number
  timedDelivery: boolean
  hint: { title: string | null; body: string | null } | null
  components: unknown[]
}
export type PromptContent = { id: number; exerciseId: number; key: string; tier: Tier; headline: string; scenario: string; whyItMatters: string | null; rotatingPrompt: string | null }

/** Spec §3.9: visits 1–3 alpha, 4–7 beta, then gamma. */
export const tierFor = (visit: number): Tier => (visit <= 3 ? 'alpha' : visit <= 7 ? 'beta' : 'gamma')

/**
 * The exercises of visit `v`, from the authored rotation (exercises by `rotationOrder`), by
 * the spec's rules for six: v ≤ 2 the first; v ≤ 4 the second and third; v ≤ 6 the fourth and
 * fifth; from v = 7 a window starting at (v − 1) mod n, two wide before visit 12, three after.
 */
export function exercisesFor<T>(visit: number, rotation: T[]): T[] {
  const n = rotation.length
  if (!n) return []
  const at = (i: number) => rotation[i % n] as T
  if (visit <= 2) return [at(0)]
  if (visit <= 4) return [at(1), at(2)].slice(0, Math.min(2, n))
  if (visit <= 6) return [at(3), at(4)].slice(0, Math.min(2, n))
  const start = (visit - 1) % n
  const width = Math.min(visit < 12 ? 2 : 3, n)
  return Array.from({ length: width }, (_, i) => at(start + i))
}

/**
 * The prompt for one exercise: from the tier's pool (beta's when the tier has none), never the
 * one this exercise used in the learner's last completed session unless nothing else is left.
 * The pick is seeded by learner, visit and exercise, so the hub's preview and the session it
 * becomes always agree, without storing the preview.
 */
export function pickPrompt(pool: PromptContent[], tier: Tier, exerciseId: number, avoidKey: string | undefined, seed: string): PromptContent | null {
  const mine = pool.filter((p) => p.exerciseId === exerciseId)
  const tiered = mine.filter((p) => p.tier === tier)
  const candidates = tiered.length ? tiered : mine.filter((p) => p.tier === 'beta').length ? mine.filter((p) => p.tier === 'beta') : mine
  if (!candidates.length) return null
  const fresh = candidates.filter((p) => p.key !== avoidKey)
  const choices = (fresh.length ? fresh : candidates).sort((a, b) => a.key.localeCompare(b.key))
  const index = createHash('sha256').update(seed).digest().readUInt32BE(0) % choices.length
  return choices[index] as PromptContent
}

export type Slot = {
  exerciseId: number
  key: string
  title: string
  sequenceIndex: number
  timedDelivery: boolean
  components: unknown[]
  prompt: { id: number; key: string; headline: string; scenario: string; whyItMatters: string | null; rotatingPrompt: string | null } | null
}

export function buildPlan(input: {
  user: number
  visit: number
  exercises: ExerciseContent[]
  prompts: PromptContent[]
  lastPromptByExercise: Map<number, string>
}): { visit: number; tier: Tier; slots: Slot[] } {
  const tier = tierFor(input.visit)
  const rotation = [...input.exercises].sort((a, b) => a.rotationOrder - b.rotationOrder || a.id - b.id)
  const slots = exercisesFor(input.visit, rotation).map((e, sequenceIndex) => {
    const prompt = pickPrompt(input.prompts, tier, e.id, input.lastPromptByExercise.get(e.id), `${input.user}:${input.visit}:${e.key}`)
    return {
      exerciseId: e.id,
      key: e.key,
      title: e.title,
      sequenceIndex,
      timedDelivery: e.timedDelivery,
      components: e.components,
      prompt: prompt && { id: prompt.id, key: prompt.key, headline: prompt.headline, scenario: prompt.scenario, whyItMatters: prompt.whyItMatters, rotatingPrompt: prompt.rotatingPrompt },
    }
  })
  return { visit: input.visit, tier, slots }
}
