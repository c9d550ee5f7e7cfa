import { AsyncLocalStorage } from 'node:async_hooks'

import { sql } from '@payloadcms/db-postgres'
import type { SQL } from '@payloadcms/db-postgres/drizzle'

import { serverNow } from '../clock'

type Query = <Row = Record<string, unknown>>(statement: SQL) => Promise<Row[]>

/** The action's claiming transaction, left open until its answer is known (see `withTransaction`). */
export type OpenClaim = { query: Query; commit: () => Promise<void>; rollback: () => Promise<void> }

/**
 * The `Idempotency-Key` of the write being handled (src/endpoints/idempotency.ts), claimed by
 * the first transaction the write opens: the key row is inserted there, so it commits exactly
 * when the action's changes do, and a replay is recognised whatever the action is.
 */
export type ActionKey = {
  user: number
  key: string
  fingerprint: string
  /** The key row, once this request's first transaction inserted it. */
  claimedId?: number
  /** That transaction, when it is still open so the answer can be stored in it. */
  open?: OpenClaim
}

export const actionKeys = new AsyncLocalStorage<ActionKey>()

export type StoredAnswer = { id: number; fingerprint: string; status: number | null; response: string | null }

/** A key row as PostgreSQL returns it (numbers as strings) → a stored answer. */
export const storedAnswer = (row: { id: number | string; fingerprint: string; status: string | number | null; response: string | null }): StoredAnswer => ({
  id: Number(row.id),
  fingerprint: row.fingerprint,
  status: row.status == null ? null : Number(row.status),
  response: row.response,
})

/** Thrown from inside a transaction when the key was already taken: the transaction rolls back. */
export class ActionKeyTaken extends Error {
  constructor(public readonly stored: StoredAnswer) {
    super('idempotency key already used')
  }
}

/**
 * Called by `withTransaction` as its first statement; returns what to undo if it rolls back.
 * Inside a keyed write, the first transaction inserts the key row; a concurrent duplicate
 * waits on the unique index until the first one commits (then finds the row) or rolls back
 * (then takes the key itself).
 */
export async function claimActionKey(query: Query): Promise<(() => void) | undefined> {
  const action = actionKeys.getStore()
  if (!action || action.claimedId !== undefined) return undefined
  const at = serverNow()
  const [mine] = await query<{ id: number }>(sql`
    INSERT INTO idempotency_keys (user_id, key, fingerprint, created_at, updated_at)
    VALUES (${action.user}, ${action.key}, ${action.fingerprint}, ${at}, ${at})
    ON CONFLICT (user_id, key) DO NOTHING RETURNING id`)
  if (mine) {
    action.claimedId = Number(mine.id)
    // A rolled-back transaction takes its key row with it: the key is free again.
    return () => {
      action.claimedId = undefined
    }
  }
  const [stored] = await query<{ id: number; fingerprint: string; status: string | null; response: string | null }>(sql`
    SELECT id, fingerprint, status, response FROM idempotency_keys WHERE user_id = ${action.user} AND key = ${action.key}`)
  if (!stored) throw new Error('idempotency key vanished between insert and read')
  throw new ActionKeyTaken(storedAnswer(stored))
}

/** Stores the answer to the action's key (in the claiming transaction, or on its own afterwards). */
export async function storeAnswer(query: Query, action: ActionKey, status: number, text: string): Promise<void> {
  if (action.claimedId === undefined) return
  await query(sql`UPDATE idempotency_keys SET status = ${status}, response = ${text}, updated_at = ${serverNow()} WHERE id = ${action.claimedId}`)
}

/**
 * Commits the claiming transaction left open, without an answer: the action goes on with another
 * transaction (its locks must not be held across it), and stores its answer when it ends.
 */
export async function commitOpenClaim(): Promise<void> {
  const action = actionKeys.getStore()
  const open = action?.open
  if (!action || !open) return
  action.open = undefined
  await open.commit()
}
