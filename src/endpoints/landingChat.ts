import { z } from 'zod'

import { withTransaction } from '../db/transaction'
import { recordEvents } from '../services/events'
import { landingReply } from '../services/landingChat'
import { limits, rateLimitHeaders } from '../services/rateLimit'
import { clientIp, endpoint, enforceRateLimit, HttpError, parseBody } from './http'

/** Larger bodies are refused before they are read: nothing legitimate here comes near it. */
const MAX_BODY_BYTES = 32 * 1024

const chatBody = z
  .object({
    message: z.string().trim().min(1).max(1000),
    history: z
      .array(z.object({ role: z.string().max(20), content: z.string().max(2000) }).strict())
      .max(20)
      .default([]),
  })
  .strict()

/**
 * POST /api/public/landing-chat — anonymous, rate-limited per IP (`RATE_LIMIT_LANDING_CHAT`),
 * length-capped. The event records the message length, never its text.
 */
export const landingChat = endpoint('post', '/public/landing-chat', async (req) => {
  if (Number(req.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) throw new HttpError(413, 'too_large', 'The request is too large.')
  const limit = await enforceRateLimit(req, `landing-chat:${clientIp(req)}`, limits.landingChat(), 'Too many messages. Try again in a moment.')
  const body = await parseBody(req, chatBody)
  const answer = await landingReply(req.payload, body.message, body.history)
  await withTransaction(req.payload, (tx) =>
    recordEvents(tx, null, [{ type: 'landing_chat_message', data: { length: body.message.length, source: answer.source } }]),
  )
  return Response.json(answer, { headers: rateLimitHeaders(limit) })
})
