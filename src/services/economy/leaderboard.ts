import { sql } from '@payloadcms/db-postgres'

import { now } from '../../clock'
import type { Tx } from '../../db/transaction'

export type LeaderboardRow = { rank: number; user: number; name: string; xp: number }
export type Leaderboard = { period: 'week'; from: string; to: string; top: LeaderboardRow[]; me: LeaderboardRow | null }

/** Monday 00:00 UTC of the ISO week containing `at`, and the Monday after. One board for everyone. */
export function isoWeek(at: Date): { from: Date; to: Date } {
  const from = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()))
  from.setUTCDate(from.getUTCDate() - ((from.getUTCDay() + 6) % 7))
  const to = new Date(from)
  to.setUTCDate(to.getUTCDate() + 7)
  return { from, to }
}

/**
 * Rule 11: XP earned this ISO week, summed from the ledger (a partial covering index on XP rows
 * by time keeps this an index-only scan of one week), the top N plus the caller's own rank.
 */
export async function weeklyLeaderboard(tx: Tx, me: number, limit = 50): Promise<Leaderboard> {
  const { from, to } = isoWeek(now())
  const rows = await tx.query<{ user_id: number; xp: string; rank: string; name: string }>(
    sql`WITH totals AS (
          SELECT user_id, sum(delta) AS xp FROM reward_ledger
           WHERE currency = 'xp' AND created_at >= ${from} AND created_at < ${to}
           GROUP BY user_id HAVING sum(delta) > 0
        ), ranked AS (
          SELECT user_id, xp, rank() OVER (ORDER BY xp DESC) AS rank FROM totals
        )
        SELECT r.user_id, r.xp, r.rank, COALESCE(NULLIF(u.display_name, ''), u.username) AS name
          FROM ranked r JOIN users u ON u.id = r.user_id
         WHERE r.rank <= ${limit} OR r.user_id = ${me}
         ORDER BY r.rank, r.user_id`,
  )
  const toRow = (r: (typeof rows)[number]): LeaderboardRow => ({ rank: Number(r.rank), user: Number(r.user_id), name: r.name, xp: Number(r.xp) })
  const mine = rows.find((r) => Number(r.user_id) === me)
  return {
    period: 'week',
    from: from.toISOString(),
    to: to.toISOString(),
    top: rows.filter((r) => Number(r.rank) <= limit).map(toRow),
    me: mine ? toRow(mine) : null,
  }
}
