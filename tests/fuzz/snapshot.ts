import type { Pool } from 'pg'

/**
 * Every table of the public schema as (row count, md5 of its rows in order): two snapshots that
 * differ mean something was written in between.
 */
export type Snapshot = Map<string, string>

/**
 * Tables that refused requests legitimately change:
 * - `rate_limit_counters`: sign-up, login, landing chat, coach and feedback count a hit before
 *   (or regardless of) validation, so a flood of bad requests is limited too (issue 9 allows it).
 * Payload's own `payload_preferences` and `payload_locked_documents` stay in: no API request of
 * the fuzzer may touch them.
 */
export const ALLOWED_TO_CHANGE = new Set(['rate_limit_counters'])

export async function tablesOf(pool: Pool): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  )
  return rows.map((r) => r.name).filter((name) => !ALLOWED_TO_CHANGE.has(name))
}

export async function snapshot(pool: Pool, tables: string[]): Promise<Snapshot> {
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`
  const sql = tables
    .map((t, i) => `SELECT ${i} AS i, count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS digest FROM ${quote(t)} t`)
    .join(' UNION ALL ')
  const { rows } = await pool.query<{ i: number; digest: string }>(sql)
  return new Map(rows.map((r) => [tables[r.i]!, r.digest]))
}

/** Tables whose digest differs, with their row counts before → after. */
export function changes(before: Snapshot, after: Snapshot): string[] {
  return [...before.keys()]
    .filter((t) => before.get(t) !== after.get(t))
    .map((t) => `${t} (rows ${before.get(t)?.split(':')[0]} → ${after.get(t)?.split(':')[0]})`)
}
