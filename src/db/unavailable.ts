/**
 * Errors that mean "the database cannot be reached right now" rather than "this request is
 * wrong": the server was killed or restarted, a failover is under way, the connection dropped.
 * The request may be retried unchanged once the database is back, so the API answers 503
 * `database_unavailable` with `Retry-After` (src/endpoints/http.ts, src/hooks/databaseErrors.ts,
 * src/app.ts) instead of a 500.
 */

/** How long clients are asked to wait before retrying (a restart or failover takes seconds). */
export const DATABASE_RETRY_AFTER_SECONDS = 5

export const DATABASE_UNAVAILABLE = {
  status: 503,
  code: 'database_unavailable',
  message: 'The database is unavailable. Try again shortly.',
  headers: { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) },
} as const

/** Socket errors of the connection to PostgreSQL (Node's `code`). */
const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND'])

/**
 * SQLSTATEs of a server going away or not accepting work yet: class 08 (connection exception),
 * 57P01–57P03 (admin shutdown, crash shutdown, cannot connect now: starting up or in recovery),
 * 53300 (too many connections).
 */
const unavailableState = (code: string) => code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300'

/**
 * node-postgres reports a dropped connection as plain Errors without a code, and Payload's
 * `beginTransaction` rewraps connect errors into a new Error keeping only the message.
 */
const messages = [
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'connect ECONNREFUSED',
  'read ECONNRESET',
  // This process is shutting down and has ended its pool.
  'Cannot use a pool after calling end on the pool',
]

export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error
  // Drizzle and Payload wrap the driver's error (`cause`); a few levels are enough.
  for (let depth = 0; current && depth < 6; depth++) {
    const { code, message, errors } = current as { code?: unknown; message?: unknown; errors?: unknown }
    if (typeof code === 'string' && (socketCodes.has(code) || (/^[0-9A-Z]{5}$/.test(code) && unavailableState(code)))) return true
    if (typeof message === 'string' && messages.some((m) => message.includes(m))) return true
    // An AggregateError (a connect to several addresses that all failed).
    if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e))) return true
    current = (current as { cause?: unknown }).cause
  }
  return false
}
