import { randomUUID } from 'node:crypto'

import { NodePgTransaction } from '@payloadcms/db-postgres/drizzle/node-postgres'
import type { SQL } from '@payloadcms/db-postgres/drizzle'
import pg from 'pg'
import { createLocalReq } from 'payload'
import type { Payload, PayloadRequest, TypedUser } from 'payload'

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
 * most of the round trips. The primary's pool, as drizzle's `execute` would use.
 */
export function autocommit(payload: Payload): Queryable {
  const adapter = payload.db as unknown as TransactionAdapter
  const { dialect } = adapter.primaryDrizzle ?? adapter.drizzle
  return { query: (statement, name) => send(adapter.pool, dialect, statement, name) }
}

/**
 * One statement built by the `sql` template, named (prepared on each connection) when `name` is
 * given, its rows read as drizzle reads them. Sent to the pool or one connection directly:
 * drizzle's own `execute` wraps every statement in a prepared-query object, tracing spans and a
 * cache lookup, which cost the hot paths more than building the statement.
 */
async function send<Row>(on: pg.Pool | pg.PoolClient, dialect: DrizzleDb['dialect'], statement: SQL, name?: string): Promise<Row[]> {
  const { sql: text, params } = dialect.sqlToQuery(statement)
  return (await on.query({ name, text, values: params, types: driverTypes })).rows as Row[]
}

/**
 * One learner action = one database transaction: Payload Local API calls (given `tx.req`) and
 * raw SQL (`tx.query`) share it, and any error rolls all of it back. Payload's hooks and our
 * statements see the same uncommitted rows.
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
  const tx: Tx = { payload, req, query: transaction.query }
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

/** drizzle's database over one connection, as the adapter's own transactions hand it to Payload. */
type DrizzleDb = {
  dialect: { sqlToQuery: (statement: SQL) => { sql: string; params: unknown[] } }
  session: { constructor: new (client: unknown, dialect: unknown, schema: unknown, options: unknown) => unknown; schema: unknown; options: unknown }
}

type Session = { readonly db: unknown; resolve: () => Promise<void>; reject: () => Promise<void> }

type TransactionAdapter = {
  initializing?: Promise<void>
  /** The primary's pool: transactions always run there, read replicas or not. */
  pool: pg.Pool
  drizzle: DrizzleDb
  /** The primary's drizzle when read replicas wrap `drizzle`. */
  primaryDrizzle?: DrizzleDb
  transactionOptions?: { isolationLevel?: string; accessMode?: string; deferrable?: boolean } | false
  /** Where Payload's Local API finds the transaction of `req.transactionID`. */
  sessions: Record<string, Session>
}

/**
 * How drizzle's node-postgres driver reads columns: timestamps, dates, intervals and numeric
 * arrays stay text. `tx.query` reads rows the same way whether drizzle or this module sends
 * the statement, so services see one format (tests/db/transaction.test.ts compares the two).
 */
const asText = (value: string): string => value
const TEXT_TYPES = new Set<number>([
  pg.types.builtins.TIMESTAMPTZ,
  pg.types.builtins.TIMESTAMP,
  pg.types.builtins.DATE,
  pg.types.builtins.INTERVAL,
  1231, // numeric[]
  1115, // timestamp[]
  1185, // timestamptz[]
  1187, // interval[]
  1182, // date[]
])
const driverTypes = {
  getTypeParser: (oid: number, format?: string) => (TEXT_TYPES.has(oid) ? asText : pg.types.getTypeParser(oid, format as 'text')),
} as pg.CustomTypesConfig

/** `BEGIN` with the adapter's transaction options, as drizzle writes them. */
function beginStatement(options: TransactionAdapter['transactionOptions']): string {
  if (!options) return 'BEGIN'
  const parts = ['BEGIN']
  if (options.isolationLevel) parts.push(`ISOLATION LEVEL ${options.isolationLevel}`)
  if (options.accessMode) parts.push(options.accessMode)
  if (typeof options.deferrable === 'boolean') parts.push(options.deferrable ? 'DEFERRABLE' : 'NOT DEFERRABLE')
  return parts.join(' ')
}

/**
 * A transaction on one connection of the primary's pool, registered with the adapter under a
 * new id so that Local API calls given `req.transactionID` join it, as `beginTransaction`
 * registers its own.
 *
 * The statements of `tx.query` go straight to the connection. Drizzle's transaction object —
 * which Payload's queries need — is made only when a Local API call first asks the adapter for
 * this transaction: building one makes a relational query builder for each of the ~100 tables,
 * and with drizzle's per-statement wrapping that was a tenth of the server's CPU per purchase,
 * whose transaction makes no Local API call at all.
 */
async function begin(payload: Payload): Promise<{ id: string; query: Tx['query']; commit: () => Promise<void>; rollback: () => Promise<void> }> {
  const adapter = payload.db as unknown as TransactionAdapter
  await adapter.initializing
  const client = await adapter.pool.connect()
  try {
    await client.query(beginStatement(adapter.transactionOptions))
  } catch (error) {
    // A connection that cannot even begin is not given to anyone else.
    client.release(error instanceof Error ? error : true)
    throw error
  }
  const drizzleDb = adapter.primaryDrizzle ?? adapter.drizzle
  const { dialect } = drizzleDb
  const id = randomUUID()
  let ending: Promise<void> | undefined
  const end = (commit: boolean): Promise<void> => {
    if (ending) return ending
    delete adapter.sessions[id]
    ending = client.query(commit ? 'COMMIT' : 'ROLLBACK').then(
      (result) => {
        client.release()
        // COMMIT of a transaction that had failed is answered ROLLBACK, not an error.
        if (commit && result.command === 'ROLLBACK') throw new Error('the transaction was rolled back at COMMIT')
      },
      (error: unknown) => {
        // A COMMIT or ROLLBACK that failed leaves the connection in doubt: when the server has
        // just gone away, the error can arrive before the socket's end, and a connection
        // released then would look healthy to the pool and fail the next caller. Discard it.
        client.release(error instanceof Error ? error : true)
        throw error
      },
    )
    return ending
  }
  // A rollback that cannot reach the server is moot: the server drops the transaction with the
  // connection. Payload rolls back through `reject` when one of its operations fails inside.
  const rollback = () => end(false).catch(() => undefined)
  let db: unknown
  adapter.sessions[id] = {
    get db() {
      if (!db) {
        const { session } = drizzleDb
        const Session = session.constructor
        db = new NodePgTransaction(dialect as never, new Session(client, dialect, session.schema, session.options) as never, session.schema as never)
      }
      return db
    },
    resolve: () => end(true),
    reject: rollback,
  }
  return {
    id,
    query: (statement, name) => {
      if (ending) return Promise.reject(new Error('the transaction has ended'))
      return send(client, dialect, statement, name)
    },
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
