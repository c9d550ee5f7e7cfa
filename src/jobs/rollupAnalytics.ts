import type { TaskConfig } from 'payload'

import { now } from '../clock'
import { rollup } from '../services/analytics'

const isoDay = (d: Date) => d.toISOString().slice(0, 10)

/** Daily analytics counts: hourly, yesterday and today (UTC); `from`/`to` for a backfill. */
export const rollupAnalytics: TaskConfig<'rollupAnalytics'> = {
  slug: 'rollupAnalytics',
  label: 'Roll up daily analytics',
  retries: 2,
  schedule: [{ cron: '0 5 * * * *', queue: 'maintenance' }],
  inputSchema: [
    { name: 'from', type: 'text' },
    { name: 'to', type: 'text' },
  ],
  outputSchema: [{ name: 'days', type: 'number', required: true }],
  handler: async ({ input, req }) => {
    const today = now()
    const from = input?.from || isoDay(new Date(today.getTime() - 86_400_000))
    const to = input?.to || isoDay(today)
    return { output: { days: await rollup(req.payload.db.pool, from, to) } }
  },
}
