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
 * so the top holds everyone tied with the N-th (`WITH TIES`) and may be longer than N. The top
 * is a backward scan of the (week, xp) index that stops after the N-th total, ranked as it is
 * read; only a caller outside it costs a count, of the totals above theirs. Nothing here reads
 * every learner of the week (a first version's cutoff filter, estimated at a third of them,
 * scanned `weekly_xp` whole). Named: it runs on every board request, and planning was a sixth
 * of its time. N is in the text (and the name), not a parameter: a named statement runs its
 * generic plan (src/db/sessionOptions.ts), which cannot see a parameter's value, and planned for
 * an unknown N it read a tenth of the week's totals and hashed every user to name them (the
 * board fell from 665 to 393 requests/s in `npm run bench`).
 */
export async function weeklyLeaderboard(tx: Tx, me: number, limit = 50): Promise<Leaderboard> {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error('the board holds a positive whole number of places')
  const { from, to } = isoWeek(now())
  const rows = await tx.query<{ user_id: number; xp: string; rank: string; name: string }>(
    sql`WITH top AS (
          SELECT user_id, xp, rank() OVER (ORDER BY xp DESC) AS rank
            FROM (SELECT user_id, xp FROM weekly_xp
                   WHERE week_start = ${from} AND xp > 0
                   ORDER BY xp DESC FETCH FIRST ${sql.raw(String(limit))} ROWS WITH TIES) t
        ), board AS (
          SELECT user_id, xp, rank FROM top
          UNION ALL
          SELECT w.user_id, w.xp, 1 + (SELECT count(*) FROM weekly_xp h WHERE h.week_start = ${from} AND h.xp > w.xp)
            FROM weekly_xp w
           WHERE w.user_id = ${me} AND w.week_start = ${from} AND w.xp > 0
             AND NOT EXISTS (SELECT 1 FROM top WHERE top.user_id = w.user_id)
        )
        SELECT b.user_id, b.xp, b.rank, COALESCE(NULLIF(u.display_name, ''), u.username) AS name
          FROM board b JOIN users u ON u.id = b.user_id
         ORDER BY b.rank, b.user_id`,
    `weekly-leaderboard-${limit}`,
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
