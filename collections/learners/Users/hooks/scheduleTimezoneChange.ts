import type { CollectionBeforeChangeHook } from 'payload'

import { now } from '../../../../src/clock'
import { scheduleZoneChange } from '../../../../src/services/activity/timezone'

type UserDoc = {
  profile?: { timezone?: string | null } | null
  timezonePrevious?: string | null
  timezoneChangesAt?: string | null
  lastActiveDay?: string | null
}

/**
 * A new `profile.timezone` (REST, GraphQL, the admin) counts from the learner's next local day,
 * never at once: the derived fields say which zone today still follows, and until when.
 * Onboarding, which writes the row itself, applies the same rule (src/endpoints/onboarding.ts).
 */
export const scheduleTimezoneChange: CollectionBeforeChangeHook = ({ data, originalDoc, operation }) => {
  if (operation !== 'update' || !originalDoc) return data
  const before = originalDoc as UserDoc
  const next = (data as UserDoc).profile?.timezone
  if (next === undefined || (next || 'UTC') === (before.profile?.timezone || 'UTC')) return data
  const change = scheduleZoneChange(
    { timezone: before.profile?.timezone ?? null, previous: before.timezonePrevious ?? null, changesAt: before.timezoneChangesAt ?? null },
    next || 'UTC',
    now(),
    before.lastActiveDay != null,
  )
  return { ...data, timezonePrevious: change.previous, timezoneChangesAt: change.changesAt?.toISOString() ?? null }
}
