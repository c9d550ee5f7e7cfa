import type { Pool } from 'pg'
import type { TaskConfig } from 'payload'

import { now } from '../clock'
import { pruneRateLimitCounters } from '../services/rateLimit'

/** DESIGN §4: stored answers are kept at least a day, so a client may retry for 24 h. */
export const MIN_RETENTION_HOURS = 24
export const DEFAULT_RETENTION_HOURS = 48
const BATCH = 5000

/** Retention from `IDEMPOTENCY_KEY_RETENTION_HOURS` (validated at boot by src/env.ts). */
export const retentionHours = (): number =>
  Math.max(MIN_RETENTION_HOURS, Number(process.env.IDEMPOTENCY_KEY_RETENTION_HOURS) || DEFAULT_RETENTION_HOURS)

/**
 * Deletes stored `Idempotency-Key` answers older than the retention, in batches of 5,000
 * statements of their own, so a large backlog never holds long locks or one huge transaction.
 * A key still inside the window is untouched, so its replay keeps working.
 */
export async function pruneIdempotencyKeys(pool: Pool, hours: number = retentionHours()): Promise<{ deleted: number; cutoff: string }> {
  const cutoff = new Date(now().getTime() - hours * 3_600_000)
  let deleted = 0
  for (;;) {
    const { rowCount } = await pool.query(
      `DELETE FROM idempotency_keys WHERE id IN (
         SELECT id FROM idempotency_keys WHERE created_at < $1 ORDER BY created_at LIMIT ${BATCH})`,
      [cutoff],
    )
    deleted += rowCount ?? 0
    if ((rowCount ?? 0) < BATCH) break
  }
  return { deleted, cutoff: cutoff.toISOString() }
}

/** Hourly through the `maintenance` queue (see `jobs.autoRun` in payload.config.ts). */
export const pruneIdempotencyKeysTask: TaskConfig<'pruneIdempotencyKeys'> = {
  slug: 'pruneIdempotencyKeys',
  label: 'Delete expired Idempotency-Key answers',
  retries: 2,
  schedule: [{ cron: '0 17 * * * *', queue: 'maintenance' }],
  outputSchema: [
    { name: 'deleted', type: 'number', required: true },
    { name: 'cutoff', type: 'text', required: true },
  ],
  handler: async ({ req }) => ({ output: await pruneIdempotencyKeys(req.payload.db.pool) }),
}

/** Rate-limit counters of windows that ended more than a day ago, hourly on `maintenance` too. */
export const pruneRateLimitCountersTask: TaskConfig<'pruneRateLimitCounters'> = {
  slug: 'pruneRateLimitCounters',
  label: 'Delete old rate-limit counters',
  retries: 2,
  schedule: [{ cron: '0 37 * * * *', queue: 'maintenance' }],
  outputSchema: [{ name: 'deleted', type: 'number', required: true }],
  handler: async ({ req }) => ({ output: { deleted: await pruneRateLimitCounters(req.payload.db.pool) } }),
}
