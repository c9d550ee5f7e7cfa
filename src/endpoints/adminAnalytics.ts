import { z } from 'zod'

import { rangeProblem, rollup, summary } from '../services/analytics'
import { endpoint, HttpError, parseBody, parseQuery, requireAdmin } from './http'

const range = z.object({ from: z.string(), to: z.string() }).strict()

function checkedRange(input: unknown): { from: string; to: string } {
  const { from, to } = range.parse(input)
  const problem = rangeProblem(from, to)
  if (problem) throw new HttpError(422, 'validation_failed', problem)
  return { from, to }
}

/** GET /api/admin/analytics/summary?from=&to= — daily counts from the rollup table (admins only; at most 366 days). */
export const analyticsSummary = endpoint('get', '/admin/analytics/summary', async (req) => {
  requireAdmin(req)
  const { from, to } = checkedRange(parseQuery(req, z.unknown()))
  return Response.json(await summary(req.payload.db.pool, from, to))
})

/**
 * POST /api/admin/analytics/rollup {from, to} — recounts those days now instead of waiting for
 * the hourly job (a backfill, or the admin console's "Recount" button). Admins only; the same
 * idempotent statement the job runs, so it can be repeated freely.
 */
export const analyticsRollup = endpoint('post', '/admin/analytics/rollup', async (req) => {
  requireAdmin(req)
  const { from, to } = checkedRange(await parseBody(req, z.unknown()))
  const days = await rollup(req.payload.db.pool, from, to)
  return Response.json({ from, to, days })
})

export const adminAnalyticsEndpoints = [analyticsSummary, analyticsRollup]
