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
 * Rule 11: XP earned this ISO week, the top N plus the caller's own rank, from the weekly totals
 * the ledger keeps (collections/activity/WeeklyXp). Ties share a rank (1 + how many have more),
 * so the top holds everyone tied with the N-th and may be longer than N. Both parts are range
 * scans of the (week, xp) index: the top from the highest XP down to the N-th total, a rank
 * from the row's XP up.
 */
export async function weeklyLeaderboard(tx: Tx, me: number, limit = 50): Promise<Leaderboard> {
  const { from, to } = isoWeek(now())
  const rows = await tx.query<{ user_id: number; xp: string; rank: string; name: string }>(
    sql`WITH board AS (
          SELECT user_id, xp FROM weekly_xp
           WHERE week_start = ${from} AND xp > 0
             AND xp >= COALESCE((SELECT n.xp FROM weekly_xp n WHERE n.week_start = ${from} AND n.xp > 0
                                  ORDER BY n.xp DESC OFFSET ${limit - 1} LIMIT 1), 0)
          UNION
          SELECT user_id, xp FROM weekly_xp WHERE user_id = ${me} AND week_start = ${from} AND xp > 0
        )
        SELECT b.user_id, b.xp, COALESCE(NULLIF(u.display_name, ''), u.username) AS name,
               1 + (SELECT count(*) FROM weekly_xp h WHERE h.week_start = ${from} AND h.xp > b.xp) AS rank
          FROM board b JOIN users u ON u.id = b.user_id
         ORDER BY rank, b.user_id`,
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
