import { z } from 'zod'

import { withTransaction } from '../db/transaction'
import { submitExercise } from '../services/world/exercises'
import { endpoint, parseBody, requireLearner } from './http'

const answer = z.union([
  z.string().max(5000),
  z.array(z.string().max(64)).max(20),
  z.record(z.string().max(64)).refine((r) => Object.keys(r).length <= 20, 'too many entries'),
])

const exerciseBody = z
  .object({
    knowledgeBlockId: z.number().int().positive().max(2_147_483_647),
    exerciseIndex: z.number().int().min(0).max(19),
    answer,
  })
  .strict()

/** POST /api/learn/exercises — submit an answer; the server scores it (rule 4). */
export const exerciseEndpoint = endpoint('post', '/learn/exercises', async (req) => {
  const user = requireLearner(req)
  const body = await parseBody(req, exerciseBody)
  const result = await withTransaction(req.payload, (tx) => submitExercise(tx, Number(user.id), body), { user })
  return Response.json(result, { status: 201 })
})
