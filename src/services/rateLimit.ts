import type { Pool } from 'pg'

import { serverNow } from '../clock'

export type RateLimit = { max: number; windowSeconds: number }

export type RateLimitResult = {
  allowed: boolean
  limit: number
  remaining: number
  /** Seconds until the window resets. */
  resetSeconds: number
}

/** `20/1h`, `30/15m`, `5/30s` → a limit (validated at boot by src/env.ts). */
export function parseRateLimit(text: string): RateLimit {
  const match = /^(\d+)\s*\/\s*(\d+)?\s*(s|m|h)$/.exec(text.trim())
  if (!match) throw new Error(`"${text}" is not a rate limit like 20/1h`)
  const max = Number(match[1])
  const amount = match[2] ? Number(match[2]) : 1
  const windowSeconds = amount * { s: 1, m: 60, h: 3600 }[match[3] as 's' | 'm' | 'h']
  if (max < 1 || windowSeconds < 1 || windowSeconds > 86_400) throw new Error(`"${text}" must allow at least 1 request in a window of 1 s to 24 h`)
  return { max, windowSeconds }
}

/** The upsert of one hit, its parameters numbered from `$first`: key, window start, now (the first row of what follows `source`). */
export const counterUpsertSql = (first: number, source = ''): string => `
  INSERT INTO rate_limit_counters (key, window_start, count, created_at, updated_at)
  SELECT $${first}::varchar, $${first + 1}::timestamptz, 1, $${first + 2}::timestamptz, $${first + 2}::timestamptz ${source}
  ON CONFLICT (key) DO UPDATE SET
    -- A hit whose window began before the stored one (its request read the clock just before a
    -- boundary, then lost the race to the row) counts in the newer window; it never moves the
    -- window back, which would restart the count and let more through.
    count = CASE WHEN rate_limit_counters.window_start >= EXCLUDED.window_start THEN rate_limit_counters.count + 1 ELSE 1 END,
    window_start = GREATEST(rate_limit_counters.window_start, EXCLUDED.window_start),
    updated_at = EXCLUDED.updated_at
  RETURNING count`

/**
 * One hit against `key` in the fixed window of now: the parameters of `counterUpsertSql`, and
 * how the count it returns reads as a result.
 */
export function counterHit(key: string, limit: RateLimit): { values: [string, Date, Date]; result: (count: number) => RateLimitResult } {
  const at = serverNow().getTime()
  const windowMs = limit.windowSeconds * 1000
  const windowStart = new Date(Math.floor(at / windowMs) * windowMs)
  return {
    values: [key.slice(0, 255), windowStart, new Date(at)],
    result: (count) => ({
      allowed: count <= limit.max,
      limit: limit.max,
      remaining: Math.max(0, limit.max - count),
      resetSeconds: Math.max(1, Math.ceil((windowStart.getTime() + windowMs - at) / 1000)),
    }),
  }
}

/**
 * Counts one hit against `key` in a fixed window and says whether it is allowed. The counter
 * is one row per key in PostgreSQL, moved by a single atomic upsert, so every app node shares
 * it and concurrent hits never lose a count. Runs on the pool, outside the action's
 * transaction: a refused or failed action still counts.
 */
export async function hit(pool: Pool, key: string, limit: RateLimit): Promise<RateLimitResult> {
  const { values, result } = counterHit(key, limit)
  const { rows } = await pool.query<{ count: string }>(counterUpsertSql(1), values)
  return result(Number(rows[0]?.count ?? 1))
}

/** The key of the per-learner write allowance (`RATE_LIMIT_LEARNER_WRITES`). */
export const learnerWriteKey = (user: number | string): string => `learn-write:${user}`

/** Methods that count as writes for that allowance. */
export const isWriteMethod = (method: string | undefined): boolean => method !== undefined && !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase())

/** The standard headers for a result: `RateLimit-*` always, `Retry-After` when refused. */
export function rateLimitHeaders(result: RateLimitResult): Record<string, string> {
  const headers: Record<string, string> = {
    'RateLimit-Limit': String(result.limit),
    'RateLimit-Remaining': String(result.remaining),
    'RateLimit-Reset': String(result.resetSeconds),
  }
  if (!result.allowed) headers['Retry-After'] = String(result.resetSeconds)
  return headers
}

/** Deletes counters whose window ended more than a day ago (run by the hourly maintenance job). */
export async function pruneRateLimitCounters(pool: Pool): Promise<number> {
  const { rowCount } = await pool.query('DELETE FROM rate_limit_counters WHERE window_start < $1', [new Date(serverNow().getTime() - 86_400_000)])
  return rowCount ?? 0
}

/** The configured limits (env, validated at boot); read per call so tests and operators can change them. */
export const limits = {
  signup: (): RateLimit => parseRateLimit(process.env.RATE_LIMIT_SIGNUP || '20/1h'),
  login: (): RateLimit => parseRateLimit(process.env.RATE_LIMIT_LOGIN || '30/15m'),
  /** Per learner: every venue feedback may cost an AI call. */
  feedback: (): RateLimit => parseRateLimit(process.env.RATE_LIMIT_FEEDBACK || '60/1h'),
  /** Per learner: every coach message may cost an AI call. */
  coach: (): RateLimit => parseRateLimit(process.env.RATE_LIMIT_COACH || '30/10m'),
  /** Per IP, anonymous: every landing-chat message may cost an AI call. */
  landingChat: (): RateLimit => parseRateLimit(process.env.RATE_LIMIT_LANDING_CHAT || '60/1m'),
  /** Per account (the email or username tried), whatever the IP: spreading a guess over many addresses does not help. */
  loginAccount: (): RateLimit => parseRateLimit(process.env.RATE_LIMIT_LOGIN_ACCOUNT || '10/15m'),
  /** Per learner: every write under /api/learn (answers, entries, purchases, submissions, event batches …). */
  learnerWrites: (): RateLimit => parseRateLimit(process.env.RATE_LIMIT_LEARNER_WRITES || '120/1m'),
  /** Per user: recordings and media uploads. */
  uploads: (): RateLimit => parseRateLimit(process.env.RATE_LIMIT_UPLOADS || '30/10m'),
  /** Per learner: requests that start AI work in the background (milestone scoring, transcriptions). */
  ai: (): RateLimit => parseRateLimit(process.env.RATE_LIMIT_AI || '60/1h'),
}
