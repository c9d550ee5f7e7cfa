import { sql } from '@payloadcms/db-postgres'
import type { SQL } from '@payloadcms/db-postgres/drizzle'

import { addDays, localDay, startOfLocalDay } from './days'

/**
 * A learner's time zone as the day rules see it (DESIGN §4 rule 13). `timezone` is the one the
 * learner chose; until `changesAt`, the day still follows `previous`. A change never opens a
 * new day at once (hopping to Pacific/Kiritimati paid a second day's caps and a streak day) and
 * never brings a passed day back: it takes effect where the current local day ends and the new
 * zone's next day begins.
 */
export type ZoneState = {
  timezone: string | null
  previous: string | null
  changesAt: Date | string | null
}

const zoneOrUtc = (zone: string | null | undefined): string => zone || 'UTC'

/** The zone a learner's day follows at `at`. */
export function zoneAt(state: ZoneState, at: Date): string {
  if (state.changesAt != null && state.previous && at.getTime() < new Date(state.changesAt).getTime()) return state.previous
  return zoneOrUtc(state.timezone)
}

/** The learner-local day of `at`. */
export const learnerDay = (state: ZoneState, at: Date): string => localDay(at, zoneAt(state, at))

/**
 * The stored state after a learner picks `next` at `at`. Before any recorded activity there is
 * no day to protect, so the zone applies at once. Otherwise the zone in effect keeps today
 * (day D) and the new one starts at its own D+1 midnight, or at the old zone's, whichever is
 * later: both zones then call that instant D+1, so the switch is seamless. Only zones 24 h or
 * more apart share no such instant; the day between is then skipped (see `skippedDay`).
 */
export function scheduleZoneChange(state: ZoneState, next: string, at: Date, hasActivity: boolean): { previous: string | null; changesAt: Date | null } {
  const current = zoneAt(state, at)
  if (!hasActivity || current === next) return { previous: null, changesAt: null }
  const tomorrow = addDays(localDay(at, current), 1)
  const from = Math.max(startOfLocalDay(tomorrow, current).getTime(), startOfLocalDay(tomorrow, next).getTime())
  return { previous: current, changesAt: new Date(from) }
}

/**
 * The calendar day a change between zones 24 h or more apart jumped over (e.g. Pacific/Honolulu
 * to Pacific/Kiritimati), or null. The streak treats it as neither active nor missed.
 */
export function skippedDay(state: ZoneState): string | null {
  if (state.changesAt == null || !state.previous) return null
  const at = new Date(state.changesAt)
  const before = localDay(new Date(at.getTime() - 1), state.previous)
  return localDay(at, zoneOrUtc(state.timezone)) === addDays(before, 2) ? addDays(before, 1) : null
}

/** The zone state of `users` row `alias`, as columns named timezone, timezone_previous and timezone_changes_at. */
export const zoneColumns = (alias: string): SQL =>
  sql.raw(`${alias}.profile_timezone AS timezone, ${alias}.timezone_previous, ${alias}.timezone_changes_at`)

/** The columns `zoneColumns` reads. */
export type ZoneRow = { timezone: string | null; timezone_previous: string | null; timezone_changes_at: string | Date | null }

/** A row read with `zoneColumns` as a ZoneState. */
export const toZoneState = (row: ZoneRow): ZoneState => ({
  timezone: row.timezone,
  previous: row.timezone_previous,
  changesAt: row.timezone_changes_at,
})
