import { sql } from '@payloadcms/db-postgres'

import type { Tx } from '../db/transaction'
import { HttpError } from '../endpoints/http'

/** A recording the learner uploaded, or 404 (someone else's looks the same as none). */
export async function requireOwnRecording(tx: Tx, user: number, recordingId: number): Promise<void> {
  const [own] = await tx.query<{ id: number }>(sql`SELECT id FROM recordings WHERE id = ${recordingId} AND owner_id = ${user}`)
  if (!own) throw new HttpError(404, 'not_found', 'No such recording.')
}
