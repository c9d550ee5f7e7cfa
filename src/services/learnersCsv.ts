import type { Pool } from 'pg'

export const csvViews = {
  core: ['id', 'username', 'email', 'role', 'created_at', 'profile_onboarding_completed', 'xp', 'learner_level', 'current_streak'],
  practice: ['id', 'username', 'profile_job_role', 'profile_typical_audience', 'profile_main_goal', 'profile_preferred_practice_time', 'profile_daily_goal_minutes', 'xp', 'coins', 'tickets', 'last_active_day'],
} as const
export type CsvView = keyof typeof csvViews

const MAX_ROWS = 10_000

/**
 * One CSV cell: always quoted (quotes doubled), and a value a spreadsheet would run as a
 * formula (starting with =, +, -, @, tab or carriage return) is prefixed with an apostrophe.
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return `"${text.replace(/"/g, '""')}"`
}

/** The learner list of the admin console as CSV: search over email, username, role and persona answers; at most 10,000 rows. */
export async function learnersCsv(pool: Pool, view: CsvView, q: string): Promise<string> {
  const columns = csvViews[view]
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  const { rows } = await pool.query(
    `SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM users
      WHERE $1 = '' OR email ILIKE $2 OR username ILIKE $2 OR role::text ILIKE $2 OR profile_typical_audience::text ILIKE $2
         OR profile_main_goal::text ILIKE $2 OR profile_preferred_practice_time::text ILIKE $2
      ORDER BY id LIMIT ${MAX_ROWS}`,
    [q, like],
  )
  const lines = [columns.map(csvCell).join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))]
  return `${lines.join('\r\n')}\r\n`
}
