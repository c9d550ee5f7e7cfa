import { z } from 'zod'

import { withTransaction } from '../db/transaction'
import { jsonLength } from '../services/clientJson'
import { recordEvents } from '../services/events'
import { journeyOf } from '../services/journey/views'
import { limits, rateLimitHeaders } from '../services/rateLimit'
import { venueFeedback } from '../services/world/feedback'
import { completeVenue, enterVenue, recordPractice, requireOpenEntry } from '../services/world/venues'
import { endpoint, enforceRateLimit, HttpError, parseBody, requireLearner } from './http'
import { idParam } from './journey'

const id = z.number().int().positive().max(2_147_483_647)
const taskBody = z
  .object({
    // Optional: without it the open entry of the venue is used.
    entryId: id.optional(),
    taskSheetId: id,
    exerciseIndex: z.number().int().min(0).max(100),
    // Task-sheet work is practice, not scored: text or a small structured answer.
    response: z.union([z.string().trim().min(1).max(5000), z.record(z.unknown()), z.array(z.unknown()).max(50)]),
  })
  .strict()
  // jsonLength, not JSON.stringify: a response nested thousands deep must be a 422, not a RangeError.
  .refine((b) => jsonLength(b.response) <= 10_000, { message: 'response is too large', path: ['response'] })
const feedbackBody = z.object({ entryId: id.optional(), transcript: z.string().trim().min(1).max(5000) }).strict()

const venueIdOf = (req: Parameters<typeof requireLearner>[0]) => idParam(req.routeParams?.id, 'venue')

/** POST /api/learn/venues/:id/entries — enter (201, paying the ticket cost) or get the open entry back (200, free). */
export const enterVenueEndpoint = endpoint('post', '/learn/venues/:id/entries', async (req) => {
  const user = requireLearner(req)
  const venueId = venueIdOf(req)
  const result = await withTransaction(req.payload, (tx) => enterVenue(tx, Number(user.id), venueId), { user })
  return Response.json({ entry: result.entry, taskSheets: result.taskSheets }, { status: result.created ? 201 : 200 })
})

/** POST /api/learn/venues/:id/tasks — task-sheet work inside the open entry, recorded as practice. */
export const venueTaskEndpoint = endpoint('post', '/learn/venues/:id/tasks', async (req) => {
  const user = requireLearner(req)
  const venueId = venueIdOf(req)
  const body = await parseBody(req, taskBody)
  const result = await withTransaction(
    req.payload,
    (tx) => recordPractice(tx, Number(user.id), venueId, body.entryId, { kind: 'task', taskSheetId: body.taskSheetId, exerciseIndex: body.exerciseIndex, response: body.response }),
    { user },
  )
  return Response.json(result, { status: 201 })
})

/**
 * POST /api/learn/venues/:id/feedback — the Philosopher's reflection on a spoken run-through,
 * stored against the open entry as practice. The AI call runs outside any transaction; the
 * entry is checked before it and again when the practice is saved. Rate-limited per learner.
 */
export const venueFeedbackEndpoint = endpoint('post', '/learn/venues/:id/feedback', async (req) => {
  const user = requireLearner(req)
  const venueId = venueIdOf(req)
  const body = await parseBody(req, feedbackBody)
  const { venue, entryId } = await withTransaction(
    req.payload,
    async (tx) => {
      const journey = await journeyOf(tx, Number(user.id))
      const v = journey.world.venues.find((x) => x.id === venueId)
      if (!v) throw new HttpError(404, 'not_found', 'No such venue.')
      if (!journey.venueOpen(v)) throw new HttpError(403, 'venue_locked', 'Unlock this venue first.')
      const entry = await requireOpenEntry(tx, Number(user.id), venueId, body.entryId, false)
      return { venue: v, entryId: Number(entry.id) }
    },
    // Only reads: the key is taken by the transaction that saves the practice.
    { user, claim: false },
  )
  const limit = await enforceRateLimit(req, `feedback:${user.id}`, limits.feedback(), 'Too many feedback requests. Try again later.')
  const feedback = await venueFeedback(venue, entryId, body.transcript)
  const result = await withTransaction(
    req.payload,
    async (tx) => {
      const saved = await recordPractice(tx, Number(user.id), venueId, entryId, { kind: 'feedback', transcript: body.transcript, feedback: feedback.text, feedbackSource: feedback.source })
      if (feedback.event) await recordEvents(tx, Number(user.id), [feedback.event])
      return saved
    },
    { user },
  )
  return Response.json({ ...result, message: feedback.text, source: feedback.source }, { status: 201, headers: rateLimitHeaders(limit) })
})

/** POST /api/learn/venues/:id/complete — finish the open entry (rule 3). */
export const completeVenueEndpoint = endpoint('post', '/learn/venues/:id/complete', async (req) => {
  const user = requireLearner(req)
  const venueId = venueIdOf(req)
  const result = await withTransaction(req.payload, (tx) => completeVenue(tx, Number(user.id), venueId), { user })
  return Response.json(result)
})

export const venueEndpoints = [enterVenueEndpoint, venueTaskEndpoint, venueFeedbackEndpoint, completeVenueEndpoint]
