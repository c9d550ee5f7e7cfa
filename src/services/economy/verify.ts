import type { Pool } from 'pg'

import { balanceColumn, currencies } from './currencies'

export type Mismatch = { user: number; currency: string; balance: number; ledger: number }

/** Every balance must equal the sum of its ledger rows (DESIGN §4). Returns the ones that do not. */
export async function findBalanceMismatches(pool: Pool): Promise<Mismatch[]> {
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
