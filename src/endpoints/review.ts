import { randomUUID } from 'node:crypto'

import { z } from 'zod'

import { atActionTime, isClientTime, now } from '../clock'
import { autocommit, withTransaction } from '../db/transaction'
import { reviewRatings } from '../../collections/activity/ReviewLogs'
import { learnerActionTime } from '../services/clientTime'
import { dueReviews, reviewBlock } from '../services/review/reviews'
import { endpoint, parseBody, parseQuery, requireLearner } from './http'
import { idParam } from './journey'

const dueQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).optional() }).strict()

/** GET /api/learn/review/due?limit= — blocks due by the end of the learner's local day. */
export const dueEndpoint = endpoint('get', '/learn/review/due', async (req) => {
  const user = requireLearner(req)
  const query = parseQuery(req, dueQuery)
  return Response.json(await withTransaction(req.payload, (tx) => dueReviews(tx, Number(user.id), query), { user }))
})

const reviewBody = z
  .object({
    rating: z.enum(reviewRatings),
    // RFC 3339 with a zone: a time without one would be read in the server's zone.
    reviewedAt: z.string().datetime({ offset: true }).optional(),
    id: z.string().uuid().optional(),
  })
  .strict()

/**
 * POST /api/learn/review/:knowledgeBlockId {rating, reviewedAt?, id?} — record a review. The
 * review's id is `id`, else the `Idempotency-Key` header, else a fresh one (no replay
 * protection); `reviewedAt` counts only inside the trust window (src/services/clientTime.ts).
 */
export const reviewEndpoint = endpoint('post', '/learn/review/:knowledgeBlockId', async (req) => {
  const user = requireLearner(req)
  const knowledgeBlockId = idParam(req.routeParams?.knowledgeBlockId, 'knowledge block')
  const body = await parseBody(req, reviewBody)
  // The header was checked (1–255 characters) by the shared write handling.
  const clientId = body.id ?? req.headers.get('idempotency-key') ?? randomUUID()
  const review = (at: { claimed: Date | null; trusted: boolean }) =>
    withTransaction(
      req.payload,
      (tx) => reviewBlock(tx, Number(user.id), { knowledgeBlockId, rating: body.rating, clientId, clientReviewedAt: at.claimed, clientTimeTrusted: at.trusted }),
      { user },
    )
  // `reviewedAt` wins; without it the request's Client-Time (already applied to now()) or the server's time counts.
  // Bounded like Client-Time: inside the window, never before sign-up or the last counted action.
  const time = body.reviewedAt !== undefined ? await learnerActionTime(autocommit(req.payload), Number(user.id), body.reviewedAt) : undefined
  const result = time
    ? await atActionTime(time.at, () => review(time), { client: time.trusted })
    : await review({ claimed: isClientTime() ? now() : null, trusted: isClientTime() })
  return Response.json(result, { status: 201, headers: result.replayed ? { 'idempotent-replayed': 'true' } : undefined })
})

export const reviewEndpoints = [dueEndpoint, reviewEndpoint]
