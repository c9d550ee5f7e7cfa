import { sql } from '@payloadcms/db-postgres'

import { now } from '../../clock'
import type { Tx } from '../../db/transaction'
import { HttpError } from '../../endpoints/http'
import { addDays, localDay, startOfLocalDay } from '../activity/days'
import { recordActivity } from '../activity/record'
import { grant } from '../economy/ledger'
import { recordEvents } from '../events'
import { requireOwnRecording } from '../recordings'
import { journeyOf } from '../journey/views'
import { philosopher } from './philosopher'
import { buildPlan } from './plan'
import type { ExerciseContent, PromptContent, Slot, Tier } from './plan'

type SessionRow = { id: number; visit_number: string; tier: Tier; status: 'active' | 'completed'; points: string; current_index: string; plan: { slots: Slot[] }; completed_at: string | null }
type RecordRow = {
  id: number
  exercise_id: number
  exercise_key: string
  sequence_index: string
  state: 'pending' | 'done'
  selections: unknown
  markers: unknown
  reflection_text: string | null
  recording_id: number | null
  philosopher_response: string | null
  best_score: string
  completed_at: string | null
}

/** The amphitheatre needs an open amphitheatre venue (its module's unlock or district access). */
async function requireAccess(tx: Tx, user: number, lock = false) {
  const journey = await journeyOf(tx, user, { lock })
  const venues = journey.world.venues.filter((v) => v.kind === 'amphitheatre')
  if (!venues.some((v) => journey.venueOpen(v))) {
    throw new HttpError(403, 'amphitheatre_locked', 'Unlock the amphitheatre first (complete the module that opens it).')
  }
  return journey
}

async function content(tx: Tx): Promise<{ exercises: ExerciseContent[]; prompts: PromptContent[] }> {
  const found = await tx.payload.find({ collection: 'amphitheatre-exercises', where: { _status: { equals: 'published' } }, depth: 0, pagination: false, overrideAccess: true, req: tx.req })
  const exercises = found.docs.map((e) => ({
    id: Number(e.id),
    key: e.key,
    title: e.title,
    rotationOrder: Number(e.rotationOrder ?? 0),
    timedDelivery: Boolean((e as { timedDelivery?: boolean }).timedDelivery),
    hint: (e as { hint?: { title?: string | null; body?: string | null } }).hint
      ? { title: (e as { hint: { title?: string | null } }).hint.title ?? null, body: (e as { hint: { body?: string | null } }).hint.body ?? null }
      : null,
    components: (e.components ?? []) as unknown[],
  }))
  const prompts = await tx.query<PromptContent>(sql`
    SELECT id, exercise_id AS "exerciseId", key, tier, headline, scenario, why_it_matters AS "whyItMatters", rotating_prompt AS "rotatingPrompt"
      FROM amphitheatre_prompts WHERE _status = 'published'`)
  return { exercises, prompts: prompts.map((p) => ({ ...p, id: Number(p.id), exerciseId: Number(p.exerciseId) })) }
}

/** The plan the next visit will have (the hub's preview and the session it becomes agree: the pick is seeded). */
async function nextPlan(tx: Tx, user: number) {
  const [count] = await tx.query<{ n: string }>(sql`SELECT count(*) AS n FROM amphitheatre_sessions WHERE user_id = ${user}`)
  const last = await tx.query<{ exercise_id: number; prompt_key: string }>(sql`
    SELECT r.exercise_id, r.prompt_key FROM amphitheatre_records r
     WHERE r.session_id = (SELECT id FROM amphitheatre_sessions WHERE user_id = ${user} AND status = 'completed' ORDER BY completed_at DESC, created_at DESC LIMIT 1)`)
  const { exercises, prompts } = await content(tx)
  return {
    plan: buildPlan({ user, visit: Number(count?.n ?? 0) + 1, exercises, prompts, lastPromptByExercise: new Map(last.map((r) => [Number(r.exercise_id), r.prompt_key])) }),
    exercises,
  }
}

async function activeSession(tx: Tx, user: number): Promise<SessionRow | undefined> {
  const [row] = await tx.query<SessionRow>(sql`
    SELECT id, visit_number, tier, status, points, current_index, plan, completed_at FROM amphitheatre_sessions WHERE user_id = ${user} AND status = 'active'`)
  return row
}

/**
 * POST /api/learn/amphitheatre/sessions — the active session, or the next visit. The learner's
 * row is locked, so parallel starts queue and all get the one session (a partial unique index
 * backs this up).
 */
export async function startSession(tx: Tx, user: number) {
  await requireAccess(tx, user, true)
  const active = await activeSession(tx, user)
  if (active) return { created: false, session: await sessionView(tx, user, Number(active.id)) }
  const { plan } = await nextPlan(tx, user)
  if (!plan.slots.length) throw new HttpError(409, 'amphitheatre_unavailable', 'The amphitheatre has no published exercises yet.')
  const at = now()
  const [session] = await tx.query<{ id: number }>(sql`
    INSERT INTO amphitheatre_sessions (user_id, visit_number, tier, status, points, current_index, plan, created_at, updated_at)
    VALUES (${user}, ${plan.visit}, ${plan.tier}, 'active', 0, 0, ${JSON.stringify({ slots: plan.slots })}::jsonb, ${at}, ${at}) RETURNING id`)
  const id = Number(session?.id)
  for (const slot of plan.slots) {
    await tx.query(sql`
      INSERT INTO amphitheatre_records (session_id, user_id, exercise_id, exercise_key, prompt_key, sequence_index, state, best_score, created_at, updated_at)
      VALUES (${id}, ${user}, ${slot.exerciseId}, ${slot.key}, ${slot.prompt?.key ?? null}, ${slot.sequenceIndex}, 'pending', 0, ${at}, ${at})`)
  }
  await recordEvents(tx, user, [{ type: 'amphitheatre_session_started', data: { session_id: id, visit_number: plan.visit, depth_tier: plan.tier, exercise_ids: plan.slots.map((s) => s.key) } }])
  return { created: true, session: await sessionView(tx, user, id) }
}

async function sessionOf(tx: Tx, user: number, id: number, lock: boolean): Promise<SessionRow> {
  const forUpdate = lock ? sql` FOR UPDATE` : sql``
  const [row] = await tx.query<SessionRow>(sql`
    SELECT id, visit_number, tier, status, points, current_index, plan, completed_at FROM amphitheatre_sessions WHERE id = ${id} AND user_id = ${user}${forUpdate}`)
  if (!row) throw new HttpError(404, 'not_found', 'No such session.')
  return row
}

/** GET /api/learn/amphitheatre/sessions/:id — the plan with each exercise's state (the learner's own only). */
export async function sessionView(tx: Tx, user: number, id: number) {
  const s = await sessionOf(tx, user, id, false)
  const records = await tx.query<RecordRow>(sql`
    SELECT id, exercise_id, exercise_key, sequence_index, state, selections, markers, reflection_text, recording_id, philosopher_response, best_score, completed_at
      FROM amphitheatre_records WHERE session_id = ${id} ORDER BY sequence_index`)
  const byIndex = new Map(records.map((r) => [Number(r.sequence_index), r]))
  return {
    sessionId: Number(s.id),
    status: s.status,
    visitNumber: Number(s.visit_number),
    tier: s.tier,
    points: Number(s.points),
    currentIndex: Number(s.current_index),
    exercises: s.plan.slots.map((slot) => {
      const r = byIndex.get(slot.sequenceIndex)
      return {
        ...slot,
        state: r?.state ?? 'pending',
        selections: r?.selections ?? null,
        markers: r?.markers ?? null,
        reflectionText: r?.reflection_text ?? null,
        // A link, never audio in the body.
        recording: r?.recording_id ? { id: Number(r.recording_id), url: `/api/recordings/${r.recording_id}` } : null,
        philosopherResponse: r?.philosopher_response ?? null,
        bestScore: Number(r?.best_score ?? 0),
        completedAt: r?.completed_at ? new Date(r.completed_at).toISOString() : null,
      }
    }),
  }
}

export type Submission = {
  exerciseKey: string
  selections: Record<string, unknown>
  markers: { durationSec?: number; pauseCount?: number; energy?: 'low' | 'medium' | 'high' }
  reflectionText: string
  recordingId?: number
}

/**
 * POST /api/learn/amphitheatre/sessions/:id/submissions — rule 6. The score (completion 1, +1
 * for a timed delivery with a duration, +1 for a reflection) is compared with the record's best:
 * only a rise counts, and the rise is paid as XP once (the ledger key names the new best). A
 * completed session refuses submissions (409). The session row is locked throughout.
 */
export async function submit(tx: Tx, user: number, sessionId: number, input: Submission) {
  const journey = await requireAccess(tx, user)
  const s = await sessionOf(tx, user, sessionId, true)
  if (s.status === 'completed') throw new HttpError(409, 'session_completed', 'This session is complete; start your next visit.')
  const slot = s.plan.slots.find((x) => x.key === input.exerciseKey)
  if (!slot) throw new HttpError(404, 'not_found', 'That exercise is not part of this session.')
  if (input.recordingId !== undefined) {
    await requireOwnRecording(tx, user, input.recordingId)
  }
  const [record] = await tx.query<RecordRow>(sql`
    SELECT id, best_score FROM amphitheatre_records WHERE session_id = ${sessionId} AND sequence_index = ${slot.sequenceIndex} FOR UPDATE`)
  if (!record) throw new HttpError(404, 'not_found', 'That exercise is not part of this session.')
  const reflection = input.reflectionText.trim()
  const completion = 1 + (slot.timedDelivery && (input.markers.durationSec ?? 0) > 0 ? 1 : 0)
  const score = completion + (reflection ? 1 : 0)
  const best = Number(record.best_score)
  const rise = Math.max(0, score - best)
  // Rule 6: a visit can always be started again, so the XP, not the visits, is bounded per day.
  const allowance = await amphitheatreXpLeftToday(tx, user, journey.learner.timezone)
  const xp = Math.min(rise, allowance)
  const reply = philosopher(slot.key, input)
  const at = now()
  await tx.query(sql`
    UPDATE amphitheatre_records SET state = 'done', selections = ${JSON.stringify(input.selections)}::jsonb, markers = ${JSON.stringify(input.markers)}::jsonb,
           reflection_text = ${reflection || null}, recording_id = ${input.recordingId ?? null}, philosopher_response = ${reply},
           best_score = ${best + rise}, completed_at = ${at}, updated_at = ${at}
     WHERE id = ${record.id}`)
  if (xp > 0) {
    await grant(tx, { user, currency: 'xp', amount: xp, reason: 'amphitheatre', sourceType: 'amphitheatre-records', sourceId: record.id, key: `amphitheatre:${record.id}:${best + rise}` })
  }
  const [pending] = await tx.query<{ n: string }>(sql`SELECT count(*) AS n FROM amphitheatre_records WHERE session_id = ${sessionId} AND state <> 'done'`)
  const completed = Number(pending?.n ?? 0) === 0
  const points = Number(s.points) + rise
  await tx.query(sql`
    UPDATE amphitheatre_sessions SET points = ${points}, current_index = GREATEST(current_index, ${slot.sequenceIndex + 1}),
           status = ${completed ? 'completed' : 'active'}, completed_at = ${completed ? at : null}, updated_at = ${at}
     WHERE id = ${sessionId}`)
  await recordActivity(tx, user, 'amphitheatre_submission')
  const events = [{ type: 'amphitheatre_exercise_submitted' as const, data: { session_id: sessionId, exercise_id: slot.key, score: score, xp_earned: xp } }]
  if (completed) {
    await recordEvents(tx, user, [...events, { type: 'amphitheatre_session_completed', data: { session_id: sessionId, visit_number: Number(s.visit_number), total_points: points } }])
  } else await recordEvents(tx, user, events)
  return { philosopherResponse: reply, score, bestScore: best + rise, xpEarned: xp, xpLeftToday: allowance - xp, sessionStatus: completed ? 'completed' : 'active', points }
}

/**
 * What is left of `amphitheatreXpPerDay` on the learner-local day of `now()`, from the ledger's
 * amphitheatre rows of that day. A learner has one active session at a time and `submit` holds
 * its row, so two submissions never read the same allowance.
 */
async function amphitheatreXpLeftToday(tx: Tx, user: number, timezone: string): Promise<number> {
  const at = now()
  const day = localDay(at, timezone)
  const [row] = await tx.query<{ cap: string | null; paid: string | null }>(sql`
    SELECT (SELECT amphitheatre_xp_per_day FROM economy LIMIT 1) AS cap,
           (SELECT sum(delta) FROM reward_ledger
             WHERE user_id = ${user} AND reason = 'amphitheatre' AND currency = 'xp'
               AND created_at >= ${startOfLocalDay(day, timezone)} AND created_at < ${startOfLocalDay(addDays(day, 1), timezone)}) AS paid`)
  const cap = row?.cap == null ? 30 : Number(row.cap)
  return Math.max(0, cap - Number(row?.paid ?? 0))
}

/** GET /api/learn/amphitheatre — the hub: visits, streak, points, today's hint, the next plan, resume, recent reflections. */
export async function hub(tx: Tx, user: number) {
  const journey = await requireAccess(tx, user)
  const active = await activeSession(tx, user)
  const [stats] = await tx.query<{ visits: string; points: string; last: string | null }>(sql`
    SELECT (SELECT count(*) FROM amphitheatre_sessions WHERE user_id = ${user}) AS visits,
           (SELECT COALESCE(sum(points), 0) FROM amphitheatre_sessions WHERE user_id = ${user}) AS points,
           (SELECT max(completed_at) FROM amphitheatre_records WHERE user_id = ${user}) AS last`)
  const reflections = await tx.query<{ exercise_key: string; reflection_text: string; completed_at: string }>(sql`
    SELECT exercise_key, reflection_text, completed_at FROM amphitheatre_records
     WHERE user_id = ${user} AND reflection_text IS NOT NULL ORDER BY completed_at DESC LIMIT 3`)
  const { plan, exercises } = active ? { plan: null, exercises: (await content(tx)).exercises } : await nextPlan(tx, user)
  const slots = active ? active.plan.slots : (plan?.slots ?? [])
  const first = exercises.find((e) => e.id === slots[0]?.exerciseId)
  return {
    visits: Number(stats?.visits ?? 0),
    streak: journey.learner.hud.streak,
    lastPracticeAt: stats?.last ? new Date(stats.last).toISOString() : null,
    totalPoints: Number(stats?.points ?? 0),
    hint: slots.length
      ? { title: first?.hint?.title ?? 'Practice at the Amphitheatre', body: first?.hint?.body ?? "We'll keep it gentle and grounded.", count: slots.length, exerciseTitles: slots.map((x) => x.title) }
      : { title: 'Your practice awaits', body: "We'll choose a prompt as soon as you arrive.", count: 0, exerciseTitles: [] },
    resume: active ? { sessionId: Number(active.id), visitNumber: Number(active.visit_number) } : null,
    nextPlan: active ? null : plan,
    recentReflections: reflections.map((r) => ({ exercise: r.exercise_key, text: r.reflection_text, at: new Date(r.completed_at).toISOString() })),
  }
}
