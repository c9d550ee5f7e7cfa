import { randomUUID } from 'node:crypto'

import { sql } from '@payloadcms/db-postgres'

import { now } from '../../clock'
import type { Tx } from '../../db/transaction'
import { HttpError } from '../../endpoints/http'
import { recordActivity } from '../activity/record'
import { recordEvents } from '../events'
import type { ServerEvent } from '../events'
import { fillFromLesson } from '../stakesMaps'
import { completeModule } from './completion'
import type { Completion } from './completion'
import type { Prompt, Step } from './steps'
import { fieldNameOf, normalizeAnswer, serializeStep } from './steps'
import { journeyOf, markStarted, openModule } from './views'

type SessionRow = {
  id: string
  module_id: number
  state: 'asking' | 'waiting' | 'completed'
  current_step_id: string | null
  current_index: number
  total_steps: number
  steps: Step[]
  answers: Record<string, unknown> | null
  current_prompt: Prompt | null
}

/** A session id: what `randomUUID` makes, and what apps that name sessions must send. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i

const notFound = () => new HttpError(404, 'not_found', 'No such lesson session.')

/** The caller's session, or 404: malformed ids and other learners' sessions look the same. */
async function sessionOf(tx: Tx, user: number, sessionId: string, lock: boolean): Promise<SessionRow> {
  if (!UUID.test(sessionId)) throw notFound()
  sessionId = sessionId.toLowerCase()
  const forUpdate = lock ? sql` FOR UPDATE` : sql``
  const [row] = await tx.query<SessionRow>(sql`
    SELECT id, module_id, state, current_step_id, current_index, total_steps, steps, answers, current_prompt
      FROM lesson_sessions WHERE id = ${sessionId} AND user_id = ${user}${forUpdate}`, lock ? 'lesson-session-lock' : 'lesson-session')
  if (!row) throw notFound()
  // numeric columns arrive as strings
  return { ...row, current_index: Number(row.current_index), total_steps: Number(row.total_steps) }
}

async function summaryOf(tx: Tx, sessionId: string) {
  const rows = await tx.query<{ step_id: string; field_name: string; value: unknown; created_at: string }>(sql`
    SELECT step_id, field_name, value, created_at FROM lesson_step_responses WHERE session_id = ${sessionId} ORDER BY created_at, id`, 'lesson-summary')
  return {
    stepsCompleted: rows.length,
    fields: rows.map((r) => ({ stepId: r.step_id, fieldName: r.field_name, value: r.value, recordedAt: new Date(r.created_at).toISOString() })),
  }
}

/**
 * POST /api/learn/lessons — starts a guided session of an unlocked module, or returns the
 * learner's open one for that module (so a double tap or a reload does not pile up sessions).
 * With a client-made `sessionId` it returns that session, or starts one under that id. The
 * flow's steps are copied into the session.
 */
export async function startLesson(tx: Tx, user: number, moduleId: number, sessionId?: string) {
  const journey = await journeyOf(tx, user, { lock: true })
  const module = openModule(journey, moduleId)
  if (sessionId) {
    // An app that started the lesson offline named the session itself, and its queued answers
    // use that id: the same id again is the same session; another learner's id is refused.
    const [named] = await tx.query<{ user_id: number; module_id: number }>(sql`SELECT user_id, module_id FROM lesson_sessions WHERE id = ${sessionId}`)
    if (named && (Number(named.user_id) !== user || Number(named.module_id) !== module.id)) {
      throw new HttpError(409, 'session_id_taken', 'This session id is already used; generate another.')
    }
    if (named) return { created: false, body: await lessonView(tx, user, sessionId) }
  } else {
    const [open] = await tx.query<{ id: string }>(sql`
      SELECT id FROM lesson_sessions WHERE user_id = ${user} AND module_id = ${module.id} AND state <> 'completed'
       ORDER BY created_at DESC LIMIT 1`)
    if (open) return { created: false, body: await lessonView(tx, user, open.id) }
  }

  const flows = await tx.payload.find({
    collection: 'guided-flows',
    where: { and: [{ module: { equals: module.id } }, { _status: { equals: 'published' } }] },
    depth: 0,
    limit: 1,
    pagination: false,
    overrideAccess: true,
    req: tx.req,
  })
  const flow = flows.docs[0]
  const steps = (flow?.steps ?? []) as unknown as Step[]
  if (!flow || !steps.length) throw new HttpError(404, 'guided_unavailable', `Module ${module.code} has no guided lesson yet.`)
  const snapshot = steps.map(({ id: _rowId, ...step }: Step & { id?: unknown }) => step)
  const id = sessionId ?? randomUUID()
  const first = snapshot[0] as Step
  const prompt = serializeStep(first, 0, snapshot.length)
  const at = now()
  await tx.query(sql`
    INSERT INTO lesson_sessions (id, user_id, module_id, flow_id, flow_version, steps, state, current_step_id, current_index, total_steps, answers, current_prompt, created_at, updated_at)
    VALUES (${id}, ${user}, ${module.id}, ${flow.id}, ${flow.version}, ${JSON.stringify(snapshot)}::jsonb, 'asking', ${first.stepId}, 0,
            ${snapshot.length}, '{}'::jsonb, ${JSON.stringify(prompt)}::jsonb, ${at}, ${at})`)
  const firstStart = await markStarted(tx, user, module.id)
  const events: ServerEvent[] = [{ type: 'lesson_guided_session_created', data: { module: module.code, session_id: id } }]
  if (firstStart) events.unshift({ type: 'lesson_guided_start', data: { module: module.code } })
  await recordEvents(tx, user, events)
  return {
    created: true,
    body: { sessionId: id, module: { id: module.id, code: module.code, name: module.name }, state: 'asking' as const, step: prompt, totalSteps: snapshot.length, flowVersion: flow.version },
  }
}

/** GET /api/learn/lessons/:sessionId — resume: the prompt the learner last saw, or the summary. */
export async function lessonView(tx: Tx, user: number, sessionId: string) {
  const s = await sessionOf(tx, user, sessionId, false)
  if (s.state === 'completed') return { sessionId: s.id, completed: true, state: s.state, summary: await summaryOf(tx, s.id) }
  return { sessionId: s.id, state: s.state, step: s.current_prompt, totalSteps: s.total_steps }
}

export type AnswerResult =
  | { kind: 'next'; body: { sessionId: string; state: 'asking'; nextStep: Prompt }; relay: { moduleCode: string; answered: Step; next: Step; answer: unknown } }
  | { kind: 'completed'; body: { sessionId: string; completed: true; state: 'completed'; summary: unknown; unlocks: Completion['unlocks']; rewards: Completion['rewards']; completionStep?: Prompt } }

/**
 * POST /api/learn/lessons/:sessionId/answers — the answer to the current step. The session row
 * is locked, so of two answers to one step exactly one is accepted (the other gets 409
 * `step_out_of_order`); the answer, the advance and any completion are one transaction.
 */
export async function answerStep(tx: Tx, user: number, sessionId: string, input: { stepId: string; value: unknown }): Promise<AnswerResult> {
  const s = await sessionOf(tx, user, sessionId, true)
  if (s.state === 'completed') throw new HttpError(409, 'session_completed', 'This lesson is already complete.')
  const journey = await journeyOf(tx, user)
  const module = openModule(journey, s.module_id)
  const steps = s.steps
  const step = steps[s.current_index]
  if (!step || !steps.some((x) => x.stepId === input.stepId)) throw new HttpError(422, 'unknown_step', 'Unknown stepId.')
  if (input.stepId !== s.current_step_id) throw new HttpError(409, 'step_out_of_order', 'Step order mismatch; refresh to resume.')
  const value = normalizeAnswer(step, input.value)
  const fieldName = fieldNameOf(step)
  const at = now()
  await tx.query(sql`
    INSERT INTO lesson_step_responses (session_id, user_id, step_id, field_name, value, created_at, updated_at)
    VALUES (${s.id}, ${user}, ${step.stepId}, ${fieldName}, ${JSON.stringify(value)}::jsonb, ${at}, ${at})`, 'lesson-step-response')
  await recordActivity(tx, user, 'lesson_step')
  const events: ServerEvent[] = [{ type: 'lesson_guided_step_submitted', data: { module: module.code, session_id: s.id, step_id: step.stepId } }]
  const answers = { ...(s.answers ?? {}), [fieldName]: value }
  const nextIndex = s.current_index + 1
  const next = steps[nextIndex]

  if (next && next.inputType !== 'complete') {
    const prompt = serializeStep(next, nextIndex, steps.length)
    await tx.query(sql`
      UPDATE lesson_sessions SET answers = ${JSON.stringify(answers)}::jsonb, current_index = ${nextIndex}, current_step_id = ${next.stepId},
             current_prompt = ${JSON.stringify(prompt)}::jsonb, state = 'asking', updated_at = ${at}
       WHERE id = ${s.id}`, 'lesson-session-next')
    await tx.query(sql`UPDATE user_progress SET last_activity_at = ${at}, updated_at = ${at} WHERE user_id = ${user} AND module_id = ${module.id}`, 'lesson-progress-touch')
    await recordEvents(tx, user, events)
    return { kind: 'next', body: { sessionId: s.id, state: 'asking', nextStep: prompt }, relay: { moduleCode: module.code, answered: step, next, answer: value } }
  }

  const completionStep = next ? serializeStep(next, nextIndex, steps.length) : undefined
  await tx.query(sql`
    UPDATE lesson_sessions SET answers = ${JSON.stringify(answers)}::jsonb, current_index = ${next ? nextIndex : s.current_index},
           current_step_id = NULL, current_prompt = NULL, state = 'completed', completed_at = ${at}, updated_at = ${at}
     WHERE id = ${s.id}`, 'lesson-session-complete')
  events.push({ type: 'lesson_guided_complete', data: { module: module.code, session_id: s.id } })
  await recordEvents(tx, user, events)
  const completion = await completeModule(tx, journey, module)
  await fillFromLesson(tx, user, module.id, s.id, steps, answers)
  return {
    kind: 'completed',
    body: {
      sessionId: s.id,
      completed: true,
      state: 'completed',
      summary: await summaryOf(tx, s.id),
      unlocks: completion.unlocks,
      rewards: completion.rewards,
      ...(completionStep ? { completionStep } : {}),
    },
  }
}

/** After the relay answered: show its words as the next prompt, if the learner is still there. */
export async function replaceCurrentPrompt(tx: Tx, user: number, sessionId: string, stepId: string, prompt: Prompt): Promise<void> {
  await tx.query(sql`
    UPDATE lesson_sessions SET current_prompt = ${JSON.stringify(prompt)}::jsonb, updated_at = ${now()}
     WHERE id = ${sessionId} AND user_id = ${user} AND current_step_id = ${stepId} AND state = 'asking'`)
}
