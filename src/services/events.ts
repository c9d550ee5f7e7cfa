import { sql } from '@payloadcms/db-postgres'

import { now } from '../clock'
import { uuidv7 } from '../ids'
import type { Tx } from '../db/transaction'
import type { EventType } from '../events'

export type ServerEvent = { type: EventType; data?: Record<string, unknown> }

/**
 * Records analytics events of one learner in the caller's transaction (one row each), so an
 * event exists exactly when the action it describes committed. Payloads hold ids and codes,
 * never personal data.
 */
export async function recordEvents(tx: Tx, user: number | null, events: ServerEvent[]): Promise<void> {
  if (!events.length) return
  const at = now()
  const rows = events.map(
    (e) => sql`(${uuidv7()}, ${e.type}, ${user}, ${at}, ${JSON.stringify(e.data ?? {})}::jsonb, 'server', ${at}, ${at})`,
  )
  // Named by row count (the text depends on nothing else): most actions record one or two.
  await tx.query(
    sql`INSERT INTO analytics_events (id, type, user_id, occurred_at, data, source, created_at, updated_at)
        VALUES ${sql.join(rows, sql`, `)}`,
    `server-events-${rows.length}`,
  )
}
