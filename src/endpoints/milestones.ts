import { z } from 'zod'

import { withTransaction } from '../db/transaction'
import { charCount } from '../services/clientJson'
import { milestoneView, retryAttempt, submitAttempt } from '../services/world/milestones'
import { endpoint, limitAiWork, parseBody, requireLearner } from './http'
import { idParam } from './journey'

const attemptBody = z
  .object({
    recordingId: z.number().int().positive().max(2_147_483_647).optional(),
    // At least 20 characters, not UTF-16 units (ten emoji are not a talk).
    transcript: z
      .string()
      .trim()
      .max(20_000)
      .refine((t) => charCount(t) >= 20, 'String must contain at least 20 character(s)')
      .optional(),
  })
  .strict()
  .refine((b) => (b.recordingId === undefined) !== (b.transcript === undefined), { message: 'Send either recordingId or transcript.' })

/** GET /api/learn/milestones/:level — gate and last attempts (poll this for a pending score). */
export const milestoneEndpoint = endpoint('get', '/learn/milestones/:level', async (req) => {
  const user = requireLearner(req)
  const level = idParam(req.routeParams?.level, 'level')
  return Response.json(await withTransaction(req.payload, (tx) => milestoneView(tx, Number(user.id), level), { user }))
})

/** POST /api/learn/milestones/:level/attempts {recordingId | transcript} — a pending attempt, scored by a job. */
export const milestoneAttemptEndpoint = endpoint('post', '/learn/milestones/:level/attempts', async (req) => {
  const user = requireLearner(req)
  const level = idParam(req.routeParams?.level, 'level')
  const body = await parseBody(req, attemptBody)
  await limitAiWork(req, user.id)
  const attempt = await withTransaction(req.payload, (tx) => submitAttempt(tx, Number(user.id), level, body), { user })
  return Response.json({ attempt }, { status: 202 })
})

/** POST /api/learn/milestones/:level/attempts/:id/retry — score again an attempt the AI could not score. */
export const milestoneRetryEndpoint = endpoint('post', '/learn/milestones/:level/attempts/:id/retry', async (req) => {
  const user = requireLearner(req)
  const level = idParam(req.routeParams?.level, 'level')
  const id = idParam(req.routeParams?.id, 'attempt')
  await limitAiWork(req, user.id)
  const attempt = await withTransaction(req.payload, (tx) => retryAttempt(tx, Number(user.id), level, id), { user })
  return Response.json({ attempt }, { status: 202 })
})

export const milestoneEndpoints = [milestoneEndpoint, milestoneAttemptEndpoint, milestoneRetryEndpoint]
