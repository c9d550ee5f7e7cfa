import { sql } from '@payloadcms/db-postgres'

import { now } from '../../clock'
import type { Tx } from '../../db/transaction'
import { HttpError } from '../../endpoints/http'
import { localDay } from '../activity/days'
import { recordActivity } from '../activity/record'
import { grantAll } from '../economy/ledger'
import { streakMultiplier, streakSettings } from '../economy/settings'
import { recordEvents } from '../events'
import { journeyOf } from '../journey/views'
import { publishedKnowledgeBlock } from './knowledgeBlocks'
import { score } from './scoring'
import type { Exercise } from './scoring'

export type ExerciseSubmission = { knowledgeBlockId: number; exerciseIndex: number; answer: unknown }

/**
 * Rule 4: an exercise of a knowledge block in a module the learner may open, scored on the
 * server. XP is `exerciseXpCorrect` (5) when correct, `exerciseXpPractice` (2) otherwise or
 * for free text, times the streak multiplier; coins are half the XP. Only the first
 * `exerciseRewardsPerDay` (3) submissions of one exercise per learner-local day pay; later
 * ones are recorded with no reward. The answer key never leaves the server.
 */
export async function submitExercise(tx: Tx, user: number, input: ExerciseSubmission) {
  const block = await publishedKnowledgeBlock(tx, input.knowledgeBlockId)
  if (!block) throw new HttpError(404, 'not_found', 'No such knowledge block.')
  const journey = await journeyOf(tx, user)
  const moduleId = typeof block.module === 'object' ? block.module.id : block.module
  const module = journey.world.modules.find((m) => m.id === moduleId)
  if (!module) throw new HttpError(404, 'not_found', 'No such knowledge block.')
  if (journey.moduleStatus(module) === 'locked') throw new HttpError(403, 'module_locked', 'Complete the modules before this one first.')
  const exercise = (block.exercises ?? [])[input.exerciseIndex] as Exercise | undefined
  if (!exercise) throw new HttpError(404, 'not_found', 'No such exercise in this block.')

  const { correct, normalized } = score(exercise, input.answer)
  // Locks the learner's row: the daily count below cannot race.
  const activity = await recordActivity(tx, user, 'exercise')
  const day = localDay(now(), journey.learner.timezone)
  const [settings] = await tx.query<{ correct: string; practice: string; cap: string }>(
    sql`SELECT exercise_xp_correct AS correct, exercise_xp_practice AS practice, exercise_rewards_per_day AS cap FROM economy LIMIT 1`,
    'exercise-settings',
  )
  const cap = settings ? Number(settings.cap) : 3
  const [done] = await tx.query<{ n: string }>(sql`
    SELECT count(*) AS n FROM exercise_attempts
     WHERE user_id = ${user} AND knowledge_block_id = ${block.id} AND exercise_index = ${input.exerciseIndex} AND local_day = ${day} AND rewarded`, 'exercise-rewarded-today')
  const rewardedToday = Number(done?.n ?? 0)
  const rewarded = rewardedToday < cap
  const base = correct ? Number(settings?.correct ?? 5) : Number(settings?.practice ?? 2)
  const multiplier = streakMultiplier(activity.streak.current, await streakSettings(tx))
  const xp = rewarded ? Math.floor(base * multiplier) : 0
  const coins = Math.floor(xp / 2)
  const at = now()
  const [attempt] = await tx.query<{ id: number }>(sql`
    INSERT INTO exercise_attempts (user_id, knowledge_block_id, exercise_index, exercise_type, answer, correct, rewarded, xp_earned, coins_earned, local_day, created_at, updated_at)
    VALUES (${user}, ${block.id}, ${input.exerciseIndex}, ${exercise.blockType}, ${JSON.stringify(normalized)}::jsonb, ${correct}, ${rewarded}, ${xp}, ${coins}, ${day}, ${at}, ${at})
    RETURNING id`, 'exercise-attempt')
  const key = `exercise:${block.id}:${input.exerciseIndex}:${day}:${rewardedToday + 1}`
  const source = { user, reason: 'exercise', sourceType: 'exercise-attempts', sourceId: attempt?.id }
  await grantAll(tx, [
    { ...source, currency: 'xp', amount: xp, key: `${key}:xp` },
    { ...source, currency: 'coins', amount: coins, key: `${key}:coins` },
  ])
  await recordEvents(tx, user, [{ type: 'exercise_complete', data: { type: exercise.blockType, correct, xp_earned: xp } }])
  return {
    attempt: Number(attempt?.id),
    correct,
    xpEarned: xp,
    coinsEarned: coins,
    multiplier,
    rewardsLeftToday: Math.max(0, cap - rewardedToday - (rewarded ? 1 : 0)),
    ...(exercise.blockType === 'freeText' && exercise.guidance ? { guidance: exercise.guidance } : {}),
  }
}
