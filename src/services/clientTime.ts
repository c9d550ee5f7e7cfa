import { sql } from '@payloadcms/db-postgres'

import { serverNow } from '../clock'
import type { Queryable } from '../db/transaction'

/** How far back a client's own time is believed: an app may have queued the action offline. */
export const CLIENT_TIME_MAX_AGE_MS = 72 * 3_600_000
/** How far ahead: clock drift, never a day in the future (that would forge tomorrow's streak). */
export const CLIENT_TIME_MAX_AHEAD_MS = 5 * 60_000

export type ActionTime = {
  /** The time the rules use. */
  at: Date
  /** Whether `at` is the client's time as sent (inside the window, not before the learner's floor). */
  trusted: boolean
  /** What the client sent, if anything. */
  claimed: Date | null
  /** Whether the claim was moved forward to the learner's floor (see `boundedActionTime`). */
  clamped?: boolean
}

/**
 * The time a learner action counts at. A client time is trusted only inside the window —
 * at most 72 h old and 5 min ahead of the server — so a queued offline action lands on the
 * day it was done, while a forged time (last week, tomorrow) counts as now and can build no
 * streak. Without a client time, the server's time counts.
 */
export function actionTime(claimed: Date | string | undefined | null, server: Date = serverNow()): ActionTime {
  if (claimed == null) return { at: server, trusted: false, claimed: null }
  const at = new Date(claimed)
  const age = server.getTime() - at.getTime()
  const trusted = Number.isFinite(age) && age <= CLIENT_TIME_MAX_AGE_MS && age >= -CLIENT_TIME_MAX_AHEAD_MS
  return trusted ? { at, trusted, claimed: at } : { at: server, trusted: false, claimed: Number.isFinite(at.getTime()) ? at : null }
}

/**
 * The client's time, also bounded by the learner's own history (DESIGN §4 rule 13): never
 * before the account was created, nor before the last action that counted (actions replay in
 * order). An earlier claim inside the window is moved forward to that floor, so a queued
 * action still applies, on a day that was really lived since sign-up; the 72 h window alone
 * let one account claim three days it never had and be paid each day's caps at once.
 */
export function boundedActionTime(claimed: Date | string | undefined | null, floor: Date | null, server: Date = serverNow()): ActionTime {
  const time = actionTime(claimed, server)
  if (!time.trusted || !floor || time.at.getTime() >= floor.getTime()) return time
  // The floor is never after the server's now in production; under a test clock it may be.
  const at = new Date(Math.min(floor.getTime(), server.getTime()))
  return { at, trusted: false, claimed: time.claimed, clamped: true }
}

/** A learner's claimed time, bounded by the window and by their own floor (`boundedActionTime`). */
export async function learnerActionTime(db: Queryable, user: number, claimed: Date | string): Promise<ActionTime> {
  return boundedActionTime(claimed, await clientTimeFloor(db, user))
}

/** The earliest time a client may claim for this learner's next action: the later of sign-up and the last counted action. */
export async function clientTimeFloor(db: Queryable, user: number): Promise<Date | null> {
  const [row] = await db.query<{ floor: string | null }>(
    sql`SELECT GREATEST(created_at, last_action_at) AS floor FROM users WHERE id = ${user}`,
  )
  return row?.floor ? new Date(row.floor) : null
}
