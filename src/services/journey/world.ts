import { sql } from '@payloadcms/db-postgres'

import { now } from '../../clock'
import type { Queryable, Tx } from '../../db/transaction'
import { toZoneState, zoneAt } from '../activity/timezone'

export type Level = { id: number; number: number; name: string; milestoneThreshold: number }
export type District = { id: number; number: number; name: string; description: string | null; unlockRequirement: string | null }
export type Module = {
  id: number
  levelId: number
  code: string
  name: string
  order: number
  xpReward: number
  description: string | null
  unlocksVenue: { id: number; name: string } | null
}
export type Venue = {
  id: number
  districtId: number
  name: string
  slug: string
  kind: 'standard' | 'amphitheatre'
  description: string | null
  ticketCost: number
  xpReward: number
  coinReward: number
  order: number
}

/** The published world: what every learner sees, read in one statement (not per district or module). */
export type World = { levels: Level[]; districts: District[]; modules: Module[]; venues: Venue[] }

/**
 * The published world changes when an author publishes, which is rare next to learner reads,
 * so each process keeps it in memory. Saving or deleting a level, district, module or venue
 * drops this process's copy at once (src/hooks/invalidateWorld.ts); other app nodes pick the
 * change up within `WORLD_TTL_MS`. An expired copy is still served while one background
 * statement refreshes it, so no request waits for the reload (measured: waiting for it put the
 * dashboard's p99 over 50 ms).
 */
export const WORLD_TTL_MS = 15_000
let cached: { world: World; loadedAt: number; generation: number } | undefined
/** The load in flight, shared: one statement refreshes the copy, not one per request. */
let loading: { promise: Promise<World>; generation: number } | undefined
let generation = 0

export function invalidateWorld(): void {
  generation += 1
  cached = undefined
  loading = undefined
}

function refresh(db: Queryable): Promise<World> {
  if (loading && loading.generation === generation) return loading.promise
  const seen = generation
  const startedAt = Date.now()
  const promise = loadWorld(db).then(
    (world) => {
      if (seen === generation) cached = { world, loadedAt: startedAt, generation: seen }
      if (loading?.promise === promise) loading = undefined
      return world
    },
    (error: unknown) => {
      if (loading?.promise === promise) loading = undefined
      throw error
    },
  )
  loading = { promise, generation: seen }
  return promise
}

/**
 * The world, from memory when possible. `db` must be outside any transaction (autocommit): a
 * background refresh may outlive the request.
 *
 * `inTransaction`: the caller's transaction, when the caller holds one. A caller that must wait
 * for the world (no copy yet: a cold process, or an edit just dropped it) then reads it in its
 * own transaction instead of waiting for a statement on a second pool connection. Waiting for a
 * second connection while holding one deadlocks the pool as soon as as many transactions as it
 * has connections wait at once: each holds a connection, and the shared load needs one more.
 * `npm run bench` hung that way on its first exercise submissions against a fresh server.
 */
export async function cachedWorld(db: Queryable, inTransaction?: Queryable): Promise<World> {
  const current = cached && cached.generation === generation ? cached : undefined
  if (current && Date.now() - current.loadedAt < WORLD_TTL_MS) return current.world
  if (!current && inTransaction) return loadInto(inTransaction)
  const load = refresh(db)
  if (!current) return load
  load.catch(() => undefined) // a failed background refresh is retried by the next request
  return current.world
}

/** A load in the caller's transaction (not shared: its statement ends with that transaction); kept like a refresh. */
async function loadInto(tx: Queryable): Promise<World> {
  const seen = generation
  const startedAt = Date.now()
  const world = await loadWorld(tx)
  if (seen === generation && !(cached && cached.generation === seen && cached.loadedAt > startedAt)) cached = { world, loadedAt: startedAt, generation: seen }
  return world
}

export async function loadWorld(tx: Queryable): Promise<World> {
  const [row] = await tx.query<World>(sql`
    SELECT
      (SELECT COALESCE(json_agg(json_build_object('id', id, 'number', number, 'name', name, 'milestoneThreshold', milestone_threshold) ORDER BY number), '[]')
         FROM levels WHERE _status = 'published') AS levels,
      (SELECT COALESCE(json_agg(json_build_object('id', id, 'number', number, 'name', name, 'description', description, 'unlockRequirement', unlock_requirement) ORDER BY number), '[]')
         FROM districts WHERE _status = 'published') AS districts,
      (SELECT COALESCE(json_agg(json_build_object('id', m.id, 'levelId', m.level_id, 'code', m.code, 'name', m.name, 'order', m."order",
                 'xpReward', m.xp_reward, 'description', m.description,
                 'unlocksVenue', CASE WHEN v.id IS NULL THEN NULL ELSE json_build_object('id', v.id, 'name', v.name) END)
               ORDER BY m.level_id, m."order", m.id), '[]')
         FROM modules m LEFT JOIN venues v ON v.id = m.unlocks_venue_id AND v._status = 'published'
        WHERE m._status = 'published') AS modules,
      (SELECT COALESCE(json_agg(json_build_object('id', id, 'districtId', district_id, 'name', name, 'slug', slug, 'kind', kind,
                 'description', description, 'ticketCost', ticket_cost, 'xpReward', xp_reward, 'coinReward', coin_reward, 'order', "order")
               ORDER BY district_id, "order", id), '[]')
         FROM venues WHERE _status = 'published') AS venues`)
  return row as World
}

export type Progress = { moduleId: number; started: boolean; completed: boolean; lastActivityAt: string | null }

/** One learner's state in the world, also in one statement. */
export type Learner = {
  id: number
  variant: 'A' | 'B'
  timezone: string
  hud: { xp: number; coins: number; tickets: number; learnerLevel: number; streak: { current: number; longest: number }; streakFreezes: number }
  progress: Map<number, Progress>
  venueUnlocks: Set<number>
  districtAccess: Set<number>
  milestonesPassed: Set<number>
}

export type LearnerRow = {
  id: number
  variant: 'A' | 'B' | null
  timezone: string | null
  timezone_previous: string | null
  timezone_changes_at: string | null
  xp: string
  coins: string
  tickets: string
  level: string
  current: string
  longest: string
  freezes: string
  progress: Progress[]
  venues: number[]
  districts: number[]
  passed: number[]
}

/** The learner's columns and state as SQL select items over a `users` row aliased `u`. */
export const learnerColumns = sql`u.id, u.profile_ab_variant AS variant, u.profile_timezone AS timezone, u.timezone_previous, u.timezone_changes_at, u.xp, u.coins, u.tickets,
  u.learner_level AS level, u.current_streak AS current, u.longest_streak AS longest, u.streak_freezes AS freezes,
  (SELECT COALESCE(json_agg(json_build_object('moduleId', p.module_id, 'started', p.started, 'completed', p.completed, 'lastActivityAt', p.last_activity_at)), '[]')
     FROM user_progress p WHERE p.user_id = u.id) AS progress,
  (SELECT COALESCE(json_agg(venue_id), '[]') FROM venue_unlocks WHERE user_id = u.id) AS venues,
  (SELECT COALESCE(json_agg(district_id), '[]') FROM district_access WHERE user_id = u.id) AS districts,
  (SELECT COALESCE(json_agg(DISTINCT level_id), '[]') FROM milestone_attempts WHERE user_id = u.id AND passed) AS passed`

export function toLearner(r: LearnerRow): Learner {
  return {
    id: Number(r.id),
    variant: r.variant ?? 'A',
    // The zone the learner's day follows now (a new one waits for the next local day).
    timezone: zoneAt(toZoneState(r), now()),
    hud: {
      xp: Number(r.xp),
      coins: Number(r.coins),
      tickets: Number(r.tickets),
      learnerLevel: Number(r.level),
      streak: { current: Number(r.current), longest: Number(r.longest) },
      streakFreezes: Number(r.freezes),
    },
    progress: new Map(r.progress.map((p) => [Number(p.moduleId), p])),
    venueUnlocks: new Set(r.venues.map(Number)),
    districtAccess: new Set(r.districts.map(Number)),
    milestonesPassed: new Set(r.passed.map(Number)),
  }
}

export async function loadLearner(tx: Tx, user: number, options: { lock?: boolean } = {}): Promise<Learner | null> {
  const lock = options.lock ? sql` FOR UPDATE` : sql``
  // Named: read on nearly every learner request, and planned for longer than it runs.
  const [r] = await tx.query<LearnerRow>(sql`SELECT ${learnerColumns} FROM users u WHERE u.id = ${user}${lock}`, options.lock ? 'learner-journey-lock' : 'learner-journey')
  return r ? toLearner(r) : null
}
