import { z } from 'zod'

import { csvViews, learnersCsv } from '../services/learnersCsv'
import type { CsvView } from '../services/learnersCsv'
import { endpoint, parseQuery, requireAdmin } from './http'

const query = z
  .object({
    q: z.string().trim().max(200).default(''),
    view: z.enum(Object.keys(csvViews) as [CsvView, ...CsvView[]]).default('core'),
  })
  .strict()

/** GET /api/admin/learners.csv?q=&view=core|practice — the filtered learner list, safe to open in a spreadsheet (admins only). */
export const learnersCsvEndpoint = endpoint('get', '/admin/learners.csv', async (req) => {
  requireAdmin(req)
  const { q, view } = parseQuery(req, query)
  return new Response(await learnersCsv(req.payload, view, q), {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="learners-${view}.csv"`, 'cache-control': 'no-store' },
  })
})
