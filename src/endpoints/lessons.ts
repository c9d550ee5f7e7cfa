import { z } from 'zod'

import { withTransaction } from '../db/transaction'
import { answerStep, lessonView, replaceCurrentPrompt, startLesson, UUID } from '../services/journey/lessons'
import { relayNextPrompt } from '../services/journey/relay'
import { endpoint, parseBody, requireLearner } from './http'

const startBody = z
  .object({
    moduleId: z.number().int().positive().max(2_147_483_647),
    // Made by an app that starts lessons offline, so its queued answers can name the session.
    sessionId: z.string().regex(UUID, 'Invalid uuid').optional(),
  })
  .strict()
const answerBody = z
  .object({
    stepId: z.string().min(1).max(64),
    // Checked against the step's input type by the service (422 validation_error).
    value: z.union([z.string().max(20_000), z.number(), z.boolean(), z.null()]).optional(),
  })
  .strict()

const sessionIdOf = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : '')

/** POST /api/learn/lessons {moduleId} — start (201) or resume the open session (200). */
export const startLessonEndpoint = endpoint('post', '/learn/lessons', async (req) => {
  const user = requireLearner(req)
  const body = await parseBody(req, startBody)
  const result = await withTransaction(req.payload, (tx) => startLesson(tx, Number(user.id), body.moduleId, body.sessionId?.toLowerCase()), { user })
  return Response.json(result.body, { status: result.created ? 201 : 200 })
})

/** GET /api/learn/lessons/:sessionId — resume; 404 for malformed ids and other learners' sessions. */
export const lessonEndpoint = endpoint('get', '/learn/lessons/:sessionId', async (req) => {
  const user = requireLearner(req)
  const body = await withTransaction(req.payload, (tx) => lessonView(tx, Number(user.id), sessionIdOf(req.routeParams?.sessionId)), { user })
  return Response.json(body)
})

/**
 * POST /api/learn/lessons/:sessionId/answers {stepId, value} — answer the current step. The
 * answer commits first; then the optional relay may reword the next prompt.
 */
export const answerEndpoint = endpoint('post', '/learn/lessons/:sessionId/answers', async (req) => {
  const user = requireLearner(req)
  const body = await parseBody(req, answerBody)
  const sessionId = sessionIdOf(req.routeParams?.sessionId)
  // The answer before the relay is kept with the key: the relay may take seconds, and a replay
  // after a crash during it gets the authored prompt (the relay's own fallback).
  const result = await withTransaction(req.payload, (tx) => answerStep(tx, Number(user.id), sessionId, { stepId: body.stepId, value: body.value }), {
    user,
    answer: (r) => ({ status: 200, body: r.body }),
  })
  if (result.kind === 'completed') return Response.json(result.body)

  const { nextStep } = result.body
  const relayed = await relayNextPrompt({ sessionId, ...result.relay })
  if (!relayed) return Response.json(result.body)
  const prompt = { ...nextStep, promptBody: relayed }
  await withTransaction(req.payload, (tx) => replaceCurrentPrompt(tx, Number(user.id), sessionId, nextStep.stepId, prompt), { user })
  return Response.json({ ...result.body, nextStep: prompt })
})

export const lessonEndpoints = [startLessonEndpoint, lessonEndpoint, answerEndpoint]
