import { randomUUID } from 'node:crypto'

import { createLocalReq } from 'payload'
import type { Payload, PayloadRequest, TypedUser } from 'payload'
import type { SQL } from '@payloadcms/db-postgres/drizzle'

import { actionKeys, claimActionKey, commitOpenClaim, storeAnswer } from './actionKey'

export type Tx = {
  payload: Payload
  /** Pass as `req` to every Local API call so it joins this transaction. */
  req: PayloadRequest
  /**
   * Runs raw SQL (built with the `sql` template, so values are parameters) in this transaction.
   * With `name`, as a named prepared statement: each connection parses it once and PostgreSQL
   * may reuse its plan, for hot statements whose planning costs more than running them (the
   * learner's journey read: 0.44 of 0.77 ms per call was planning). A name must always come with
   * the same SQL text (node-postgres refuses another text under a used name).
   */
  query: <Row = Record<string, unknown>>(statement: SQL, name?: string) => Promise<Row[]>
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
  return { query: <Row>(statement: SQL, name?: string) => run<Row>(db, statement, name) }
}

type DrizzleTx = {
  execute: (statement: SQL) => Promise<{ rows: unknown[] }>
  /** drizzle's session, whose `execute` is `prepareQuery(sqlToQuery(statement), undefined, name = undefined)`. */
  session: {
    dialect: { sqlToQuery: (statement: SQL) => unknown }
    prepareQuery: (query: unknown, fields: undefined, name: string | undefined, arrayMode: boolean) => { execute: () => Promise<{ rows: unknown[] }> }
  }
}

/**
 * A statement on drizzle's database or transaction, named when `name` is given. Unnamed, this is
 * `db.execute`; named, it is what `db.execute` does with a name, so rows are parsed as drizzle
 * parses them either way (timestamps as text).
 */
async function run<Row>(db: DrizzleTx, statement: SQL, name?: string): Promise<Row[]> {
  if (!name) return (await db.execute(statement)).rows as Row[]
  const { session } = db
  return (await session.prepareQuery(session.dialect.sqlToQuery(statement), undefined, name, false).execute()).rows as Row[]
}

/**
 * One learner action = one database transaction: Payload Local API calls (given `tx.req`) and
 * raw SQL (`tx.query`) share it, and any error rolls all of it back. The transaction is the
 * adapter's own, so Payload's hooks and our statements see the same uncommitted rows.
 *
 * It resolves only once COMMIT has succeeded. The adapter's `commitTransaction` cannot be used
 * for that: it swallows a failed COMMIT (a connection lost at that moment, a deferred
 * constraint), so a caller would answer 2xx for changes the database threw away. The one
 * exception: the transaction that claims a write's `Idempotency-Key` (src/db/actionKey.ts)
 * is committed by the write's wrapper once the answer is stored in it, before anything is sent.
 */
export async function withTransaction<T>(
  payload: Payload,
  body: (tx: Tx) => Promise<T>,
  options: {
    user?: TypedUser | null
    /** `false` for a transaction that only reads: it must not take the action's `Idempotency-Key`. */
    claim?: boolean
    /**
     * The answer this transaction's result gives, stored with the key before COMMIT. For an
     * action that goes on after this transaction (an AI call, a second transaction): a replay
     * after a crash in between still gets an answer.
     */
    answer?: (result: T) => { status: number; body: unknown }
  } = {},
): Promise<T> {
  // An earlier transaction of this action left open for its answer: commit it first.
  await commitOpenClaim()
  const req = await createLocalReq({ user: options.user ?? undefined }, payload)
  const transaction = await begin(payload)
  req.transactionID = transaction.id
  const tx: Tx = {
    payload,
    req,
    query: <Row>(statement: SQL, name?: string) => run<Row>(transaction.db, statement, name),
  }
  let result: T
  let release: (() => void) | undefined
  try {
    release = options.claim === false ? undefined : await claimActionKey(tx.query)
    result = await body(tx)
    const action = actionKeys.getStore()
    if (release && action && options.answer) {
      const { status, body: answer } = options.answer(result)
      await storeAnswer(tx.query, action, status, JSON.stringify(answer))
    } else if (release && action) {
      // The key was claimed here: keep the transaction open until the endpoint has built its
      // answer, so the answer is stored and committed with the action's changes (a crash
      // cannot leave a key without its answer). The endpoint's wrapper commits it.
      action.open = {
        query: tx.query,
        commit: async () => {
          try {
            await transaction.commit()
          } catch (error) {
            release?.()
            throw error
          }
        },
        rollback: async () => {
          release?.()
          await transaction.rollback()
        },
      }
      return result
    }
  } catch (error) {
    release?.()
    await transaction.rollback()
    throw error
  }
  try {
    await transaction.commit()
  } catch (error) {
    release?.()
    throw error
  }
  return result
}

type Session = { db: DrizzleTx; resolve: () => Promise<void>; reject: () => Promise<void> }

type TransactionAdapter = {
  initializing?: Promise<void>
  drizzle: { transaction: (fn: (tx: DrizzleTx) => Promise<void>, config?: unknown) => Promise<void> }
  transactionOptions?: unknown
  /** Where Payload's Local API finds the transaction of `req.transactionID`. */
  sessions: Record<string, Session>
}

/** Ends the drizzle transaction callback without committing (drizzle then sends ROLLBACK). */
const ROLLBACK = Symbol('rollback')

/**
 * Opens a transaction the way the adapter's `beginTransaction` does (drizzle's callback held
 * open, registered in `sessions` so Local API calls with `req.transactionID` join it), but keeps
 * the promise of the callback, whose rejection is the only report of a failed COMMIT.
 */
async function begin(payload: Payload): Promise<{ id: string; db: DrizzleTx; commit: () => Promise<void>; rollback: () => Promise<void> }> {
  const adapter = payload.db as unknown as TransactionAdapter
  await adapter.initializing
  let opened!: (db: DrizzleTx) => void
  let settle!: (commit: boolean) => void
  const ready = new Promise<DrizzleTx>((resolve) => (opened = resolve))
  const done = adapter.drizzle.transaction(async (db) => {
    const finished = new Promise<void>((resolve, reject) => (settle = (commit) => (commit ? resolve() : reject(ROLLBACK))))
    opened(db)
    await finished
  }, adapter.transactionOptions)
  // BEGIN failed (no connection): `done` rejects before the callback ever runs.
  const db = await Promise.race([ready, done.then(() => Promise.reject(new Error('the transaction ended before it began')))])
  const id = randomUUID()
  const end = (commit: boolean): Promise<void> => {
    delete adapter.sessions[id]
    settle(commit)
    return done
  }
  // A rollback that cannot reach the server is moot: the server drops the transaction with the
  // connection. Payload rolls back through `reject` when one of its operations fails inside.
  const rollback = () => end(false).catch(() => undefined)
  adapter.sessions[id] = { db, resolve: () => end(true), reject: rollback }
  return {
    id,
    db,
    commit: async () => {
      // Already rolled back by a failed Payload operation (its `killTransaction`): as before,
      // nothing is left to commit.
      if (!adapter.sessions[id]) return
      await end(true)
    },
    rollback: async () => {
      if (adapter.sessions[id]) await rollback()
    },
  }
}
