import { sql } from '@payloadcms/db-postgres'
import { NotFound } from 'payload'
import { z } from 'zod'

import { isTimeZone } from '../../collections/learners/Users/isTimeZone'
import { dailyGoalMinutes, onboardingOptions } from '../../collections/learners/Users/onboarding'
import { now } from '../clock'
import { withTransaction } from '../db/transaction'
import { scheduleZoneChange, toZoneState, zoneColumns } from '../services/activity/timezone'
import type { ZoneRow } from '../services/activity/timezone'
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
      const [before] = await tx.query<ZoneRow & { active: boolean; done: boolean }>(
        sql`SELECT ${zoneColumns('u')}, u.last_active_day IS NOT NULL AS active, COALESCE(u.profile_onboarding_completed, false) AS done
              FROM users u WHERE u.id = ${user.id} FOR UPDATE`,
      )
      if (!before) throw new NotFound()
      // A redone onboarding may move the time zone: from the next local day, as on the profile.
      const zone = toZoneState(before)
      const change =
        (zone.timezone || 'UTC') === a.timezone
          ? { previous: zone.previous, changesAt: zone.changesAt }
          : scheduleZoneChange(zone, a.timezone, now(), before.active)
      await tx.query(
        sql`UPDATE users SET
              profile_job_role = ${a.jobRole}, profile_typical_audience = ${a.typicalAudience}, profile_main_goal = ${a.mainGoal},
              profile_comfort_under_pressure = ${a.comfortUnderPressure}, profile_time_pressure_profile = ${a.timePressureProfile},
              profile_preferred_practice_time = ${a.preferredPracticeTime}, profile_daily_goal_minutes = ${a.dailyGoalMinutes},
              profile_timezone = ${a.timezone}, timezone_previous = ${change.previous}, timezone_changes_at = ${change.changesAt},
              profile_onboarding_completed = true, updated_at = ${now()}
           WHERE id = ${user.id}`,
      )
      const row = { first: !before.done }
      await recordEvents(tx, Number(user.id), [{ type: 'onboarding_complete', data: { first: Boolean(row?.first) } }])
      return { ...a, onboardingCompleted: true }
    },
    { user },
  )
  return Response.json({ profile })
})
