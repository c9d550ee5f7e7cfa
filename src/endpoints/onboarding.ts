import { sql } from '@payloadcms/db-postgres'
import { z } from 'zod'

import { isTimeZone } from '../../collections/learners/Users/isTimeZone'
import { dailyGoalMinutes, onboardingOptions } from '../../collections/learners/Users/onboarding'
import { withTransaction } from '../db/transaction'
import { recordEvents } from '../services/events'
import { endpoint, parseBody, requireUser } from './http'

const choice = <K extends keyof typeof onboardingOptions>(key: K) =>
  z.enum(onboardingOptions[key].map((o) => o.value) as [string, ...string[]])

/** The seven answers of spec §5.2 plus the time zone; all required, nothing else accepted. */
const onboardingBody = z
  .object({
    jobRole: choice('jobRole'),
    typicalAudience: choice('typicalAudience'),
    mainGoal: choice('mainGoal'),
    comfortUnderPressure: choice('comfortUnderPressure'),
    timePressureProfile: choice('timePressureProfile'),
    preferredPracticeTime: choice('preferredPracticeTime'),
    dailyGoalMinutes: z.number().int().min(dailyGoalMinutes.min).max(dailyGoalMinutes.max),
    timezone: z.string().max(64).refine(isTimeZone, 'Use an IANA time zone, e.g. "Europe/Paris".'),
  })
  .strict()

/**
 * POST /api/learn/onboarding — saves every answer together and marks onboarding complete.
 * It may be redone later (answers change; the flag stays).
 */
export const onboarding = endpoint('post', '/learn/onboarding', async (req) => {
  const user = requireUser(req)
  const a = await parseBody(req, onboardingBody)
  const profile = await withTransaction(
    req.payload,
    async (tx) => {
      const [row] = await tx.query<{ first: boolean }>(
        sql`UPDATE users u SET
              profile_job_role = ${a.jobRole}, profile_typical_audience = ${a.typicalAudience}, profile_main_goal = ${a.mainGoal},
              profile_comfort_under_pressure = ${a.comfortUnderPressure}, profile_time_pressure_profile = ${a.timePressureProfile},
              profile_preferred_practice_time = ${a.preferredPracticeTime}, profile_daily_goal_minutes = ${a.dailyGoalMinutes},
              profile_timezone = ${a.timezone}, profile_onboarding_completed = true, updated_at = now()
            FROM (SELECT id, COALESCE(profile_onboarding_completed, false) AS done FROM users WHERE id = ${user.id} FOR UPDATE) before
           WHERE u.id = before.id
           RETURNING NOT before.done AS first`,
      )
      await recordEvents(tx, Number(user.id), [{ type: 'onboarding_complete', data: { first: Boolean(row?.first) } }])
      return { ...a, onboardingCompleted: true }
    },
    { user },
  )
  return Response.json({ profile })
})
