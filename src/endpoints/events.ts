import { z } from 'zod'

import { autocommit } from '../db/transaction'
import { ingestEvents, MAX_BATCH } from '../services/ingest'
import { endpoint, HttpError, parseBody, requireLearner } from './http'

// Each event is checked by the service (bad ones are reported, not fatal); only the envelope is strict here.
const batchBody = z.object({ events: z.array(z.unknown()).min(1) }).strict()

/** POST /api/learn/events — a batch of up to 500 client events, idempotent by event id. */
export const ingestEndpoint = endpoint('post', '/learn/events', async (req) => {
  const user = requireLearner(req)
  // Unstorable text is refused per event by the service, like every other fault of one event.
  const body = await parseBody(req, batchBody, { allowUnstorableText: true })
  if (body.events.length > MAX_BATCH) throw new HttpError(413, 'batch_too_large', `Send at most ${MAX_BATCH} events per request.`)
  // One statement: atomic on its own, no transaction needed.
  return Response.json(await ingestEvents(autocommit(req.payload), Number(user.id), body.events))
})
