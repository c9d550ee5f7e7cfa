import { sql } from '@payloadcms/db-postgres'
import { PgDialect } from '@payloadcms/db-postgres/drizzle/pg-core'
import { NotFound } from 'payload'
import type { Payload } from 'payload'

import { now } from '../../clock'
import { uuidv7 } from '../../ids'
import { autocommit } from '../../db/transaction'
import type { Tx } from '../../db/transaction'
import { HttpError } from '../../endpoints/http'
import { todaysQuests, toQuest } from '../activity/quests'
import type { QuestRow } from '../activity/quests'
import { recordEvents } from '../events'
import type { ServerEvent } from '../events'
import { Journey } from './status'
import type { District, Module, Venue } from './world'
import { cachedWorld, learnerColumns, loadLearner, toLearner } from './world'
import type { LearnerRow } from './world'

export async function journeyOf(tx: Tx, user: number, options: { lock?: boolean } = {}): Promise<Journey> {
  const world = await cachedWorld(autocommit(tx.payload), tx)
  const learner = await loadLearner(tx, user, options)
  if (!learner) throw new NotFound()
  return new Journey(world, learner)
}

const moduleCard = (j: Journey, m: Module) => ({
  id: m.id,
  code: m.code,
  name: m.name,
  order: m.order,
  xpReward: m.xpReward,
  status: j.moduleStatus(m),
  unlocksVenue: m.unlocksVenue,
})

const venueCounts = (j: Journey, d: District) => {
  const venues = j.venuesOf(d)
  const unlocked = venues.filter((v) => j.venueOpen(v)).length
  return { total: venues.length, unlocked, locked: venues.length - unlocked }
}

type HomeRow = LearnerRow & { day: string; quests: QuestRow[] | null; missing_quests: string }

/**
 * GET /api/learn/home in a fixed number of statements, whatever the size of the world: the
 * world comes from memory (one statement every few seconds), and one statement reads the
 * learner, today's quests and records the `home_view` event. Only the first look of a
 * learner-local day adds one that creates the day's quest instances. Both writes are single
 * idempotent statements, so the endpoint runs them in autocommit mode: no BEGIN/COMMIT.
 */
let homeStatement: string | undefined

/** The home statement as text with $1 = now, $2 = user, $3 = event id, so it can be prepared once per connection. */
function homeSql(): string {
  homeStatement ??= `
    WITH u AS (
      SELECT *, to_char($1::timestamptz AT TIME ZONE (CASE WHEN timezone_changes_at > $1::timestamptz AND COALESCE(timezone_previous, '') <> ''
                                                           THEN timezone_previous ELSE COALESCE(NULLIF(profile_timezone, ''), 'UTC') END), 'YYYY-MM-DD') AS day
        FROM users WHERE id = $2
    ), viewed AS (
      INSERT INTO analytics_events (id, type, user_id, occurred_at, data, source, created_at, updated_at)
      SELECT $3, 'home_view', u.id, $1,
             jsonb_build_object('variant', COALESCE(u.profile_ab_variant::text, 'A'), 'view_mode', CASE WHEN u.profile_ab_variant = 'B' THEN 'map' ELSE 'districts' END),
             'server', $1, $1
        FROM u
      RETURNING id
    )
    SELECT ${new PgDialect().sqlToQuery(learnerColumns).sql}, u.day,
           (SELECT json_agg(json_build_object('id', q.id, 'key', d.key, 'title', d.title, 'description', d.description, 'activity', q.activity,
                   'progress', q.progress, 'target', q.target, 'xp', q.xp_reward, 'coins', q.coin_reward, 'completed', q.completed) ORDER BY q.id)
              FROM daily_quests q JOIN quest_definitions d ON d.id = q.quest_definition_id
             WHERE q.user_id = u.id AND q.day = u.day) AS quests,
           (SELECT count(*) FROM quest_definitions d
             WHERE d.active AND d._status = 'published'
               AND NOT EXISTS (SELECT 1 FROM daily_quests q WHERE q.user_id = u.id AND q.day = u.day AND q.quest_definition_id = d.id)) AS missing_quests,
           (SELECT count(*) FROM viewed) AS viewed
      FROM u`
  return homeStatement
}

export async function homeView(payload: Payload, user: number) {
  const db = autocommit(payload)
  const world = await cachedWorld(db)
  const at = now()
  // Prepared (named): planned once per connection; this is the hottest statement learners send.
  const { rows } = await payload.db.pool.query<HomeRow>({ name: 'learn-home', text: homeSql(), values: [at, user, uuidv7()] })
  const row = rows[0]
  if (!row) throw new NotFound()
  const learner = toLearner(row)
  const journey = new Journey(world, learner)
  const quests = Number(row.missing_quests) > 0 ? (await todaysQuests(db, user, learner.timezone)).quests : (row.quests ?? []).map(toQuest)
  const districts = world.districts.map((d) => {
    const level = journey.levelOf(d)
    return {
      id: d.id,
      number: d.number,
      name: d.name,
      description: d.description,
      unlockRequirement: d.unlockRequirement,
      status: journey.districtStatus(d),
      progressPercent: journey.progressPercent(d),
      fullAccess: learner.districtAccess.has(d.id),
      venues: venueCounts(journey, d),
      modules: journey.modulesOf(level?.id).map((m) => moduleCard(journey, m)),
    }
  })
  const resume = journey.resumeModule()
  const currentLevel = world.levels.find((l) => journey.milestoneStatus(l) !== 'passed') ?? world.levels[world.levels.length - 1]
  return {
    variant: learner.variant,
    hud: learner.hud,
    districts,
    resumeModule: resume ? { id: resume.id, code: resume.code, name: resume.name, status: journey.moduleStatus(resume), district: journey.districtOfLevel(resume.levelId)?.number ?? null } : null,
    quests,
    questDay: row.day,
    milestone: currentLevel
      ? { level: currentLevel.number, name: currentLevel.name, threshold: currentLevel.milestoneThreshold, status: journey.milestoneStatus(currentLevel) }
      : null,
  }
}

function districtByNumber(journey: Journey, number: number): District {
  const district = journey.world.districts.find((d) => d.number === number)
  if (!district) throw new HttpError(404, 'not_found', `There is no district ${number}.`)
  return district
}

/** GET /api/learn/districts/:number — the overview with module status and unlock hints. */
export async function districtView(tx: Tx, user: number, number: number) {
  const journey = await journeyOf(tx, user)
  const d = districtByNumber(journey, number)
  const modules = journey.modulesOf(journey.levelOf(d)?.id)
  await recordEvents(tx, user, [{ type: 'district_view', data: { district: d.number, mode: 'overview' } }])
  return {
    district: {
      id: d.id,
      number: d.number,
      name: d.name,
      description: d.description,
      unlockRequirement: d.unlockRequirement,
      status: journey.districtStatus(d),
      progressPercent: journey.progressPercent(d),
      fullAccess: journey.learner.districtAccess.has(d.id),
      venues: venueCounts(journey, d),
    },
    modules: modules.map((m) => ({
      ...moduleCard(journey, m),
      description: m.description,
      unlockHint: m.unlocksVenue ? `Complete ${m.name} to open ${m.unlocksVenue.name}.` : null,
    })),
  }
}

const venueCard = (journey: Journey, v: Venue) => {
  const by = journey.unlockedBy(v)
  const open = journey.venueOpen(v)
  return {
    id: v.id,
    name: v.name,
    slug: v.slug,
    kind: v.kind,
    description: v.description,
    order: v.order,
    access: open ? 'unlocked' : 'locked',
    ticketCost: v.kind === 'amphitheatre' ? 0 : v.ticketCost,
    rewards: { xp: v.xpReward, coins: v.coinReward },
    unlockHint: open ? null : by ? `Complete Module ${by.code} (${by.name}) to unlock.` : 'Complete the district to unlock.',
  }
}

/** GET /api/learn/districts/:number/venues — every venue with access, cost and rewards. */
export async function districtVenuesView(tx: Tx, user: number, number: number) {
  const journey = await journeyOf(tx, user)
  const d = districtByNumber(journey, number)
  await recordEvents(tx, user, [{ type: 'district_view', data: { district: d.number, mode: 'venues' } }])
  return { district: { id: d.id, number: d.number, name: d.name }, venues: journey.venuesOf(d).map((v) => venueCard(journey, v)) }
}

/** A published module the learner may open, or 404 / 403 `module_locked`. */
export function openModule(journey: Journey, moduleId: number): Module {
  const module = journey.world.modules.find((m) => m.id === moduleId)
  if (!module) throw new HttpError(404, 'not_found', 'No such module.')
  if (journey.moduleStatus(module) === 'locked') {
    throw new HttpError(403, 'module_locked', 'Complete the modules before this one first.', { module: module.id })
  }
  return module
}

/** Marks a module started (once) and touched; returns true the first time. */
export async function markStarted(tx: Tx, user: number, moduleId: number): Promise<boolean> {
  const at = now()
  const [row] = await tx.query<{ first: boolean }>(sql`
    INSERT INTO user_progress (user_id, module_id, started, started_at, completed, last_activity_at, created_at, updated_at)
    VALUES (${user}, ${moduleId}, true, ${at}, false, ${at}, ${at}, ${at})
    ON CONFLICT (user_id, module_id) DO UPDATE SET
      started = true,
      started_at = COALESCE(user_progress.started_at, EXCLUDED.started_at),
      last_activity_at = EXCLUDED.last_activity_at, updated_at = EXCLUDED.updated_at
    RETURNING (xmax = 0 OR started_at = ${at}) AS first`)
  return Boolean(row?.first)
}

/** GET /api/learn/modules/:id — the learn page; marks the module started. */
export async function moduleView(tx: Tx, user: number, moduleId: number) {
  const journey = await journeyOf(tx, user)
  const module = openModule(journey, moduleId)
  const first = await markStarted(tx, user, module.id)
  const [content] = await tx.query<{
    video_url: string | null
    video_media_url: string | null
    transcript: string | null
    duration: string | null
    blocks: { id: number; title: string; summary: string | null; order: number }[]
    flow: { id: number; version: string; steps: number } | null
  }>(sql`
    SELECT m.video_url, md.url AS video_media_url, m.transcript, m.duration_seconds AS duration,
           (SELECT COALESCE(json_agg(json_build_object('id', b.id, 'title', b.title, 'summary', b.summary, 'order', b."order") ORDER BY b."order", b.id), '[]')
              FROM knowledge_blocks b WHERE b.module_id = m.id AND b._status = 'published') AS blocks,
           (SELECT json_build_object('id', g.id, 'version', g.version, 'steps', (SELECT count(*) FROM guided_flows_steps s WHERE s._parent_id = g.id))
              FROM guided_flows g WHERE g.module_id = m.id AND g._status = 'published') AS flow
      FROM modules m LEFT JOIN media md ON md.id = m.video_media_id
     WHERE m.id = ${module.id}`)
  const events: ServerEvent[] = [{ type: 'module_learn_view', data: { module: module.code, moduleId: module.id } }]
  if (first) events.unshift({ type: 'lesson_start', data: { module: module.code, moduleId: module.id } })
  await recordEvents(tx, user, events)
  return {
    module: {
      id: module.id,
      code: module.code,
      name: module.name,
      description: module.description,
      xpReward: module.xpReward,
      status: journey.moduleStatus(module) === 'complete' ? 'complete' : 'in_progress',
      video: { url: content?.video_url ?? content?.video_media_url ?? null, transcript: content?.transcript ?? null, durationSeconds: Number(content?.duration ?? 0) },
      knowledgeBlocks: content?.blocks ?? [],
      guided: content?.flow ? { version: content.flow.version, totalSteps: Number(content.flow.steps) } : null,
    },
  }
}

/** GET /api/learn/modules/:id/next-block?after= — read-only: the block after `after`, or none (no wrap-around). */
export async function nextBlockView(tx: Tx, user: number, moduleId: number, after: number | undefined) {
  const journey = await journeyOf(tx, user)
  const module = openModule(journey, moduleId)
  let afterOrder: { order: number; id: number } | null = null
  if (after !== undefined) {
    const [b] = await tx.query<{ order: string; id: number }>(
      sql`SELECT "order", id FROM knowledge_blocks WHERE id = ${after} AND module_id = ${module.id} AND _status = 'published'`,
    )
    if (!b) throw new HttpError(404, 'not_found', 'That block is not part of this module.')
    afterOrder = { order: Number(b.order), id: Number(b.id) }
  }
  const cond = afterOrder ? sql`AND ("order", id) > (${afterOrder.order}, ${afterOrder.id})` : sql``
  const [next] = await tx.query<{ id: number; title: string; summary: string | null; order: string }>(sql`
    SELECT id, title, summary, "order" FROM knowledge_blocks
     WHERE module_id = ${module.id} AND _status = 'published' ${cond}
     ORDER BY "order", id LIMIT 1`)
  return { block: next ? { id: Number(next.id), title: next.title, summary: next.summary, order: Number(next.order) } : null, done: !next }
}
