import fs from 'node:fs/promises'
import path from 'node:path'

import { sql } from '@payloadcms/db-postgres'
import type { Payload } from 'payload'

import { chatText, transcribe } from '../../ai/client'
import { now } from '../../clock'
import { withTransaction } from '../../db/transaction'
import type { Tx } from '../../db/transaction'
import { HttpError } from '../../endpoints/http'
import { mediaDir } from '../../paths'
import { recordEvents } from '../events'
import { requireOwnRecording } from '../recordings'

/**
 * POST /api/learn/amphitheatre/sessions/:id/transcriptions — asks for a transcript and a
 * delivery note on one exercise's take, from an uploaded recording or a transcript the app
 * already has. The work is a job; the record shows `pending`, then `done` or `failed` (ask
 * again to retry). Allowed on completed sessions too: it changes no score.
 */
export async function requestTranscription(tx: Tx, user: number, sessionId: number, input: { exerciseKey: string; recordingId?: number; transcript?: string }) {
  const [record] = await tx.query<{ id: number; transcription_status: string }>(sql`
    SELECT r.id, r.transcription_status FROM amphitheatre_records r JOIN amphitheatre_sessions s ON s.id = r.session_id
     WHERE r.session_id = ${sessionId} AND s.user_id = ${user} AND r.exercise_key = ${input.exerciseKey} FOR UPDATE OF r`)
  if (!record) throw new HttpError(404, 'not_found', 'No such exercise in your session.')
  if (record.transcription_status === 'pending') throw new HttpError(409, 'transcription_pending', 'A transcription of this take is already under way.')
  if (input.recordingId !== undefined) {
    await requireOwnRecording(tx, user, input.recordingId)
  }
  await tx.query(sql`
    UPDATE amphitheatre_records SET transcription_status = 'pending', transcription_error = NULL,
           recording_id = COALESCE(${input.recordingId ?? null}, recording_id), transcript = ${input.transcript ?? null}, updated_at = ${now()}
     WHERE id = ${record.id}`)
  await tx.payload.jobs.queue({ task: 'transcribeAmphitheatre', input: { record: Number(record.id) }, queue: 'scoring', req: tx.req })
  return { record: Number(record.id), transcriptionStatus: 'pending' as const }
}

/** The job: transcript (Whisper-style, unless one was given), then a two-sentence delivery note. */
export async function transcribeRecord(payload: Payload, recordId: number): Promise<{ status: string }> {
  const { rows } = await payload.db.pool.query<{ id: number; session_id: number; user_id: number; exercise_key: string; transcript: string | null; filename: string | null; mime_type: string | null; status: string }>(
    `SELECT a.id, a.session_id, a.user_id, a.exercise_key, a.transcript, r.filename, r.mime_type, a.transcription_status AS status
       FROM amphitheatre_records a LEFT JOIN recordings r ON r.id = a.recording_id WHERE a.id = $1`,
    [recordId],
  )
  const rec = rows[0]
  if (!rec || rec.status !== 'pending') return { status: rec?.status ?? 'missing' }
  const fail = async (error: string) => {
    await payload.db.pool.query(`UPDATE amphitheatre_records SET transcription_status = 'failed', transcription_error = $2, updated_at = now() WHERE id = $1 AND transcription_status = 'pending'`, [recordId, error])
    return { status: 'failed' }
  }
  let transcript = rec.transcript?.trim() ?? ''
  if (!transcript) {
    if (!rec.filename) return fail('nothing to transcribe')
    const data = await fs.readFile(path.join(mediaDir('recordings'), path.basename(rec.filename))).catch(() => null)
    if (!data) return fail('recording file missing')
    const heard = await transcribe({ data, filename: rec.filename, mimeType: rec.mime_type ?? 'audio/webm' })
    if (!heard.ok) return fail(`transcription: ${heard.reason}`)
    transcript = heard.value
  }
  const note = await chatText(
    {
      system: 'You are the Philosopher, a speaking coach. In exactly two short sentences, note one strength of this delivery and one thing to try next time.',
      user: `Exercise: ${rec.exercise_key}. What the speaker said: "${transcript.slice(0, 4000)}"`,
      maxTokens: 120,
    },
    '',
  )
  await withTransaction(payload, async (tx) => {
    await tx.query(sql`
      UPDATE amphitheatre_records SET transcript = ${transcript}, delivery_note = ${note.source === 'ai' ? note.text.slice(0, 1000) : null},
             transcription_status = ${note.source === 'ai' ? 'done' : 'failed'}, transcription_error = ${note.source === 'ai' ? null : 'note: unavailable'}, updated_at = ${now()}
       WHERE id = ${recordId}`)
    await recordEvents(tx, rec.user_id, [{ type: 'amphitheatre_transcription_saved', data: { session_id: rec.session_id, exercise_id: rec.exercise_key, has_analysis: note.source === 'ai' } }])
  })
  return { status: note.source === 'ai' ? 'done' : 'failed' }
}

/** GET /api/learn/amphitheatre/history?page= — past sessions, newest first; recordings as links, never inline audio. */
export async function history(tx: Tx, user: number, page: number, limit: number) {
  const [total] = await tx.query<{ n: string }>(sql`SELECT count(*) AS n FROM amphitheatre_sessions WHERE user_id = ${user}`)
  const sessions = await tx.query<{ id: number; visit_number: string; tier: string; status: string; points: string; created_at: string; completed_at: string | null; records: Record<string, unknown>[] }>(sql`
    SELECT s.id, s.visit_number, s.tier, s.status, s.points, s.created_at, s.completed_at,
           (SELECT COALESCE(json_agg(json_build_object('exercise', r.exercise_key, 'state', r.state, 'bestScore', r.best_score, 'reflectionText', r.reflection_text,
                   'philosopherResponse', r.philosopher_response, 'recording', r.recording_id, 'transcript', r.transcript, 'deliveryNote', r.delivery_note,
                   'transcriptionStatus', r.transcription_status) ORDER BY r.sequence_index), '[]')
              FROM amphitheatre_records r WHERE r.session_id = s.id) AS records
      FROM amphitheatre_sessions s WHERE s.user_id = ${user}
     ORDER BY s.created_at DESC, s.id DESC LIMIT ${limit} OFFSET ${(page - 1) * limit}`)
  const totalDocs = Number(total?.n ?? 0)
  return {
    page,
    limit,
    totalDocs,
    totalPages: Math.max(1, Math.ceil(totalDocs / limit)),
    sessions: sessions.map((s) => ({
      id: Number(s.id),
      visitNumber: Number(s.visit_number),
      tier: s.tier,
      status: s.status,
      points: Number(s.points),
      startedAt: new Date(s.created_at).toISOString(),
      completedAt: s.completed_at ? new Date(s.completed_at).toISOString() : null,
      exercises: s.records.map((r) => ({ ...r, recording: r.recording ? { id: Number(r.recording), url: `/api/recordings/${r.recording}` } : null })),
    })),
  }
}

export type Settings = { language: string; reducedMotion: boolean; audioDevice: string | null }

export async function getSettings(tx: Tx, user: number): Promise<Settings> {
  const [row] = await tx.query<{ language: string; reduced_motion: boolean; audio_device: string | null }>(
    sql`SELECT language, reduced_motion, audio_device FROM amphitheatre_settings WHERE user_id = ${user}`,
  )
  return row ? { language: row.language, reducedMotion: row.reduced_motion, audioDevice: row.audio_device } : { language: 'en', reducedMotion: false, audioDevice: null }
}

/** PATCH: only the given fields change; one upsert, so a first save and an update look the same. */
export async function saveSettings(tx: Tx, user: number, patch: Partial<Settings>): Promise<Settings> {
  const merged = { ...(await getSettings(tx, user)), ...patch }
  const at = now()
  await tx.query(sql`
    INSERT INTO amphitheatre_settings (user_id, language, reduced_motion, audio_device, created_at, updated_at)
    VALUES (${user}, ${merged.language}, ${merged.reducedMotion}, ${merged.audioDevice}, ${at}, ${at})
    ON CONFLICT (user_id) DO UPDATE SET language = EXCLUDED.language, reduced_motion = EXCLUDED.reduced_motion,
      audio_device = EXCLUDED.audio_device, updated_at = EXCLUDED.updated_at`)
  return merged
}
