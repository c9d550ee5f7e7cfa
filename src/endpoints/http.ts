import { APIError } from 'payload'
import type { Endpoint, PayloadHandler, PayloadRequest, TypedUser } from 'payload'
import { ZodError } from 'zod'
import type { z, ZodTypeAny } from 'zod'

import { hasRole } from '../access/roles'
import { countedLearnerWrite, sessionCheckUnavailable } from '../auth/learnerSession'
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from '../db/unavailable'
import { heldBody, heldText } from '../requestBody'
import { UNSTORABLE_TEXT_MESSAGE, unstorableTextPath } from '../services/clientJson'
import { runAction } from './idempotency'
import { hit, isWriteMethod, learnerWriteKey, limits, rateLimitHeaders } from '../services/rateLimit'
import type { RateLimit, RateLimitResult } from '../services/rateLimit'

/** Errors in Payload's shape, plus a stable `code`, so clients handle one format everywhere. */
export const errorResponse = (status: number, code: string, message: string, data?: unknown, headers?: Record<string, string>): Response =>
  Response.json({ errors: [{ message, code, ...(data === undefined ? {} : { data }) }] }, { status, headers })

const codeForStatus: Record<number, string> = { 400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 413: 'too_large', 415: 'unsupported_media_type', 422: 'validation_failed' }

export class HttpError extends APIError {
  constructor(
    status: number,
    public readonly code: string,
    message: string,
    data?: Record<string, unknown>,
    /** Sent with the error, e.g. `Retry-After` on a 429. */
    public readonly headers?: Record<string, string>,
  ) {
    super(message, status, data, true)
  }
}

/**
 * The caller's address as Express saw it (honouring `TRUST_PROXY`), passed in by src/app.ts in
 * a header it always overwrites, so a client cannot choose its own.
 */
export const CLIENT_IP_HEADER = 'x-speakpro-client-ip'
export const clientIp = (req: PayloadRequest): string => req.headers.get(CLIENT_IP_HEADER) || 'unknown'

/** Counts one hit against `key`; over the limit it is a 429 `rate_limited` with `Retry-After` and `RateLimit-*`. */
export async function enforceRateLimit(req: PayloadRequest, key: string, limit: RateLimit, message: string): Promise<RateLimitResult> {
  const result = await hit(req.payload.db.pool, key, limit)
  if (!result.allowed) throw new HttpError(429, 'rate_limited', message, undefined, rateLimitHeaders(result))
  return result
}

/**
 * The same for Payload's own operations (login, uploads), checked from their hooks: Payload
 * writes those answers, so the `RateLimit-*` headers go on `req.responseHeaders`, which it adds
 * to them (a later check's headers replace an earlier one's).
 */
export async function enforceRateLimitInHook(req: PayloadRequest, key: string, limit: RateLimit, message: string): Promise<RateLimitResult> {
  const result = await hit(req.payload.db.pool, key, limit)
  const headers = rateLimitHeaders(result)
  const merged = new Headers(req.responseHeaders)
  for (const [name, value] of Object.entries(headers)) merged.set(name, value)
  req.responseHeaders = merged
  if (!result.allowed) throw new HttpError(429, 'rate_limited', message, { code: 'rate_limited' }, headers)
  return result
}

/** Requests that queue AI work (scoring, transcription) count against `RATE_LIMIT_AI` per learner. */
export async function limitAiWork(req: PayloadRequest, userId: number | string): Promise<void> {
  await enforceRateLimit(req, `ai:${userId}`, limits.ai(), 'Too many AI requests. Try again later.')
}

export function requireUser(req: PayloadRequest): TypedUser {
  if (!req.user) {
    // A token that could not be checked because the database is down is not "signed out": a
    // 401 would make apps drop the learner's session; a 503 makes them retry.
    if (sessionCheckUnavailable(req)) throw databaseUnavailable()
    throw new HttpError(401, 'unauthorized', 'Sign in first.')
  }
  return req.user
}

/** 503 `database_unavailable` with `Retry-After`: the request may be retried unchanged. */
export const databaseUnavailable = (): HttpError =>
  new HttpError(DATABASE_UNAVAILABLE.status, DATABASE_UNAVAILABLE.code, DATABASE_UNAVAILABLE.message, undefined, { ...DATABASE_UNAVAILABLE.headers })

/**
 * A signed-in learner who finished onboarding: every `/api/learn/*` endpoint except the profile,
 * onboarding itself and closing the account answers `409 onboarding_required` before that.
 */
export function requireLearner(req: PayloadRequest): TypedUser {
  const user = requireUser(req)
  if (!(user as { profile?: { onboardingCompleted?: boolean | null } }).profile?.onboardingCompleted) {
    throw new HttpError(409, 'onboarding_required', 'Finish onboarding first (POST /api/learn/onboarding).')
  }
  return user
}

export function requireAdmin(req: PayloadRequest): TypedUser {
  const user = requireUser(req)
  if (!hasRole(user, 'admin')) throw new HttpError(403, 'forbidden', 'Admins only.')
  return user
}

/**
 * JSON body → validated input. A body sent as anything but `application/json` is 415 (read by
 * nobody: forms and files are not taken here, and a cross-site form cannot post JSON), bad JSON
 * is 400 `invalid_json`, and a schema failure 422 with field paths; no body at all is checked as
 * `undefined`, so an endpoint that requires one says so. Text PostgreSQL cannot store (NUL,
 * unpaired surrogates) is a 422 too, unless the endpoint checks it per item itself
 * (`allowUnstorableText`, e.g. analytics events, which are refused one by one).
 */
export async function parseBody<S extends ZodTypeAny>(req: PayloadRequest, schema: S, options: { allowUnstorableText?: boolean } = {}): Promise<z.infer<S>> {
  const value = schema.parse(await readJsonBody(req))
  const path = options.allowUnstorableText ? undefined : unstorableTextPath(value)
  if (path) throw new ZodError([{ code: 'custom', path, message: UNSTORABLE_TEXT_MESSAGE }])
  return value
}

/**
 * Query string → validated input, under the rules of `parseBody`: the last of repeated names
 * wins, a schema failure is 422, and text PostgreSQL cannot store (a `%00` in a search) is 422
 * instead of a failed query.
 */
export function parseQuery<S extends ZodTypeAny>(req: PayloadRequest, schema: S): z.infer<S> {
  const value = schema.parse(Object.fromEntries(new URL(req.url ?? 'http://x').searchParams))
  const path = unstorableTextPath(value)
  if (path) throw new ZodError([{ code: 'custom', path, message: UNSTORABLE_TEXT_MESSAGE }])
  return value
}

/** The JSON body, parsed once and kept on `req.data` (see `parseBody` for the rules). */
export async function readJsonBody(req: PayloadRequest): Promise<unknown> {
  if (req.data !== undefined) return req.data
  const held = heldBody(req)
  if (!held && !req.body) return undefined
  const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== 'application/json') throw new HttpError(415, 'unsupported_media_type', 'Send the body as JSON (Content-Type: application/json).')
  let text: string
  try {
    text = held ? heldText(held) : ((await req.text?.()) ?? '')
  } catch {
    throw new HttpError(400, 'invalid_json', 'The body could not be read.')
  }
  if (text === '') return undefined
  try {
    req.data = JSON.parse(text) as Record<string, unknown>
  } catch {
    throw new HttpError(400, 'invalid_json', 'The body is not valid JSON.')
  }
  return req.data
}

/**
 * Every write a signed-in user makes under /api/learn counts against one per-learner allowance
 * (`RATE_LIMIT_LEARNER_WRITES`): rewards are idempotent already, this bounds the load one
 * account can put on the ledger and the database. Reads are not counted.
 */
async function limitLearnerWrites(req: PayloadRequest): Promise<void> {
  if (!req.user || !isWriteMethod(req.method)) return
  if (!req.pathname?.startsWith(`${req.payload.config.routes.api}/learn/`)) return
  const message = 'Too many requests. Slow down and try again shortly.'
  // Usually counted already, in the session check's own statement (src/auth/learnerSession.ts);
  // a caller signed in some other way is counted here.
  const counted = countedLearnerWrite(req)
  if (!counted) await enforceRateLimit(req, learnerWriteKey(req.user.id), limits.learnerWrites(), message)
  else if (!counted.allowed) throw new HttpError(429, 'rate_limited', message, undefined, rateLimitHeaders(counted))
}

/** The error code of a refusal Payload raised (an `APIError` below 500): its own, else the status's. */
export const refusalCode = (error: APIError): string => (error.data as { code?: string } | null)?.code ?? codeForStatus[error.status] ?? 'request_refused'

/**
 * Wraps a thin handler: known errors become their status and code, validation errors 422 with
 * the failing fields, a lost or refused database connection 503 `database_unavailable` with
 * `Retry-After` (the transaction rolled back, or, if the connection dropped during COMMIT, may
 * have committed: a retry with the same `Idempotency-Key` is safe either way), anything else a
 * logged 500 without details.
 */
export const handle =
  (fn: PayloadHandler): PayloadHandler =>
  async (req) => {
    try {
      await limitLearnerWrites(req)
      // Idempotency-Key and Client-Time, for every write (src/endpoints/idempotency.ts).
      return await runAction(req, async () => fn(req))
    } catch (error) {
      if (error instanceof ZodError) {
        const fields = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
        return errorResponse(422, 'validation_failed', 'The request is not valid.', { fields })
      }
      if (!(error instanceof HttpError) && isDatabaseUnavailable(error)) {
        req.payload.logger.warn({ err: { message: (error as Error).message } }, 'database unavailable')
        error = databaseUnavailable()
      }
      if (error instanceof HttpError || (error instanceof APIError && error.status < 500)) {
        const code = error instanceof HttpError ? error.code : refusalCode(error)
        const data = (error.data ?? undefined) as Record<string, unknown> | undefined
        const { code: _omit, ...rest } = data ?? {}
        const headers = error instanceof HttpError ? error.headers : undefined
        return errorResponse(error.status, code, error.message, Object.keys(rest).length ? rest : undefined, headers)
      }
      req.payload.logger.error({ err: error }, 'endpoint failed')
      return errorResponse(500, 'internal_error', 'Something went wrong.')
    }
  }

export const endpoint = (method: Endpoint['method'], path: string, fn: PayloadHandler): Endpoint => ({
  method,
  path,
  handler: handle(fn),
})
