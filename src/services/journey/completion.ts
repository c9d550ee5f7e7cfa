import { sql } from '@payloadcms/db-postgres'

import { now } from '../../clock'
import type { Tx } from '../../db/transaction'
import { recordActivity } from '../activity/record'
import { grantAll } from '../economy/ledger'
import { recordEvents } from '../events'
import { enrollModuleBlocks } from '../review/reviews'
import type { ServerEvent } from '../events'
import type { Journey } from './status'
import type { Module } from './world'

export type Unlock =
  | { type: 'module'; id: number; code: string; name: string }
  | { type: 'venue'; id: number; name: string }
  | { type: 'district_full_access'; district: number; districtId: number }

export type Completion = { first: boolean; rewards: { xp: number; tickets: number } | null; unlocks: Unlock[] }

/**
 * Rule 1: the first completion of a module pays its XP and `ticketsPerModule` tickets, opens
 * the next module, the module's venue, and, after the level's last module, the whole district.
 * Everything happens in the caller's transaction; a second completion changes nothing (the
 * progress row says so, and the ledger keys would refuse a second payment anyway).
 */
export async function completeModule(tx: Tx, journey: Journey, module: Module): Promise<Completion> {
  const user = journey.learner.id
  const at = now()
  const [changed] = await tx.query<{ id: number }>(sql`
    INSERT INTO user_progress (user_id, module_id, started, started_at, completed, completed_at, last_activity_at, created_at, updated_at)
    VALUES (${user}, ${module.id}, true, ${at}, true, ${at}, ${at}, ${at}, ${at})
    ON CONFLICT (user_id, module_id) DO UPDATE SET completed = true, completed_at = EXCLUDED.completed_at,
      last_activity_at = EXCLUDED.last_activity_at, updated_at = EXCLUDED.updated_at
    WHERE user_progress.completed = false
    RETURNING id`, 'module-complete-progress')
  if (!changed) return { first: false, rewards: null, unlocks: [] }

  const [settings] = await tx.query<{ tickets: string | null }>(sql`SELECT tickets_per_module AS tickets FROM economy LIMIT 1`, 'economy-tickets-per-module')
  const tickets = settings?.tickets == null ? 1 : Number(settings.tickets)
  const base = { user, reason: 'module_complete', sourceType: 'module', sourceId: module.id }
  await grantAll(tx, [
    { ...base, currency: 'xp', amount: module.xpReward, key: `module:${module.id}:xp` },
    { ...base, currency: 'tickets', amount: tickets, key: `module:${module.id}:tickets` },
  ])

  const unlocks: Unlock[] = []
  const events: ServerEvent[] = [
    { type: 'lesson_complete', data: { module: module.code, moduleId: module.id } },
    { type: 'module_completed', data: { module: module.code, moduleId: module.id } },
  ]
  const levelModules = journey.modulesOf(module.levelId)
  const next = levelModules.find((m) => m.order > module.order || (m.order === module.order && m.id > module.id))
  if (next && !journey.isComplete(next)) {
    unlocks.push({ type: 'module', id: next.id, code: next.code, name: next.name })
    events.push({ type: 'module_unlocked_next', data: { module: next.code, moduleId: next.id } })
  }
  if (module.unlocksVenue) {
    const [added] = await tx.query<{ id: number }>(sql`
      INSERT INTO venue_unlocks (user_id, venue_id, module_id, created_at, updated_at)
      VALUES (${user}, ${module.unlocksVenue.id}, ${module.id}, ${at}, ${at})
      ON CONFLICT (user_id, venue_id) DO NOTHING RETURNING id`, 'module-venue-unlock')
    if (added) {
      unlocks.push({ type: 'venue', id: module.unlocksVenue.id, name: module.unlocksVenue.name })
      events.push({ type: 'venue_unlocked', data: { venue_id: module.unlocksVenue.id } })
    }
  }
  const levelDone = levelModules.every((m) => m.id === module.id || journey.isComplete(m))
  const district = journey.districtOfLevel(module.levelId)
  if (levelDone && district) {
    const [added] = await tx.query<{ id: number }>(sql`
      INSERT INTO district_access (user_id, district_id, created_at, updated_at)
      VALUES (${user}, ${district.id}, ${at}, ${at})
      ON CONFLICT (user_id, district_id) DO NOTHING RETURNING id`, 'module-district-access')
    if (added) {
      unlocks.push({ type: 'district_full_access', district: district.number, districtId: district.id })
      events.push({ type: 'district_full_access_granted', data: { district: district.number } })
    }
  }
  // Spaced review starts with what the module taught.
  await enrollModuleBlocks(tx, user, module.id)
  await recordActivity(tx, user, 'module_complete')
  await recordEvents(tx, user, events)
  return { first: true, rewards: { xp: module.xpReward, tickets }, unlocks }
}
