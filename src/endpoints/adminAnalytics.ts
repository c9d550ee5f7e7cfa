import { z } from 'zod'

import { summary } from '../services/analytics'
import { endpoint, HttpError, requireAdmin } from './http'

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use YYYY-MM-DD.').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'Not a date.')
const query = z.object({ from: day, to: day }).strict()

/** GET /api/admin/analytics/summary?from=&to= — daily counts from the rollup table (admins only; at most 366 days). */
export const analyticsSummary = endpoint('get', '/admin/analytics/summary', async (req) => {
  requireAdmin(req)
  const { from, to } = query.parse(Object.fromEntries(new URL(req.url ?? 'http://x').searchParams))
  const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000
  if (span < 0) throw new HttpError(422, 'validation_failed', '`from` must not be after `to`.')
  if (span > 365) throw new HttpError(422, 'validation_failed', 'Ask for at most 366 days.')
  return Response.json(await summary(req.payload.db.pool, from, to))
})
