import { createLocalReq } from 'payload'
import type { Payload, PayloadRequest, TypedUser } from 'payload'
import type { SQL } from '@payloadcms/db-postgres/drizzle'

export type Tx = {
  payload: Payload
  /** Pass as `req` to every Local API call so it joins this transaction. */
  req: PayloadRequest
  /** Runs raw SQL (built with the `sql` template, so values are parameters) in this transaction. */
  query: <Row = Record<string, unknown>>(statement: SQL) => Promise<Row[]>
}

/** Anything that runs raw SQL: a transaction, or the pool in autocommit mode. */
export type Queryable = Pick<Tx, 'query'>

/**
 * Statements straight on the pool, each its own implicit transaction: for read paths whose
 * only writes are single idempotent statements (the dashboard), where BEGIN/COMMIT would be
 * most of the round trips.
 */
export function autocommit(payload: Payload): Queryable {
  const db = (payload.db as unknown as { drizzle: DrizzleTx }).drizzle
  return { query: async <Row>(statement: SQL) => (await db.execute(statement)).rows as Row[] }
}

type DrizzleTx = { execute: (statement: SQL) => Promise<{ rows: unknown[] }> }

/**
 * One learner action = one database transaction: Payload Local API calls (given `tx.req`) and
 * raw SQL (`tx.query`) share it, and any error rolls all of it back. The transaction is the
 * adapter's own, so Payload's hooks and our statements see the same uncommitted rows.
 */
export async function withTransaction<T>(
  payload: Payload,
  body: (tx: Tx) => Promise<T>,
  options: { user?: TypedUser | null } = {},
): Promise<T> {
  const req = await createLocalReq({ user: options.user ?? undefined }, payload)
  const id = await payload.db.beginTransaction()
  if (!id) throw new Error('the database adapter did not open a transaction')
  req.transactionID = id
  const session = (payload.db as unknown as { sessions: Record<string, { db: DrizzleTx }> }).sessions[String(id)]
  if (!session) throw new Error('transaction session not found')
  const tx: Tx = {
    payload,
    req,
    query: async <Row>(statement: SQL) => (await session.db.execute(statement)).rows as Row[],
  }
  try {
    const result = await body(tx)
    await payload.db.commitTransaction(id)
    return result
  } catch (error) {
    await payload.db.rollbackTransaction(id)
    throw error
  }
}
