import { now } from '../clock'
import { uuidv7 } from '../ids'
import { unstorableTextPath } from './clientJson'
import type { Queryable } from '../db/transaction'
import { isClientEventType } from '../events'
import { sql } from '@payloadcms/db-postgres'

export const MAX_BATCH = 500
const MAX_DATA_BYTES = 4096
/** Clocks on phones drift: an event may be this far in the future. */
const FUTURE_SKEW_MS = 5 * 60_000
/** Older events are refused: an offline queue older than this is stale, not analytics. */
const MAX_AGE_MS = 30 * 86_400_000
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-](\d{2}):(\d{2}))$/

/**
 * An RFC 3339 date-time with its offset, as the spec says (`format: date-time`). `new Date()`
 * alone also takes "Nov 25 2026" or "2026-11-25 10:00" and reads them in the server's own time
 * zone, and rolls February 30th over into March.
 */
export function isDateTime(text: string): boolean {
  const m = DATE_TIME.exec(text)
  if (!m) return false
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number]
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate()
  const offsetOk = m[9] === undefined || (Number(m[9]) <= 23 && Number(m[10]) <= 59)
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 60 && offsetOk
}

export type Rejection = { index: number; code: 'invalid_id' | 'unknown_type' | 'invalid_time' | 'data_too_large' | 'invalid_data' | 'duplicate_in_batch' }
export type IngestResult = { accepted: number; duplicates: number; rejected: Rejection[] }

/**
 * POST /api/learn/events: client events of the caller, validated one by one (a bad event is
 * reported by index, the rest still go in), then written with one INSERT … SELECT FROM unnest(…) … ON
 * CONFLICT (user_id, occurred_at, client_id) DO NOTHING, so a retried batch is stored once. The
 * user is always the caller, whatever the data says; an event the caller already sent (its id and
 * time) is a duplicate, never an update, and another learner's ids are theirs alone (neither a
 * duplicate nor a way to their rows).
 * Each row gets its own time-ordered id (src/ids.ts); the app's id is kept as `client_id`.
 */
export async function ingestEvents(db: Queryable, user: number, events: unknown[]): Promise<IngestResult> {
  const at = now()
  const rejected: Rejection[] = []
  const seen = new Set<string>()
  const rows: { id: string; type: string; occurredAt: Date; data: string }[] = []
  events.forEach((raw, index) => {
    const e = (raw ?? {}) as { id?: unknown; type?: unknown; occurredAt?: unknown; data?: unknown }
    if (typeof e.id !== 'string' || !UUID.test(e.id)) return void rejected.push({ index, code: 'invalid_id' })
    if (typeof e.type !== 'string' || !isClientEventType(e.type)) return void rejected.push({ index, code: 'unknown_type' })
    const occurred = typeof e.occurredAt === 'string' && isDateTime(e.occurredAt) ? new Date(e.occurredAt) : new Date(NaN)
    const age = at.getTime() - occurred.getTime()
    if (Number.isNaN(age) || age < -FUTURE_SKEW_MS || age > MAX_AGE_MS) return void rejected.push({ index, code: 'invalid_time' })
    // Absent is no data; null is not an object (the spec says `type: object`).
    const data = e.data === undefined ? {} : e.data
    // PostgreSQL's jsonb takes neither NUL nor an unpaired surrogate: one such event would fail the whole INSERT.
    if (typeof data !== 'object' || data === null || Array.isArray(data) || unstorableTextPath(data)) return void rejected.push({ index, code: 'invalid_data' })
    let json: string
    try {
      json = JSON.stringify(data)
    } catch {
      // Nested deeper than JSON.stringify can recurse: far over the size limit anyway.
      return void rejected.push({ index, code: 'data_too_large' })
    }
    if (Buffer.byteLength(json) > MAX_DATA_BYTES) return void rejected.push({ index, code: 'data_too_large' })
    const id = e.id.toLowerCase()
    // The same event twice in one batch (its id and time, as the unique index knows events).
    const identity = `${id} ${occurred.getTime()}`
    if (seen.has(identity)) return void rejected.push({ index, code: 'duplicate_in_batch' })
    seen.add(identity)
    rows.push({ id, type: e.type, occurredAt: occurred, data: json })
  })
  if (!rows.length) return { accepted: 0, duplicates: 0, rejected }
  // The rows go in as four arrays, not as a VALUES list of 7 parameters per row: PostgreSQL
  // parses and plans a 500-row VALUES list (3,500 parameters) anew for every batch, which cost
  // more than storing the rows (`npm run bench`, events path). `sql.param` binds each array as
  // one parameter (drizzle would spread a bare array into a list). Its text never changes, so
  // it is prepared once per connection.
  const inserted = await db.query<{ id: string }>(sql`
    INSERT INTO analytics_events (id, client_id, type, user_id, occurred_at, data, source, created_at, updated_at)
    SELECT e.id, e.client_id, e.type, ${user}::integer, e.occurred_at, e.data, 'client'::enum_analytics_events_source, ${at}::timestamptz, ${at}::timestamptz
      FROM unnest(${sql.param(rows.map(() => uuidv7()))}::varchar[], ${sql.param(rows.map((r) => r.id))}::varchar[], ${sql.param(rows.map((r) => r.type))}::varchar[],
                  ${sql.param(rows.map((r) => r.occurredAt))}::timestamptz[], ${sql.param(rows.map((r) => r.data))}::jsonb[]) AS e(id, client_id, type, occurred_at, data)
    ON CONFLICT (user_id, occurred_at, client_id) DO NOTHING RETURNING id`, 'ingest-events')
  return { accepted: inserted.length, duplicates: rows.length - inserted.length, rejected }
}
