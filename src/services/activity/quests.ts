import { sql } from '@payloadcms/db-postgres'
import { NotFound } from 'payload'

import { now } from '../../clock'
import type { Queryable } from '../../db/transaction'
import { localDay } from './days'
import { toZoneState, zoneAt, zoneColumns } from './timezone'
import type { ZoneRow } from './timezone'

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

export type QuestRow = { id: number; key: string; title: string; description: string | null; activity: string; progress: string; target: string; xp: string; coins: string; completed: boolean }

/**
 * Today's quests of a learner (their local day), created from the active definitions on first
 * look. One statement: the insert of missing instances and the read share it (the read sees the
 * rows that existed before; the inserted ones come back through RETURNING). Pass the learner's
 * time zone when the caller already has it, to save the lookup.
 */
export async function todaysQuests(tx: Queryable, user: number, timezone?: string | null): Promise<{ day: string; quests: DailyQuest[] }> {
  let zone = timezone
  if (zone === undefined) {
    const [row] = await tx.query<ZoneRow>(sql`SELECT ${zoneColumns('u')} FROM users u WHERE u.id = ${user}`)
    if (!row) throw new NotFound()
    zone = zoneAt(toZoneState(row), now())
  }
  const day = localDay(now(), zone || 'UTC')
  const at = now()
  const rows = await tx.query<QuestRow>(sql`
    WITH added AS (
      INSERT INTO daily_quests (user_id, quest_definition_id, day, activity, progress, target, xp_reward, coin_reward, completed, created_at, updated_at)
      SELECT ${user}, d.id, ${day}, d.activity::text::enum_daily_quests_activity, 0, d.target, d.xp_reward, d.coin_reward, false, ${at}, ${at}
        FROM quest_definitions d WHERE d.active AND d._status = 'published'
      ON CONFLICT (user_id, quest_definition_id, day) DO NOTHING
      RETURNING id, quest_definition_id, activity, progress, target, xp_reward, coin_reward, completed
    ), today AS (
      SELECT id, quest_definition_id, activity, progress, target, xp_reward, coin_reward, completed
        FROM daily_quests WHERE user_id = ${user} AND day = ${day}
      UNION ALL SELECT * FROM added
    )
    SELECT q.id, d.key, d.title, d.description, q.activity, q.progress, q.target, q.xp_reward AS xp, q.coin_reward AS coins, q.completed
      FROM today q JOIN quest_definitions d ON d.id = q.quest_definition_id
     ORDER BY q.id`)
  return { day, quests: rows.map(toQuest) }
}

export const toQuest = (r: QuestRow): DailyQuest => ({
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
})
