import { sql } from '@payloadcms/db-postgres'
import { NotFound } from 'payload'

import { now } from '../../clock'
import type { Tx } from '../../db/transaction'
import { localDay } from './days'

export type DailyQuest = {
  id: number
  key: string
  title: string
  description: string | null
  activity: string
  progress: number
  target: number
  xpReward: number
  coinReward: number
  completed: boolean
}

/** Today's quests of a learner (their local day), created from the active definitions on first look. */
export async function todaysQuests(tx: Tx, user: number): Promise<{ day: string; quests: DailyQuest[] }> {
  const [row] = await tx.query<{ timezone: string | null }>(sql`SELECT profile_timezone AS timezone FROM users WHERE id = ${user}`)
  if (!row) throw new NotFound()
  const day = localDay(now(), row.timezone || 'UTC')
  const at = now()
  await tx.query(
    sql`INSERT INTO daily_quests (user_id, quest_definition_id, day, activity, progress, target, xp_reward, coin_reward, completed, created_at, updated_at)
        SELECT ${user}, d.id, ${day}, d.activity::text::enum_daily_quests_activity, 0, d.target, d.xp_reward, d.coin_reward, false, ${at}, ${at}
          FROM quest_definitions d WHERE d.active AND d._status = 'published'
        ON CONFLICT (user_id, quest_definition_id, day) DO NOTHING`,
  )
  const rows = await tx.query<{ id: number; key: string; title: string; description: string | null; activity: string; progress: string; target: string; xp: string; coins: string; completed: boolean }>(
    sql`SELECT q.id, d.key, d.title, d.description, q.activity, q.progress, q.target, q.xp_reward AS xp, q.coin_reward AS coins, q.completed
          FROM daily_quests q JOIN quest_definitions d ON d.id = q.quest_definition_id
         WHERE q.user_id = ${user} AND q.day = ${day}
         ORDER BY q.id`,
  )
  return {
    day,
    quests: rows.map((r) => ({
      id: Number(r.id),
      key: r.key,
      title: r.title,
      description: r.description,
      activity: r.activity,
      progress: Number(r.progress),
      target: Number(r.target),
      xpReward: Number(r.xp),
      coinReward: Number(r.coins),
      completed: r.completed,
    })),
  }
}
