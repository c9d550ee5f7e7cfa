import { sql } from '@payloadcms/db-postgres'

import type { Tx } from '../../db/transaction'
import { KeptCopies } from './keptCopies'

/** A venue's published task sheet as a learner gets it with an entry. */
export type LearnerTaskSheet = { id: number; title: string; description: string | null; exercises: unknown }

/** Venues kept at most; the oldest kept is dropped first. */
const MAX_KEPT = 1000

/**
 * A venue's published task sheets, kept per process and checked against the database on every
 * use, as knowledge blocks are (./knowledgeBlocks.ts, which says why).
 *
 * Every venue entry answers with the venue's sheets. Payload reads them with one statement that
 * joins every task block type (PostgreSQL planned it for 0.9 ms of its 1.2 ms per call in
 * `npm run bench -- --only=venue --pg-stats`, the most expensive statement of an entry), and
 * then walks every field of the result in Node. Instead each entry asks one indexed question
 * in the caller's transaction, which sheets of the venue are published and when each was last
 * saved, and the kept copy answers only when it is of exactly those saves: a sheet saved,
 * published, unpublished, deleted or moved to another venue (on this node or any other) is
 * read again through the Local API, in the same transaction.
 *
 * The copies are shared: callers must not change them.
 */
const kept = new KeptCopies<{ saves: string; sheets: readonly LearnerTaskSheet[] }>(MAX_KEPT)

const savesOf = (rows: { id: number | string; updated_at: string | Date }[]): string =>
  rows.map((r) => `${Number(r.id)}@${new Date(r.updated_at).getTime()}`).join(',')

export async function venueTaskSheets(tx: Tx, venueId: number): Promise<readonly LearnerTaskSheet[]> {
  const rows = await tx.query<{ id: number; updated_at: string | Date }>(
    sql`SELECT id, updated_at FROM venue_task_sheets WHERE venue_id = ${venueId} AND _status = 'published' ORDER BY id`,
    'venue-task-sheets-saved-at',
  )
  const saves = savesOf(rows)
  const copy = kept.get(venueId)
  if (copy && copy.saves === saves) return copy.sheets
  const found = await tx.payload.find({
    collection: 'venue-task-sheets',
    where: { and: [{ venue: { equals: venueId } }, { _status: { equals: 'published' } }] },
    sort: 'order',
    depth: 0,
    pagination: false,
    overrideAccess: false,
    user: tx.req.user,
    req: tx.req,
  })
  const sheets = found.docs.map((s) => ({ id: s.id, title: s.title, description: s.description ?? null, exercises: s.exercises }))
  // Kept only when the read saw the saves the check saw (a save can land between the two).
  const read = savesOf([...found.docs].sort((a, b) => a.id - b.id).map((d) => ({ id: d.id, updated_at: d.updatedAt })))
  if (read === saves) kept.keep(venueId, { saves, sheets })
  return sheets
}

/** Drops every kept copy (the benchmark's statement checks start from a cold process). */
export function forgetTaskSheets(): void {
  kept.clear()
}
