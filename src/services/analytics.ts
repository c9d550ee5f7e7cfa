import type { Pool } from 'pg'

import { now } from '../clock'

export const metrics = ['activeLearners', 'signups', 'onboardingCompletions', 'moduleCompletions', 'venueEntries', 'milestonePasses'] as const
export type Metric = (typeof metrics)[number]
export type DailyCounts = { day: string } & Record<Metric, number>
export type Summary = { from: string; to: string; days: DailyCounts[]; totals: Record<Metric, number> }

const DAY = /^\d{4}-\d{2}-\d{2}$/
/** The longest range the summary and a recount accept: a year of days, charts stay readable. */
export const MAX_RANGE_DAYS = 366

const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`)
const isDay = (day: string) => DAY.test(day) && !Number.isNaN(dayMs(day)) && new Date(dayMs(day)).toISOString().startsWith(day)

/** Why `from`..`to` is not a range the summary serves, or null when it is (shared by the API and the admin view). */
export function rangeProblem(from: string, to: string): string | null {
  if (!isDay(from) || !isDay(to)) return 'Use dates as YYYY-MM-DD.'
  const span = (dayMs(to) - dayMs(from)) / 86_400_000
  if (span < 0) return '`from` must not be after `to`.'
  if (span >= MAX_RANGE_DAYS) return `Ask for at most ${MAX_RANGE_DAYS} days.`
  return null
}

/** The last `days` UTC days up to today: the default range of the admin charts. */
export function recentRange(days: number, today: Date = now()): { from: string; to: string } {
  const to = today.toISOString().slice(0, 10)
  return { from: new Date(dayMs(to) - (days - 1) * 86_400_000).toISOString().slice(0, 10), to }
}

/**
 * Recomputes the daily counts of `from`..`to` (UTC days, inclusive) from the event table in
 * one statement and upserts them, so running it again (or for a day still in progress) is
 * always right. Only events the server recorded count (an app's own `client.*` events are for
 * product analytics, not these figures). Active learners are distinct users with any server event that day; onboarding counts
 * first completions only; milestone passes count passed scorings.
 */
export async function rollup(pool: Pool, from: string, to: string): Promise<number> {
  if (!DAY.test(from) || !DAY.test(to) || from > to) throw new Error(`bad range ${from}..${to}`)
  const { rowCount } = await pool.query(
    `WITH days AS (SELECT generate_series($1::date, $2::date, interval '1 day')::date AS day),
     counts AS (
       SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day,
              count(DISTINCT user_id) AS active,
              count(*) FILTER (WHERE type = 'user_signup') AS signups,
              count(*) FILTER (WHERE type = 'onboarding_complete' AND COALESCE((data->>'first')::boolean, true)) AS onboarded,
              count(*) FILTER (WHERE type = 'module_completed') AS modules,
              count(*) FILTER (WHERE type = 'venue_entered') AS venues,
              count(*) FILTER (WHERE type = 'milestone_complete' AND COALESCE((data->>'passed')::boolean, false)) AS passes
         FROM analytics_events
        WHERE source = 'server' AND occurred_at >= ($1::date)::timestamp AT TIME ZONE 'UTC' AND occurred_at < (($2::date) + 1)::timestamp AT TIME ZONE 'UTC'
        GROUP BY 1)
     INSERT INTO analytics_daily (day, active_learners, signups, onboarding_completions, module_completions, venue_entries, milestone_passes, created_at, updated_at)
     SELECT to_char(d.day, 'YYYY-MM-DD'), COALESCE(c.active, 0), COALESCE(c.signups, 0), COALESCE(c.onboarded, 0), COALESCE(c.modules, 0),
            COALESCE(c.venues, 0), COALESCE(c.passes, 0), $3, $3
       FROM days d LEFT JOIN counts c ON c.day = d.day
     ON CONFLICT (day) DO UPDATE SET active_learners = EXCLUDED.active_learners, signups = EXCLUDED.signups,
       onboarding_completions = EXCLUDED.onboarding_completions, module_completions = EXCLUDED.module_completions,
       venue_entries = EXCLUDED.venue_entries, milestone_passes = EXCLUDED.milestone_passes, updated_at = EXCLUDED.updated_at`,
    [from, to, now()],
  )
  return rowCount ?? 0
}

/** The stored counts of `from`..`to`, one entry per day (zeros where nothing was rolled up), and their totals. */
export async function summary(pool: Pool, from: string, to: string): Promise<Summary> {
  const { rows } = await pool.query<Record<string, string>>(
    `SELECT to_char(d.day, 'YYYY-MM-DD') AS day,
            COALESCE(a.active_learners, 0) AS "activeLearners", COALESCE(a.signups, 0) AS signups,
            COALESCE(a.onboarding_completions, 0) AS "onboardingCompletions", COALESCE(a.module_completions, 0) AS "moduleCompletions",
            COALESCE(a.venue_entries, 0) AS "venueEntries", COALESCE(a.milestone_passes, 0) AS "milestonePasses"
       FROM generate_series($1::date, $2::date, interval '1 day') AS d(day)
       LEFT JOIN analytics_daily a ON a.day = to_char(d.day, 'YYYY-MM-DD')
      ORDER BY d.day`,
    [from, to],
  )
  const days: DailyCounts[] = rows.map((r) => ({ day: r.day as string, ...Object.fromEntries(metrics.map((m) => [m, Number(r[m])])) }) as DailyCounts)
  const totals = Object.fromEntries(metrics.map((m) => [m, days.reduce((sum, d) => sum + d[m], 0)])) as Record<Metric, number>
  // Active learners do not add up across days (the same person counts each day): the total is the daily peak.
  totals.activeLearners = Math.max(0, ...days.map((d) => d.activeLearners))
  return { from, to, days, totals }
}
