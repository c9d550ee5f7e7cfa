import fs from 'node:fs/promises'
import path from 'node:path'

import { sql } from '@payloadcms/db-postgres'
import type { Payload } from 'payload'
import { z } from 'zod'

import { structured, transcribe } from '../../ai/client'
import { now } from '../../clock'
import { autocommit, withTransaction } from '../../db/transaction'
import type { Tx } from '../../db/transaction'
import { HttpError } from '../../endpoints/http'
import { mediaDir } from '../../paths'
import { localDay } from '../activity/days'
import { recordActivity } from '../activity/record'
import { grantAll } from '../economy/ledger'
import { recordEvents } from '../events'
import { requireOwnRecording } from '../recordings'
import { journeyOf } from '../journey/views'
import { stakesMapContext } from '../stakesMaps'
import type { Level } from '../journey/world'

type AttemptRow = {
  id: number
  status: 'pending' | 'scored' | 'failed_to_score'
  score: string | null
  passed: boolean
  feedback: string | null
  clarity: string | null
  structure: string | null
  presence: string | null
  influence: string | null
  recording_id: number | null
  created_at: string
  scored_at: string | null
}

const attemptView = (a: AttemptRow) => ({
  id: Number(a.id),
  status: a.status,
  score: a.score === null ? null : Number(a.score),
  passed: a.passed,
  rubric:
    a.status === 'scored'
      ? { clarity: Number(a.clarity), structure: Number(a.structure), presence: Number(a.presence), influence: Number(a.influence) }
      : null,
  feedback: a.feedback,
  recording: a.recording_id === null ? null : Number(a.recording_id),
  submittedAt: new Date(a.created_at).toISOString(),
  scoredAt: a.scored_at ? new Date(a.scored_at).toISOString() : null,
})

const attemptColumns = sql`id, status, score, passed, feedback, rubric_clarity AS clarity, rubric_structure AS structure, rubric_presence AS presence,
  rubric_influence AS influence, recording_id, created_at, scored_at`

async function gate(tx: Tx, user: number, levelNumber: number, lock = false): Promise<{ level: Level; open: boolean; timezone: string }> {
  const journey = await journeyOf(tx, user, { lock })
  const level = journey.world.levels.find((l) => l.number === levelNumber)
  if (!level) throw new HttpError(404, 'not_found', `There is no level ${levelNumber}.`)
  return { level, open: journey.levelComplete(level.id), timezone: journey.learner.timezone }
}

/** GET /api/learn/milestones/:level — the gate (every module of the level complete) and the last 5 attempts. */
export async function milestoneView(tx: Tx, user: number, levelNumber: number) {
  const { level, open } = await gate(tx, user, levelNumber)
  const attempts = await tx.query<AttemptRow>(sql`
    SELECT ${attemptColumns} FROM milestone_attempts WHERE user_id = ${user} AND level_id = ${level.id} ORDER BY created_at DESC, id DESC LIMIT 5`)
  return {
    level: { number: level.number, name: level.name, threshold: level.milestoneThreshold },
    status: attempts.some((a) => a.passed) ? 'passed' : open ? 'available' : 'locked',
    attempts: attempts.map(attemptView),
  }
}

export type AttemptInput = { recordingId?: number; transcript?: string }

/**
 * POST /api/learn/milestones/:level/attempts (rule 5). Only after every module of the level is
 * complete (403 `milestone_locked`), at most `milestoneAttemptsPerDay` a learner-local day
 * (429 `daily_limit`). The attempt is stored `pending` and the scoring job is queued in the
 * same transaction; the learner polls the attempt.
 */
export async function submitAttempt(tx: Tx, user: number, levelNumber: number, input: AttemptInput) {
  const { level, open, timezone } = await gate(tx, user, levelNumber, true)
  if (!open) throw new HttpError(403, 'milestone_locked', 'Complete every module of this level first.')
  if (input.recordingId !== undefined) {
    await requireOwnRecording(tx, user, input.recordingId)
  }
  const day = localDay(now(), timezone)
  const [settings] = await tx.query<{ cap: string }>(sql`SELECT milestone_attempts_per_day AS cap FROM economy LIMIT 1`)
  const cap = settings ? Number(settings.cap) : 3
  const [today] = await tx.query<{ n: string }>(sql`SELECT count(*) AS n FROM milestone_attempts WHERE user_id = ${user} AND level_id = ${level.id} AND local_day = ${day}`)
  if (Number(today?.n ?? 0) >= cap) throw new HttpError(429, 'daily_limit', `At most ${cap} milestone attempts a day. Try again tomorrow.`)
  const at = now()
  const [attempt] = await tx.query<AttemptRow>(sql`
    INSERT INTO milestone_attempts (user_id, level_id, status, recording_id, transcript, passed, local_day, created_at, updated_at)
    VALUES (${user}, ${level.id}, 'pending', ${input.recordingId ?? null}, ${input.transcript ?? null}, false, ${day}, ${at}, ${at})
    RETURNING ${attemptColumns}`)
  const row = attempt as AttemptRow
  await tx.payload.jobs.queue({ task: 'scoreMilestone', input: { attempt: Number(row.id) }, queue: 'scoring', req: tx.req })
  await recordActivity(tx, user, 'milestone_attempt')
  await recordEvents(tx, user, [{ type: 'milestone_start', data: { level: level.number, attempt: Number(row.id) } }])
  return attemptView(row)
}

/** POST …/attempts/:id/retry — re-queues scoring of an attempt the AI could not score (not a new attempt). */
export async function retryAttempt(tx: Tx, user: number, levelNumber: number, attemptId: number) {
  const { level } = await gate(tx, user, levelNumber)
  const [row] = await tx.query<AttemptRow>(sql`
    UPDATE milestone_attempts SET status = 'pending', scoring_error = NULL, updated_at = ${now()}
     WHERE id = ${attemptId} AND user_id = ${user} AND level_id = ${level.id} AND status = 'failed_to_score'
     RETURNING ${attemptColumns}`)
  if (!row) {
    const [exists] = await tx.query<{ id: number }>(sql`SELECT id FROM milestone_attempts WHERE id = ${attemptId} AND user_id = ${user} AND level_id = ${level.id}`)
    if (!exists) throw new HttpError(404, 'not_found', 'No such attempt.')
    throw new HttpError(409, 'not_retryable', 'Only an attempt that could not be scored can be retried.')
  }
  await tx.payload.jobs.queue({ task: 'scoreMilestone', input: { attempt: Number(row.id) }, queue: 'scoring', req: tx.req })
  return attemptView(row)
}

const rubricSchema = z.object({
  clarity: z.number().int().min(0).max(100),
  structure: z.number().int().min(0).max(100),
  presence: z.number().int().min(0).max(100),
  influence: z.number().int().min(0).max(100),
  overall: z.number().min(0).max(100),
  coaching_note: z.string().min(1).max(2000),
})

/**
 * The scoring job: transcribe the recording (if any), ask the model for the rubric as
 * validated structured output, then mark the attempt and pay in one transaction. If either AI
 * step fails the attempt becomes `failed_to_score` — never a made-up score.
 */
export async function scoreAttempt(payload: Payload, attemptId: number): Promise<{ status: string; score?: number; passed?: boolean }> {
  const [attempt] = (
    await payload.db.pool.query<{ id: number; user_id: number; level_id: number; status: string; transcript: string | null; filename: string | null; mime_type: string | null; local_day: string }>(
      `SELECT a.id, a.user_id, a.level_id, a.status, a.transcript, r.filename, r.mime_type, a.local_day
         FROM milestone_attempts a LEFT JOIN recordings r ON r.id = a.recording_id WHERE a.id = $1`,
      [attemptId],
    )
  ).rows
  if (!attempt || attempt.status !== 'pending') return { status: attempt?.status ?? 'missing' }
  const fail = (error: string) =>
    payload.db.pool
      .query(`UPDATE milestone_attempts SET status = 'failed_to_score', scoring_error = $2, updated_at = now() WHERE id = $1 AND status = 'pending'`, [attemptId, error])
      .then(() => ({ status: 'failed_to_score' }))

  let transcript = attempt.transcript?.trim() ?? ''
  if (!transcript && attempt.filename) {
    const data = await fs.readFile(path.join(mediaDir('recordings'), path.basename(attempt.filename))).catch(() => null)
    if (!data) return fail('recording file missing')
    const heard = await transcribe({ data, filename: attempt.filename, mimeType: attempt.mime_type ?? 'audio/webm' })
    if (!heard.ok) return fail(`transcription: ${heard.reason}`)
    transcript = heard.value
    await payload.db.pool.query('UPDATE milestone_attempts SET transcript = $2 WHERE id = $1', [attemptId, transcript])
  }
  if (!transcript) return fail('nothing to score')
  // What the learner mapped in this level's modules: the moment the talk prepares them for.
  const levelModules = await payload.db.pool.query<{ id: number }>('SELECT id FROM modules WHERE level_id = $1', [attempt.level_id])
  const stakes = await stakesMapContext(autocommit(payload), attempt.user_id, { moduleIds: levelModules.rows.map((m) => Number(m.id)) })
  const rubric = await structured(rubricSchema, {
    system: [
      'You assess a high-stakes speaking milestone. Score 0–100 for clarity, structure, presence and influence, an overall score, and a short coaching note. JSON keys: clarity, structure, presence, influence, overall, coaching_note.',
      ...(stakes.length ? ['Use this context to judge relevance and to aim the coaching note; do not score the map itself.', ...stakes] : []),
    ].join('\n'),
    user: `Transcript of the talk:\n"""${transcript.slice(0, 12_000)}"""`,
  })
  if (!rubric.ok) return fail(`rubric: ${rubric.reason}`)
  const r = rubric.value

  return withTransaction(payload, async (tx) => {
    const [level] = await tx.query<{ number: string; threshold: string }>(sql`SELECT number, milestone_threshold AS threshold FROM levels WHERE id = ${attempt.level_id}`)
    const threshold = Number(level?.threshold ?? 70)
    const passed = r.overall >= threshold
    const [updated] = await tx.query<{ id: number }>(sql`
      UPDATE milestone_attempts SET status = 'scored', rubric_clarity = ${r.clarity}, rubric_structure = ${r.structure}, rubric_presence = ${r.presence},
             rubric_influence = ${r.influence}, score = ${r.overall}, passed = ${passed}, feedback = ${r.coaching_note}, scored_at = ${now()}, updated_at = ${now()}
       WHERE id = ${attemptId} AND status = 'pending' RETURNING id`)
    if (!updated) return { status: 'already scored' }
    const [economy] = await tx.query<{ pass_xp: string; pass_tickets: string; fail_xp: string }>(
      sql`SELECT milestone_pass_xp AS pass_xp, milestone_pass_tickets AS pass_tickets, milestone_fail_xp AS fail_xp FROM economy LIMIT 1`,
    )
    const user = attempt.user_id
    const base = { user, sourceType: 'milestone-attempts', sourceId: attemptId }
    // The ledger keys make the payments once-only (a second grant with a key is a replay that
    // changes nothing): the first pass of a level, and one fail a learner-local day.
    if (passed) {
      const key = `milestone-pass:${attempt.level_id}`
      const xp = Number(economy?.pass_xp ?? 100)
      const tickets = Number(economy?.pass_tickets ?? 3)
      await grantAll(tx, [
        { ...base, reason: 'milestone_pass', currency: 'xp', amount: xp, key: `${key}:xp` },
        { ...base, reason: 'milestone_pass', currency: 'tickets', amount: tickets, key: `${key}:tickets` },
      ])
    } else {
      const xp = Number(economy?.fail_xp ?? 25)
      await grantAll(tx, [{ ...base, reason: 'milestone_fail', currency: 'xp', amount: xp, key: `milestone-fail:${attempt.level_id}:${attempt.local_day}:xp` }])
    }
    await recordEvents(tx, user, [{ type: 'milestone_complete', data: { level: Number(level?.number), score: r.overall, passed } }])
    return { status: 'scored', score: r.overall, passed }
  })
}
