import { createHash } from 'node:crypto'

import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest, TypedUser } from 'payload'

import { withTransaction } from '../db/transaction'
import type { Tx } from '../db/transaction'
import { serverNow } from '../clock'
import { HttpError } from './http'

/**
 * Runs a reward-bearing action at most once per `Idempotency-Key` (DESIGN §4). The key row is
 * inserted in the action's own transaction: a concurrent duplicate waits on the unique index
 * until the first commits, then replays its stored answer. The same key with another body is
 * `422 idempotency_key_reused`. A failed action stores nothing, so it may be retried.
 * Without the header the action simply runs.
 */
export async function runIdempotent(
  req: PayloadRequest,
  user: TypedUser,
  body: unknown,
  status: number,
  action: (tx: Tx) => Promise<unknown>,
): Promise<Response> {
  const key = req.headers.get('idempotency-key')
  if (key === null) {
    const result = await withTransaction(req.payload, action, { user })
    return Response.json(result, { status })
  }
  if (key.length < 1 || key.length > 255) {
    throw new HttpError(400, 'invalid_idempotency_key', 'Idempotency-Key must be 1–255 characters.')
  }
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([req.method, new URL(req.url ?? 'http://x').pathname, body]))
    .digest('hex')
  const stored = await withTransaction(
    req.payload,
    async (tx) => {
      const at = serverNow()
      const [mine] = await tx.query<{ id: number }>(
        sql`INSERT INTO idempotency_keys (user_id, key, fingerprint, created_at, updated_at)
            VALUES (${user.id}, ${key}, ${fingerprint}, ${at}, ${at})
            ON CONFLICT (user_id, key) DO NOTHING RETURNING id`,
      )
      if (!mine) {
        const [first] = await tx.query<{ fingerprint: string; status: string; response: string }>(
          sql`SELECT fingerprint, status, response FROM idempotency_keys WHERE user_id = ${user.id} AND key = ${key}`,
        )
        if (!first || first.fingerprint !== fingerprint) {
          throw new HttpError(422, 'idempotency_key_reused', 'This Idempotency-Key was already used with a different request.')
        }
        return { status: Number(first.status), response: first.response, replayed: true }
      }
      const response = JSON.stringify(await action(tx))
      await tx.query(sql`UPDATE idempotency_keys SET status = ${status}, response = ${response} WHERE id = ${mine.id}`)
      return { status, response, replayed: false }
    },
    { user },
  )
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (stored.replayed) headers['idempotent-replayed'] = 'true'
  return new Response(stored.response, { status: stored.status, headers })
}
