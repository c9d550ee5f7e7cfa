import { createHash } from 'node:crypto'

import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { atActionTime, serverNow } from '../clock'
import { ActionKeyTaken, actionKeys, storeAnswer, storedAnswer } from '../db/actionKey'
import type { ActionKey, StoredAnswer } from '../db/actionKey'
import { autocommit } from '../db/transaction'
import { learnerActionTime } from '../services/clientTime'
import { HttpError, readJsonBody } from './http'

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** How long a duplicate waits for the first request's answer before saying it is still running. */
const REPLAY_WAIT_MS = 10_000

/** `Client-Time`: when the learner acted (RFC 3339 with a zone), for writes queued offline. */
export const CLIENT_TIME_HEADER = 'client-time'
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i

/**
 * Every write a signed-in caller makes to a custom endpoint goes through here (from `handle`):
 *
 * - `Idempotency-Key` (1–255 characters): the first request with a key runs and its answer is
 *   kept; the same key and body again returns that answer with `Idempotent-Replayed: true` and
 *   changes nothing; the same key with another body is `422 idempotency_key_reused`. The key
 *   row is written by the action's own first transaction (src/db/actionKey.ts), so it exists
 *   exactly when the action's changes do; a failed action stores nothing and may be retried.
 * - `Client-Time` (learner writes under /api/learn): the time the learner acted, trusted
 *   inside the window of src/services/clientTime.ts (72 h back, 5 min ahead), else the
 *   server's time, and never before the learner's sign-up or last counted action (moved
 *   forward to that floor); every rule of the action (streak day, quests, caps) sees it.
 *   `Client-Time-Trusted` and `Client-Time-Applied` say what counted.
 */
export async function runAction(req: PayloadRequest, run: () => Promise<Response>): Promise<Response> {
  if (!req.user || !WRITES.has(req.method ?? '')) return run()
  const key = idempotencyKeyOf(req)
  const learnerWrite = Boolean(req.pathname?.startsWith(`${req.payload.config.routes.api}/learn/`))
  const claim = learnerWrite ? clientTimeOf(req) : undefined
  const keyed = key === null ? run : () => runKeyed(req, Number(req.user!.id), key, run)
  if (claim === undefined) return keyed()
  const time = await learnerActionTime(autocommit(req.payload), Number(req.user.id), claim)
  const response = await atActionTime(time.at, keyed, { client: time.trusted })
  response.headers.set('client-time-trusted', String(time.trusted))
  response.headers.set('client-time-applied', time.at.toISOString())
  return response
}

function idempotencyKeyOf(req: PayloadRequest): string | null {
  const key = req.headers.get('idempotency-key')
  if (key !== null && (key.length < 1 || key.length > 255)) {
    throw new HttpError(400, 'invalid_idempotency_key', 'Idempotency-Key must be 1–255 characters.')
  }
  return key
}

/** The `Client-Time` header, checked for form (400 otherwise); undefined when absent. */
function clientTimeOf(req: PayloadRequest): string | undefined {
  const value = req.headers.get(CLIENT_TIME_HEADER)
  if (value === null) return undefined
  if (!RFC3339.test(value.trim()) || Number.isNaN(Date.parse(value))) {
    throw new HttpError(400, 'invalid_client_time', 'Client-Time must be an RFC 3339 date-time with a zone, e.g. 2026-12-01T09:30:00Z.')
  }
  return value.trim()
}

async function runKeyed(req: PayloadRequest, user: number, key: string, run: () => Promise<Response>): Promise<Response> {
  const body = await readJsonBody(req)
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([req.method, new URL(req.url ?? 'http://x').pathname, body ?? null]))
    .digest('hex')
  const action: ActionKey = { user, key, fingerprint }
  // A replay is answered before the action's own checks run: a visit completed since, say,
  // would otherwise refuse the replay instead of returning the first answer. (A duplicate
  // racing the first request is caught by the claim inside the action's transaction.)
  const db = autocommit(req.payload)
  const [earlier] = await db.query<{ id: number; fingerprint: string; status: string | null; response: string | null }>(sql`
    SELECT id, fingerprint, status, response FROM idempotency_keys WHERE user_id = ${user} AND key = ${key}`)
  if (earlier) return replay(req, action, storedAnswer(earlier))
  let response: Response
  try {
    response = await actionKeys.run(action, run)
  } catch (error) {
    // A failed action keeps nothing, its key included: it may be retried.
    await action.open?.rollback().catch(() => undefined)
    action.open = undefined
    if (error instanceof ActionKeyTaken) return replay(req, action, error.stored)
    throw error
  }
  const text = await response.clone().text()
  const open = action.open
  if (open) {
    // The claiming transaction is still open: the answer commits with the action's changes.
    action.open = undefined
    try {
      if (response.status < 500) await storeAnswer(open.query, action, response.status, text)
      await open.commit()
    } catch (error) {
      await open.rollback().catch(() => undefined)
      throw error
    }
    return response
  }
  if (action.claimedId !== undefined) {
    // The action went on after the claiming transaction (an AI call, another transaction):
    // its answer is stored now. A 5xx leaves the stored one (if the claiming transaction gave
    // one) or none, and a replay is told the action is in progress rather than run it again.
    if (response.status < 500) await storeAnswer(db.query, action, response.status, text)
    return response
  }
  // The action opened no transaction (its single statement is idempotent by itself, like an
  // events batch): keep the answer now; a duplicate that raced it gets the stored one.
  if (response.status >= 400) return response
  const at = serverNow()
  const [mine] = await db.query<{ id: number }>(sql`
    INSERT INTO idempotency_keys (user_id, key, fingerprint, status, response, created_at, updated_at)
    VALUES (${user}, ${key}, ${fingerprint}, ${response.status}, ${text}, ${at}, ${at})
    ON CONFLICT (user_id, key) DO NOTHING RETURNING id`)
  if (mine) return response
  const [stored] = await db.query<{ id: number; fingerprint: string; status: string | null; response: string | null }>(sql`
    SELECT id, fingerprint, status, response FROM idempotency_keys WHERE user_id = ${user} AND key = ${key}`)
  return replay(req, action, storedAnswer(stored!))
}

/**
 * The first answer to this key. A duplicate that arrived while the first request was still
 * running waits for its answer (a retry racing the original, two devices syncing one queue).
 */
async function replay(req: PayloadRequest, action: ActionKey, first: StoredAnswer): Promise<Response> {
  if (first.fingerprint !== action.fingerprint) {
    throw new HttpError(422, 'idempotency_key_reused', 'This Idempotency-Key was already used with a different request.')
  }
  let stored = first
  const deadline = serverNow().getTime() + REPLAY_WAIT_MS
  while (stored.response === null && serverNow().getTime() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25))
    const [row] = await autocommit(req.payload).query<{ status: string | null; response: string | null }>(
      sql`SELECT status, response FROM idempotency_keys WHERE id = ${stored.id}`,
    )
    if (!row) break
    stored = { ...stored, status: row.status == null ? null : Number(row.status), response: row.response }
  }
  if (stored.response === null || stored.status === null) {
    throw new HttpError(409, 'idempotency_key_in_progress', 'A request with this Idempotency-Key is still running or did not finish; read the current state before retrying.', undefined, { 'retry-after': '1' })
  }
  return new Response(stored.response, { status: stored.status, headers: { 'content-type': 'application/json', 'idempotent-replayed': 'true' } })
}
