import { sql } from '@payloadcms/db-postgres'

import { levers, pressurePoints } from '../../collections/activity/StakesMaps'
import { now } from '../clock'
import type { Queryable, Tx } from '../db/transaction'
import { HttpError } from '../endpoints/http'
import type { Step } from './journey/steps'
import { journeyOf, openModule } from './journey/views'

export type Lever = (typeof levers)[number]
export type PressurePoint = (typeof pressurePoints)[number]

/** What a learner edits: the whole map (null clears a field). */
export type StakesMapFields = {
  situation: string | null
  pressurePoints: Record<PressurePoint, number | null>
  trigger: string | null
  lever: Lever | null
  actionStep: string | null
}

type Row = {
  id: number
  module_id: number
  situation: string | null
  pressure: string | null
  visibility: string | null
  irreversibility: string | null
  control: string | null
  trigger: string | null
  lever: Lever | null
  action_step: string | null
  source: 'lesson' | 'learner'
  lesson_session_id: string | null
  revision: string
  updated_at: string
}

const columns = sql`id, module_id, situation, pressure_points_pressure AS pressure, pressure_points_visibility AS visibility,
  pressure_points_irreversibility AS irreversibility, pressure_points_control AS control, trigger, lever, action_step,
  source, lesson_session_id, revision, updated_at`

const num = (v: string | null) => (v == null ? null : Number(v))

function view(row: Row, module: { id: number; code: string; name: string }) {
  return {
    module,
    situation: row.situation,
    pressurePoints: { pressure: num(row.pressure), visibility: num(row.visibility), irreversibility: num(row.irreversibility), control: num(row.control) },
    trigger: row.trigger,
    lever: row.lever,
    actionStep: row.action_step,
    source: row.source,
    lessonSessionId: row.lesson_session_id,
    revision: Number(row.revision),
    updatedAt: new Date(row.updated_at).toISOString(),
  }
}

export type StakesMapView = ReturnType<typeof view>

/** Which stakes-map fields the module's published flow fills; empty when the module has no map. */
async function mappedFields(tx: Tx, moduleId: number): Promise<string[]> {
  const rows = await tx.query<{ field: string }>(sql`
    SELECT DISTINCT s.stakes_map_field AS field
      FROM guided_flows f JOIN guided_flows_steps s ON s._parent_id = f.id
     WHERE f.module_id = ${moduleId} AND f._status = 'published' AND s.stakes_map_field IS NOT NULL`)
  return rows.map((r) => r.field)
}

/**
 * When a guided lesson completes: the answers of the steps its flow (as copied into the
 * session) maps to the stakes map fill the learner's map of that module. A map the learner has
 * edited is theirs and stays as it is; one only the lesson wrote is refilled by a later run.
 */
export async function fillFromLesson(tx: Tx, user: number, moduleId: number, sessionId: string, steps: Step[], answers: Record<string, unknown>): Promise<boolean> {
  const filled: Record<string, unknown> = {}
  for (const step of steps) {
    if (!step.stakesMapField) continue
    const answer = answers[step.fieldName || step.stepId]
    if (answer === undefined || answer === '') continue
    filled[step.stakesMapField] = answer
  }
  if (!Object.keys(filled).length) return false
  const text = (key: string) => (typeof filled[key] === 'string' ? (filled[key] as string) : null)
  const point = (key: string) => (typeof filled[key] === 'number' ? (filled[key] as number) : null)
  const lever = (levers as readonly string[]).includes(filled.lever as string) ? (filled.lever as Lever) : null
  const at = now()
  const [row] = await tx.query<{ id: number }>(sql`
    INSERT INTO stakes_maps (user_id, module_id, situation, pressure_points_pressure, pressure_points_visibility, pressure_points_irreversibility,
                             pressure_points_control, trigger, lever, action_step, source, lesson_session_id, revision, created_at, updated_at)
    VALUES (${user}, ${moduleId}, ${text('situation')}, ${point('pressure')}, ${point('visibility')}, ${point('irreversibility')},
            ${point('control')}, ${text('trigger')}, ${lever}, ${text('actionStep')}, 'lesson', ${sessionId}, 1, ${at}, ${at})
    ON CONFLICT (user_id, module_id) DO UPDATE SET
      situation = EXCLUDED.situation, pressure_points_pressure = EXCLUDED.pressure_points_pressure,
      pressure_points_visibility = EXCLUDED.pressure_points_visibility, pressure_points_irreversibility = EXCLUDED.pressure_points_irreversibility,
      pressure_points_control = EXCLUDED.pressure_points_control, trigger = EXCLUDED.trigger, lever = EXCLUDED.lever,
      action_step = EXCLUDED.action_step, lesson_session_id = EXCLUDED.lesson_session_id,
      revision = stakes_maps.revision + 1, updated_at = EXCLUDED.updated_at
    WHERE stakes_maps.source = 'lesson'
    RETURNING id`)
  return Boolean(row)
}

/** GET /api/learn/stakes-maps/:moduleId — the caller's map of an open module that has one. */
export async function getStakesMap(tx: Tx, user: number, moduleId: number): Promise<StakesMapView> {
  const module = openModule(await journeyOf(tx, user), moduleId)
  const [row] = await tx.query<Row>(sql`SELECT ${columns} FROM stakes_maps WHERE user_id = ${user} AND module_id = ${module.id}`)
  if (!row) {
    const applies = (await mappedFields(tx, module.id)).length > 0
    throw applies
      ? new HttpError(404, 'not_found', `No stakes map yet: finish the guided lesson of module ${module.code}, or write one.`)
      : new HttpError(404, 'no_stakes_map', `Module ${module.code} has no stakes map.`)
  }
  return view(row, { id: module.id, code: module.code, name: module.name })
}

/**
 * PUT /api/learn/stakes-maps/:moduleId — the learner's own version of the whole map (it then
 * stays theirs: a later lesson run does not overwrite it). With `revision`, a write based on
 * an older revision is refused (409), so two devices cannot silently undo each other.
 */
export async function putStakesMap(tx: Tx, user: number, moduleId: number, fields: StakesMapFields, revision?: number): Promise<{ created: boolean; map: StakesMapView }> {
  const module = openModule(await journeyOf(tx, user), moduleId)
  if (!(await mappedFields(tx, module.id)).length) throw new HttpError(404, 'no_stakes_map', `Module ${module.code} has no stakes map.`)
  const [current] = await tx.query<{ revision: string }>(sql`SELECT revision FROM stakes_maps WHERE user_id = ${user} AND module_id = ${module.id} FOR UPDATE`)
  if (revision !== undefined && Number(current?.revision ?? 0) !== revision) {
    throw new HttpError(409, 'revision_conflict', 'The stakes map changed since you read it; read it again and reapply your edit.', { revision: Number(current?.revision ?? 0) })
  }
  const at = now()
  const p = fields.pressurePoints
  const [row] = await tx.query<Row>(sql`
    INSERT INTO stakes_maps (user_id, module_id, situation, pressure_points_pressure, pressure_points_visibility, pressure_points_irreversibility,
                             pressure_points_control, trigger, lever, action_step, source, revision, created_at, updated_at)
    VALUES (${user}, ${module.id}, ${fields.situation}, ${p.pressure}, ${p.visibility}, ${p.irreversibility}, ${p.control},
            ${fields.trigger}, ${fields.lever}, ${fields.actionStep}, 'learner', 1, ${at}, ${at})
    ON CONFLICT (user_id, module_id) DO UPDATE SET
      situation = EXCLUDED.situation, pressure_points_pressure = EXCLUDED.pressure_points_pressure,
      pressure_points_visibility = EXCLUDED.pressure_points_visibility, pressure_points_irreversibility = EXCLUDED.pressure_points_irreversibility,
      pressure_points_control = EXCLUDED.pressure_points_control, trigger = EXCLUDED.trigger, lever = EXCLUDED.lever,
      action_step = EXCLUDED.action_step, source = 'learner', revision = stakes_maps.revision + 1, updated_at = EXCLUDED.updated_at
    RETURNING ${columns}`)
  return { created: !current, map: view(row as Row, { id: module.id, code: module.code, name: module.name }) }
}

/**
 * The learner's stakes maps as lines for an AI prompt (coach, milestone scoring): what they
 * are preparing for, in their words. Most recently touched first; `moduleIds` narrows them.
 */
export async function stakesMapContext(db: Queryable, user: number, options: { moduleIds?: number[]; limit?: number } = {}): Promise<string[]> {
  const only = options.moduleIds ? sql` AND s.module_id IN (${sql.join(options.moduleIds.length ? options.moduleIds.map((id) => sql`${id}`) : [sql`NULL`], sql`, `)})` : sql``
  const rows = await db.query<Row & { code: string; name: string }>(sql`
    SELECT s.situation, s.pressure_points_pressure AS pressure, s.pressure_points_visibility AS visibility,
           s.pressure_points_irreversibility AS irreversibility, s.pressure_points_control AS control, s.trigger, s.lever,
           s.action_step, m.code, m.name
      FROM stakes_maps s JOIN modules m ON m.id = s.module_id
     WHERE s.user_id = ${user}${only}
     ORDER BY s.updated_at DESC LIMIT ${options.limit ?? 3}`)
  return rows.map((r) => {
    const points = pressurePoints.filter((k) => r[k] != null).map((k) => `${k} ${r[k]}/5`)
    const parts = [
      r.situation ? `situation: ${r.situation.slice(0, 600)}` : '',
      points.length ? `pressure points: ${points.join(', ')}` : '',
      r.trigger ? `trigger: ${r.trigger}` : '',
      r.lever ? `chosen lever: ${r.lever}` : '',
      r.action_step ? `next action: ${r.action_step.slice(0, 400)}` : '',
    ].filter(Boolean)
    return `The learner's stakes map (module ${r.code}, ${r.name}) — ${parts.join('; ')}.`
  })
}
