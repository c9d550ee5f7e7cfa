import type { Pool } from 'pg'

import { balanceColumn, currencies } from './currencies'

export type Mismatch = { user: number; currency: string; balance: number; ledger: number }

/**
 * Every balance must equal the sum of its ledger rows (DESIGN §4), and every learner's XP of an
 * ISO week (`weekly_xp`, which the weekly leaderboard reads) the sum of that week's XP rows.
 * Returns the ones that do not; a weekly total's `currency` reads `weekly_xp:<Monday>`.
 */
export async function findBalanceMismatches(pool: Pool): Promise<Mismatch[]> {
  return [...(await balanceMismatches(pool)), ...(await weeklyXpMismatches(pool))]
}

async function balanceMismatches(pool: Pool): Promise<Mismatch[]> {
  const columns = currencies.map((c) => `('${c}', u.${balanceColumn[c]})`).join(', ')
  const { rows } = await pool.query<{ user: number; currency: string; balance: string; ledger: string }>(
    `SELECT u.id AS "user", b.currency, b.balance, COALESCE(l.total, 0) AS ledger
       FROM users u
       CROSS JOIN LATERAL (VALUES ${columns}) AS b(currency, balance)
       LEFT JOIN (SELECT user_id, currency::text AS currency, sum(delta) AS total FROM reward_ledger GROUP BY 1, 2) l
              ON l.user_id = u.id AND l.currency = b.currency
      WHERE b.balance <> COALESCE(l.total, 0)
      ORDER BY 1, 2`,
  )
  return rows.map((r) => ({ user: Number(r.user), currency: r.currency, balance: Number(r.balance), ledger: Number(r.ledger) }))
}

async function weeklyXpMismatches(pool: Pool): Promise<Mismatch[]> {
  // A restored backup older than the table: its migration fills it from the ledger later.
  const { rows: table } = await pool.query<{ exists: boolean }>(`SELECT to_regclass('weekly_xp') IS NOT NULL AS exists`)
  if (!table[0]?.exists) return []
  const { rows } = await pool.query<{ user: number; week: string; kept: string; ledger: string }>(
    `SELECT COALESCE(w.user_id, l.user_id) AS "user", to_char(COALESCE(w.week_start, l.week_start) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS week,
            COALESCE(w.xp, 0) AS kept, COALESCE(l.total, 0) AS ledger
       FROM weekly_xp w
       FULL JOIN (SELECT user_id, date_trunc('week', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS week_start, sum(delta) AS total
                    FROM reward_ledger WHERE currency = 'xp' GROUP BY 1, 2) l
         ON l.user_id = w.user_id AND l.week_start = w.week_start
      WHERE COALESCE(w.xp, 0) <> COALESCE(l.total, 0)
      ORDER BY 1, 2`,
  )
  return rows.map((r) => ({ user: Number(r.user), currency: `weekly_xp:${r.week}`, balance: Number(r.kept), ledger: Number(r.ledger) }))
}
