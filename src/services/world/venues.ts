import { sql } from '@payloadcms/db-postgres'

import { now } from '../../clock'
import type { Tx } from '../../db/transaction'
import { HttpError } from '../../endpoints/http'
import { localDay } from '../activity/days'
import { recordActivity } from '../activity/record'
import { grantAll, spend } from '../economy/ledger'
import { recordEvents } from '../events'
import { journeyOf } from '../journey/views'
import { venueTaskSheets } from './taskSheets'

type EntryRow = { id: number; venue_id: number; status: 'open' | 'completed'; tickets_spent: string; practice_count: string; created_at: string }

const entryView = (e: EntryRow) => ({
  id: Number(e.id),
  venue: Number(e.venue_id),
  status: e.status,
  ticketsSpent: Number(e.tickets_spent),
  practiceCount: Number(e.practice_count),
  openedAt: new Date(e.created_at).toISOString(),
})

/** A published venue the learner may enter (404 unknown, 403 `venue_locked`); locks the learner's row. */
async function openVenue(tx: Tx, user: number, venueId: number) {
  const journey = await journeyOf(tx, user, { lock: true })
  const venue = journey.world.venues.find((v) => v.id === venueId)
  if (!venue) throw new HttpError(404, 'not_found', 'No such venue.')
  if (!journey.venueOpen(venue)) {
    const by = journey.unlockedBy(venue)
    throw new HttpError(403, 'venue_locked', by ? `Complete Module ${by.code} (${by.name}) to unlock this venue.` : 'Unlock this venue first.', { venue: venue.id })
  }
  return { journey, venue }
}

async function openEntry(tx: Tx, user: number, venueId: number): Promise<EntryRow | undefined> {
  const [row] = await tx.query<EntryRow>(sql`
    SELECT id, venue_id, status, tickets_spent, practice_count, created_at FROM venue_entries
     WHERE user_id = ${user} AND venue_id = ${venueId} AND status = 'open'`, 'venue-open-entry')
  return row
}

/**
 * Rule 2. Entering needs access and the venue's ticket cost (amphitheatre venues are free).
 * The learner's row is locked, so parallel requests queue: the first opens and pays, the rest
 * get that same open entry back without paying. The partial unique index backs this up.
 */
export async function enterVenue(tx: Tx, user: number, venueId: number) {
  const { venue } = await openVenue(tx, user, venueId)
  const existing = await openEntry(tx, user, venue.id)
  if (existing) return { created: false, entry: entryView(existing), taskSheets: await venueTaskSheets(tx, venue.id) }
  const cost = venue.kind === 'amphitheatre' ? 0 : venue.ticketCost
  const at = now()
  const [entry] = await tx.query<EntryRow>(sql`
    INSERT INTO venue_entries (user_id, venue_id, status, tickets_spent, practice_count, xp_earned, coins_earned, created_at, updated_at)
    VALUES (${user}, ${venue.id}, 'open', ${cost}, 0, 0, 0, ${at}, ${at})
    RETURNING id, venue_id, status, tickets_spent, practice_count, created_at`, 'venue-entry')
  const row = entry as EntryRow
  if (cost > 0) {
    await spend(tx, { user, currency: 'tickets', amount: cost, reason: 'venue_entry', sourceType: 'venue-entries', sourceId: row.id, key: `venue-entry:${row.id}` })
    await recordEvents(tx, user, [{ type: 'venue_entered', data: { venue_id: venue.id, entry_id: Number(row.id), tickets: cost } }])
  }
  return { created: true, entry: entryView(row), taskSheets: await venueTaskSheets(tx, venue.id) }
}

/** The learner's open entry of this venue, by id: 404 for anything else (another learner's, closed, other venue). */
export async function requireOpenEntry(tx: Tx, user: number, venueId: number, entryId: number | undefined, lock = true): Promise<EntryRow> {
  const forUpdate = lock ? sql` FOR UPDATE` : sql``
  // Without an id, the learner's open entry of the venue (there is at most one): an app that
  // queued the entry and its practice offline never saw the entry's id.
  const which = entryId === undefined ? sql`status = 'open'` : sql`id = ${entryId}`
  const [row] = await tx.query<EntryRow>(sql`
    SELECT id, venue_id, status, tickets_spent, practice_count, created_at FROM venue_entries
     WHERE ${which} AND user_id = ${user} AND venue_id = ${venueId}${forUpdate}`)
  if (!row && entryId === undefined) throw new HttpError(409, 'no_open_entry', 'Enter the venue first.')
  if (!row) throw new HttpError(404, 'not_found', 'No such entry.')
  if (row.status !== 'open') throw new HttpError(409, 'entry_completed', 'This visit is already complete; enter again to practise more.')
  return row
}

export type PracticeInput =
  | { kind: 'task'; taskSheetId: number; exerciseIndex: number; response: unknown }
  | { kind: 'feedback'; transcript: string; feedback: string; feedbackSource: 'webhook' | 'ai' | 'fallback' }

/** Records practice against an open entry (the proof of work rule 3 asks for). */
export async function recordPractice(tx: Tx, user: number, venueId: number, entryId: number | undefined, input: PracticeInput) {
  await openVenue(tx, user, venueId)
  const entry = await requireOpenEntry(tx, user, venueId, entryId)
  if (input.kind === 'task') {
    const sheets = await tx.payload.find({
      collection: 'venue-task-sheets',
      where: { and: [{ id: { equals: input.taskSheetId } }, { venue: { equals: venueId } }, { _status: { equals: 'published' } }] },
      depth: 0,
      limit: 1,
      pagination: false,
      overrideAccess: true,
      req: tx.req,
    })
    const sheet = sheets.docs[0]
    if (!sheet) throw new HttpError(404, 'not_found', 'No such task sheet in this venue.')
    if (input.exerciseIndex >= (sheet.exercises?.length ?? 0)) throw new HttpError(422, 'validation_failed', 'No such exercise on this task sheet.', { fields: [{ path: 'exerciseIndex', message: 'out of range' }] })
  }
  const at = now()
  await tx.query(sql`
    INSERT INTO venue_practice (entry_id, user_id, kind, task_sheet_id, exercise_index, response, transcript, feedback, feedback_source, created_at, updated_at)
    VALUES (${entry.id}, ${user}, ${input.kind},
            ${input.kind === 'task' ? input.taskSheetId : null}, ${input.kind === 'task' ? input.exerciseIndex : null},
            ${input.kind === 'task' ? JSON.stringify(input.response ?? null) : null}::jsonb,
            ${input.kind === 'feedback' ? input.transcript : null}, ${input.kind === 'feedback' ? input.feedback : null},
            ${input.kind === 'feedback' ? input.feedbackSource : null}, ${at}, ${at})`)
  const [updated] = await tx.query<{ practice_count: string }>(sql`
    UPDATE venue_entries SET practice_count = practice_count + 1, updated_at = ${at} WHERE id = ${entry.id} RETURNING practice_count`)
  await recordActivity(tx, user, 'venue_practice')
  return { entryId: Number(entry.id), practiceCount: Number(updated?.practice_count ?? 0) }
}

/**
 * Rule 3. Completing needs the open entry with recorded practice. It pays the venue's XP and
 * coins once per entry and at most once per venue per learner-local day (the ledger key says
 * so): free amphitheatre entries cannot become a loop.
 */
export async function completeVenue(tx: Tx, user: number, venueId: number) {
  const { journey, venue } = await openVenue(tx, user, venueId)
  const open = await openEntry(tx, user, venue.id)
  if (!open) throw new HttpError(409, 'no_open_entry', 'Enter the venue first.')
  if (Number(open.practice_count) === 0) throw new HttpError(409, 'practice_required', 'Practise first: answer a task or get feedback on a run-through.')
  const day = localDay(now(), journey.learner.timezone)
  // The day is in the ledger keys: a second completion that day replays them and pays nothing.
  const base = { user, reason: 'venue_complete', sourceType: 'venue-entries', sourceId: open.id }
  const [xp, coins] = await grantAll(tx, [
    { ...base, currency: 'xp', amount: venue.xpReward, key: `venue:${venue.id}:${day}:xp` },
    { ...base, currency: 'coins', amount: venue.coinReward, key: `venue:${venue.id}:${day}:coins` },
  ])
  const rewards = xp?.replayed || coins?.replayed ? null : { xp: venue.xpReward, coins: venue.coinReward }
  const at = now()
  await tx.query(sql`
    UPDATE venue_entries SET status = 'completed', completed_at = ${at}, xp_earned = ${rewards?.xp ?? 0}, coins_earned = ${rewards?.coins ?? 0},
           reward_day = ${rewards ? day : null}, updated_at = ${at}
     WHERE id = ${open.id}`)
  await recordActivity(tx, user, 'venue_complete')
  await recordEvents(tx, user, [{ type: 'venue_completed', data: { venue_id: venue.id, entry_id: Number(open.id), paid: Boolean(rewards) } }])
  return { entry: { id: Number(open.id), status: 'completed' as const }, rewards, dailyLimitReached: !rewards }
}
