import { z } from 'zod'

import { withTransaction } from '../db/transaction'
import { getSettings, history, requestTranscription, saveSettings } from '../services/amphitheatre/extras'
import { hub, sessionView, startSession, submit } from '../services/amphitheatre/sessions'
import { endpoint, limitAiWork, parseBody, parseQuery, requireLearner } from './http'
import { idParam } from './journey'

const submissionBody = z
  .object({
    exerciseId: z.string().min(1).max(64),
    selections: z
      .record(z.union([z.string().max(200), z.boolean(), z.array(z.string().max(64)).max(10), z.record(z.boolean())]))
      .default({})
      .refine((s) => Object.keys(s).length <= 10, 'too many selections'),
    markers: z
      .object({
        durationSec: z.number().min(0).max(600).optional(),
        pauseCount: z.number().int().min(0).max(1000).optional(),
        energy: z.enum(['low', 'medium', 'high']).optional(),
      })
      .strict()
      .default({}),
    reflectionText: z.string().max(2000).default(''),
    // Audio arrives as an uploaded recording, never as base64 in JSON.
    recordingId: z.number().int().positive().max(2_147_483_647).optional(),
  })
  .strict()

/** GET /api/learn/amphitheatre — the hub. */
export const amphitheatreHub = endpoint('get', '/learn/amphitheatre', async (req) => {
  const user = requireLearner(req)
  return Response.json(await withTransaction(req.payload, (tx) => hub(tx, Number(user.id)), { user }))
})

/** POST /api/learn/amphitheatre/sessions — resume the active session (200) or start the next visit (201). */
export const amphitheatreStart = endpoint('post', '/learn/amphitheatre/sessions', async (req) => {
  const user = requireLearner(req)
  const result = await withTransaction(req.payload, (tx) => startSession(tx, Number(user.id)), { user })
  return Response.json(result.session, { status: result.created ? 201 : 200 })
})

/** GET /api/learn/amphitheatre/sessions/:id — the session (own only; 404 otherwise). */
export const amphitheatreSession = endpoint('get', '/learn/amphitheatre/sessions/:id', async (req) => {
  const user = requireLearner(req)
  const id = idParam(req.routeParams?.id, 'session')
  return Response.json(await withTransaction(req.payload, (tx) => sessionView(tx, Number(user.id), id), { user }))
})

/** POST /api/learn/amphitheatre/sessions/:id/submissions — rule 6. */
export const amphitheatreSubmit = endpoint('post', '/learn/amphitheatre/sessions/:id/submissions', async (req) => {
  const user = requireLearner(req)
  const id = idParam(req.routeParams?.id, 'session')
  const body = await parseBody(req, submissionBody)
  const result = await withTransaction(req.payload, (tx) => submit(tx, Number(user.id), id, { ...body, exerciseKey: body.exerciseId }), { user })
  return Response.json(result, { status: 201 })
})

const transcriptionBody = z
  .object({
    exerciseId: z.string().min(1).max(64),
    recordingId: z.number().int().positive().max(2_147_483_647).optional(),
    transcript: z.string().trim().min(1).max(20_000).optional(),
  })
  .strict()
  .refine((b) => (b.recordingId === undefined) !== (b.transcript === undefined), { message: 'Send either recordingId or transcript.' })

/** POST /api/learn/amphitheatre/sessions/:id/transcriptions — transcript and delivery note, by a job (202; poll the session). */
export const amphitheatreTranscription = endpoint('post', '/learn/amphitheatre/sessions/:id/transcriptions', async (req) => {
  const user = requireLearner(req)
  const id = idParam(req.routeParams?.id, 'session')
  const body = await parseBody(req, transcriptionBody)
  await limitAiWork(req, user.id)
  const result = await withTransaction(
    req.payload,
    (tx) => requestTranscription(tx, Number(user.id), id, { exerciseKey: body.exerciseId, recordingId: body.recordingId, transcript: body.transcript }),
    { user },
  )
  return Response.json(result, { status: 202 })
})

const historyQuery = z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1), limit: z.coerce.number().int().min(1).max(20).default(10) }).strict()

/** GET /api/learn/amphitheatre/history?page=&limit= — past visits, newest first. */
export const amphitheatreHistory = endpoint('get', '/learn/amphitheatre/history', async (req) => {
  const user = requireLearner(req)
  const query = parseQuery(req, historyQuery)
  return Response.json(await withTransaction(req.payload, (tx) => history(tx, Number(user.id), query.page, query.limit), { user }))
})

const settingsBody = z
  .object({
    language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Use a language tag such as "en" or "pt-BR".').max(16).optional(),
    reducedMotion: z.boolean().optional(),
    audioDevice: z.string().trim().max(200).nullable().optional(),
  })
  .strict()

/** GET /api/learn/amphitheatre/settings — language, reduced motion, audio device. */
export const amphitheatreSettingsRead = endpoint('get', '/learn/amphitheatre/settings', async (req) => {
  const user = requireLearner(req)
  return Response.json(await withTransaction(req.payload, (tx) => getSettings(tx, Number(user.id)), { user }))
})

/** PATCH /api/learn/amphitheatre/settings — saves the fields given. */
export const amphitheatreSettingsWrite = endpoint('patch', '/learn/amphitheatre/settings', async (req) => {
  const user = requireLearner(req)
  const body = await parseBody(req, settingsBody)
  return Response.json(await withTransaction(req.payload, (tx) => saveSettings(tx, Number(user.id), body), { user }))
})

// History and settings come before `sessions/:id` so their paths never read as an id.
export const amphitheatreEndpoints = [
  amphitheatreHub,
  amphitheatreHistory,
  amphitheatreSettingsRead,
  amphitheatreSettingsWrite,
  amphitheatreStart,
  amphitheatreSession,
  amphitheatreSubmit,
  amphitheatreTranscription,
]
