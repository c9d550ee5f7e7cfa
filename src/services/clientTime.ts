import { serverNow } from '../clock'

/** How far back a client's own time is believed: an app may have queued the action offline. */
export const CLIENT_TIME_MAX_AGE_MS = 72 * 3_600_000
/** How far ahead: clock drift, never a day in the future (that would forge tomorrow's streak). */
export const CLIENT_TIME_MAX_AHEAD_MS = 5 * 60_000

export type ActionTime = {
  /** The time the rules use. */
  at: Date
  /** Whether `at` is the client's time (inside the window) rather than the server's. */
  trusted: boolean
  /** What the client sent, if anything. */
  claimed: Date | null
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
