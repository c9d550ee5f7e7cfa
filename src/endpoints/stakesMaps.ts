import { z } from 'zod'

import { levers } from '../../collections/activity/StakesMaps'
import { withTransaction } from '../db/transaction'
import { getStakesMap, putStakesMap } from '../services/stakesMaps'
import { endpoint, parseBody, requireLearner } from './http'
import { idParam } from './journey'

const point = z.number().int().min(0).max(5).nullable()
const words = (max: number) =>
  z
    .string()
    .max(max)
    .transform((t) => t.trim())
    .nullable()
    .transform((t) => t || null)

// The whole map: every field is present, `null` clears it (PUT replaces).
const mapBody = z
  .object({
    situation: words(5000),
    pressurePoints: z.object({ pressure: point, visibility: point, irreversibility: point, control: point }).strict(),
    trigger: words(255),
    lever: z.enum(levers).nullable(),
    actionStep: words(5000),
    // The revision the edit is based on; omit it to overwrite whatever is there.
    revision: z.number().int().min(0).max(2_147_483_647).optional(),
  })
  .strict()

/** GET /api/learn/stakes-maps/:moduleId — the caller's stakes map of that module. */
export const getStakesMapEndpoint = endpoint('get', '/learn/stakes-maps/:moduleId', async (req) => {
  const user = requireLearner(req)
  const moduleId = idParam(req.routeParams?.moduleId, 'module')
  return Response.json(await withTransaction(req.payload, (tx) => getStakesMap(tx, Number(user.id), moduleId), { user }))
})

/** PUT /api/learn/stakes-maps/:moduleId — write the whole map (201 when it is new). */
export const putStakesMapEndpoint = endpoint('put', '/learn/stakes-maps/:moduleId', async (req) => {
  const user = requireLearner(req)
  const moduleId = idParam(req.routeParams?.moduleId, 'module')
  const { revision, ...fields } = await parseBody(req, mapBody)
  const result = await withTransaction(req.payload, (tx) => putStakesMap(tx, Number(user.id), moduleId, fields, revision), { user })
  return Response.json(result.map, { status: result.created ? 201 : 200 })
})

export const stakesMapEndpoints = [getStakesMapEndpoint, putStakesMapEndpoint]
