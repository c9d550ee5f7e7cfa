import { describe, expect, it } from '@jest/globals'

import { buildPlan, exercisesFor, pickPrompt, tierFor } from '../../src/services/amphitheatre/plan'
import type { PromptContent } from '../../src/services/amphitheatre/plan'

const rotation = ['stakes_echoes', 'voice_to_marble', 'inner_listener', 'control_in_motion', 'shorter_not_smaller', 'echo_of_truth']

describe('amphitheatre plans (spec §3.9)', () => {
  it('rotates exercises by visit for visits 1–13', () => {
    const expected: Record<number, string[]> = {
      1: ['stakes_echoes'],
      2: ['stakes_echoes'],
      3: ['voice_to_marble', 'inner_listener'],
      4: ['voice_to_marble', 'inner_listener'],
      5: ['control_in_motion', 'shorter_not_smaller'],
      6: ['control_in_motion', 'shorter_not_smaller'],
      7: ['stakes_echoes', 'voice_to_marble'],
      8: ['voice_to_marble', 'inner_listener'],
      9: ['inner_listener', 'control_in_motion'],
      10: ['control_in_motion', 'shorter_not_smaller'],
      11: ['shorter_not_smaller', 'echo_of_truth'],
      12: ['echo_of_truth', 'stakes_echoes', 'voice_to_marble'],
      13: ['stakes_echoes', 'voice_to_marble', 'inner_listener'],
    }
    for (const [visit, keys] of Object.entries(expected)) expect(exercisesFor(Number(visit), rotation)).toEqual(keys)
    expect([1, 3, 4, 7, 8, 13].map(tierFor)).toEqual(['alpha', 'alpha', 'beta', 'beta', 'gamma', 'gamma'])
  })

  const pool: PromptContent[] = ['a1', 'a2', 'a3'].map((key, i) => ({ id: i + 1, exerciseId: 1, key, tier: 'alpha', headline: key, scenario: 's', whyItMatters: null, rotatingPrompt: null }))

  it('never repeats the last completed visit’s prompt when the pool has another, and is stable per visit', () => {
    for (let visit = 1; visit <= 40; visit++) {
      for (const avoid of ['a1', 'a2', 'a3']) {
        const picked = pickPrompt(pool, 'alpha', 1, avoid, `7:${visit}:x`)
        expect(picked?.key).not.toBe(avoid)
        expect(pickPrompt(pool, 'alpha', 1, avoid, `7:${visit}:x`)?.key).toBe(picked?.key)
      }
    }
    expect(pickPrompt([pool[0]!], 'alpha', 1, 'a1', 'seed')?.key).toBe('a1')
    // A tier without prompts falls back to beta's pool.
    const beta = { ...pool[0]!, key: 'b1', tier: 'beta' as const }
    expect(pickPrompt([beta], 'gamma', 1, undefined, 'seed')?.key).toBe('b1')
  })

  it('builds slots from the content, ordered by rotation', () => {
    const exercises = rotation.map((key, i) => ({ id: i + 1, key, title: key.toUpperCase(), rotationOrder: 10 - i, timedDelivery: false, hint: null, components: [] }))
    const plan = buildPlan({ user: 1, visit: 1, exercises, prompts: [], lastPromptByExercise: new Map() })
    // rotationOrder decides, not the array order: the highest id has the lowest order here.
    expect(plan.slots.map((s) => s.key)).toEqual(['echo_of_truth'])
    expect(plan.tier).toBe('alpha')
  })
})
