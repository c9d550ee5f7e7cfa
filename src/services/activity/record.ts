import { sql } from '@payloadcms/db-postgres'
import { NotFound } from 'payload'

import type { Activity } from '../../activities'
import { now } from '../../clock'
import type { Tx } from '../../db/transaction'
import { grantAll, spend } from '../economy/ledger'
import { addDays } from './days'
import { learnerDay, skippedDay, toZoneState, zoneColumns } from './timezone'
import type { ZoneRow } from './timezone'

export type ActivityResult = {
  day: string
  streak: { current: number; longest: number; freezeUsed: boolean }
  questsCompleted: number[]
}

/**
 * Every feature calls this, in its own transaction, when a learner does something that counts
 * (DESIGN §4 activities). It keeps the streak (rule 7) and advances today's quests (rule 8).
 * The learner's row is locked first, so two activities of one learner never race (an UPDATE
 * that changes no key takes NO KEY UPDATE, as the ledger locks it: see
 * src/services/economy/ledger.ts for why not FOR UPDATE).
 */
export async function recordActivity(tx: Tx, user: number, activity: Activity): Promise<ActivityResult> {
  const at = now()
  // The lock is an UPDATE that also moves the learner's last counted action forward: the floor
  // below which no client-claimed time is believed (src/services/clientTime.ts).
  const [row] = await tx.query<ZoneRow & { current_streak: string; longest_streak: string; last_day: string | null; freezes: string }>(
    sql`UPDATE users u SET last_action_at = GREATEST(u.last_action_at, ${at}::timestamptz)
         WHERE u.id = ${user}
     RETURNING ${zoneColumns('u')}, u.current_streak, u.longest_streak, u.streak_freezes AS freezes,
               to_char(u.last_active_day AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS last_day`,
    'activity-lock',
  )
  if (!row) throw new NotFound()
  const zone = toZoneState(row)
  const day = learnerDay(zone, at)
  const streak = await advanceStreak(tx, user, day, {
    current: Number(row.current_streak),
    longest: Number(row.longest_streak),
    lastDay: row.last_day,
    freezes: Number(row.freezes),
    skipped: skippedDay(zone),
  })
  const questsCompleted = await advanceQuests(tx, user, day, activity)
  return { day, streak, questsCompleted }
}

async function advanceStreak(
  tx: Tx,
  user: number,
  day: string,
  s: { current: number; longest: number; lastDay: string | null; freezes: number; skipped: string | null },
): Promise<ActivityResult['streak']> {
  if (s.lastDay === day) return { current: s.current, longest: s.longest, freezeUsed: false }
  // An action applied late (queued offline, trusted client time) on a day before the last
  // active one: that day was counted already or has passed; it neither extends nor breaks the
  // streak, and the last active day never moves backwards.
  if (s.lastDay && day < s.lastDay) return { current: s.current, longest: s.longest, freezeUsed: false }
  let current = 1
  let freezeUsed = false
  // A day a time-zone change jumped over (zones 24 h or more apart) was never there to miss.
  if (s.lastDay === addDays(day, -1) || (s.lastDay === addDays(day, -2) && s.skipped === addDays(day, -1))) {
    current = s.current + 1
  } else if (s.lastDay === addDays(day, -2) && s.freezes > 0) {
    // One missed day, bridged by a freeze (spent through the ledger, once per missed day).
    const missed = addDays(day, -1)
    await spend(tx, { user, currency: 'streak_freezes', amount: 1, reason: 'streak_freeze', sourceType: 'streak', sourceId: missed, key: `streak-freeze:${missed}` })
    current = s.current + 1
    freezeUsed = true
  }
  const longest = Math.max(s.longest, current)
  await tx.query(
    sql`UPDATE users SET current_streak = ${current}, longest_streak = ${longest}, last_active_day = ${`${day}T00:00:00Z`}::timestamptz
         WHERE id = ${user}`,
    'activity-streak',
  )
  return { current, longest, freezeUsed }
}

/** Today's instances of the active definitions for this activity: +1 each; paid once on completion. */
async function advanceQuests(tx: Tx, user: number, day: string, activity: Activity): Promise<number[]> {
  const at = now()
  const advanced = await tx.query<{ id: number; definition: number; progress: string; target: string; xp: string; coins: string }>(
    sql`INSERT INTO daily_quests (user_id, quest_definition_id, day, activity, progress, target, xp_reward, coin_reward, completed, created_at, updated_at)
        SELECT ${user}, d.id, ${day}, d.activity::text::enum_daily_quests_activity, 1, d.target, d.xp_reward, d.coin_reward, false, ${at}, ${at}
          FROM quest_definitions d
         WHERE d.active AND d._status = 'published' AND d.activity::text = ${activity}
        ON CONFLICT (user_id, quest_definition_id, day)
        DO UPDATE SET progress = LEAST(daily_quests.target, daily_quests.progress + 1), updated_at = ${at}
         WHERE NOT daily_quests.completed
        RETURNING id, quest_definition_id AS definition, progress, target, xp_reward AS xp, coin_reward AS coins`,
    'activity-quests',
  )
  const completed: number[] = []
  for (const q of advanced) {
    if (Number(q.progress) < Number(q.target)) continue
    await tx.query(sql`UPDATE daily_quests SET completed = true, completed_at = ${at} WHERE id = ${q.id}`)
    const key = `quest:${q.definition}:${day}`
    const base = { user, reason: 'quest_complete', sourceType: 'daily-quests', sourceId: q.id }
    await grantAll(tx, [
      { ...base, currency: 'xp', amount: Number(q.xp), key: `${key}:xp` },
      { ...base, currency: 'coins', amount: Number(q.coins), key: `${key}:coins` },
    ])
    completed.push(Number(q.id))
  }
  return completed
}
