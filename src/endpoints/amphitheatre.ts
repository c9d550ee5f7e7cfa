import { z } from 'zod'

import { withTransaction } from '../db/transaction'
import { hub, sessionView, startSession, submit } from '../services/amphitheatre/sessions'
import { endpoint, parseBody, requireLearner } from './http'
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

export const amphitheatreEndpoints = [amphitheatreHub, amphitheatreStart, amphitheatreSession, amphitheatreSubmit]
