import { z } from 'zod'

import { withTransaction } from '../db/transaction'
import { coachAnswer, coachContext, saveExchange } from '../services/coach'
import { limits, rateLimitHeaders } from '../services/rateLimit'
import { endpoint, enforceRateLimit, parseBody, requireLearner } from './http'

const messageBody = z
  .object({
    conversationId: z.number().int().positive().max(2_147_483_647).optional(),
    message: z.string().trim().min(1).max(2000),
  })
  .strict()

/**
 * POST /api/learn/coach/messages — the AI coach, on the server: context from the learner's
 * current module, replies with `sources` and a `suggestedDrill`, the conversation kept in
 * `coach-conversations`, rate-limited per learner, a grounded fallback when the AI is down.
 */
export const coachMessage = endpoint('post', '/learn/coach/messages', async (req) => {
  const user = requireLearner(req)
  const body = await parseBody(req, messageBody)
  const context = await withTransaction(req.payload, (tx) => coachContext(tx, Number(user.id), body.conversationId), { user, claim: false })
  const limit = await enforceRateLimit(req, `coach:${user.id}`, limits.coach(), 'Too many messages. Try again later.')
  const answer = await coachAnswer(context, body.message)
  const conversationId = await withTransaction(req.payload, (tx) => saveExchange(tx, Number(user.id), context, body.message, answer), { user })
  return Response.json({ conversationId, ...answer }, { status: 201, headers: rateLimitHeaders(limit) })
})
