import { sql } from '@payloadcms/db-postgres'
import { APIError, NotFound } from 'payload'

import { now } from '../../clock'
import type { Tx } from '../../db/transaction'
import { balanceColumn } from './currencies'
import type { Currency } from './currencies'
import { InsufficientFunds } from './errors'
import { isoWeek } from './leaderboard'

export type LedgerChange = {
  user: number
  currency: Currency
  /** Positive whole number: what to add (grant) or take (spend). */
  amount: number
  /** Why, in a word or two: `module_complete`, `shop_purchase`, `admin_adjustment` … */
  reason: string
  sourceType?: string
  sourceId?: string | number
  /**
   * Derived by the server from what is being paid for (`module:12`, `venue-entry:40`,
   * `quest:3:2026-11-25` …), unique per learner: a second change with the same key is a replay.
   */
  key: string
  createdBy?: number
  note?: string
}

export type LedgerEntry = {
  id: number
  currency: Currency
  delta: number
  balanceAfter: number
  key: string
  /** True when this key had already been applied: nothing changed this time. */
  replayed: boolean
}

type Row = { id: number; currency: Currency; delta: string; balance_after: string; idempotency_key: string }

const toEntry = (row: Row, replayed: boolean): LedgerEntry => ({
  id: Number(row.id),
  currency: row.currency,
  delta: Number(row.delta),
  balanceAfter: Number(row.balance_after),
  key: row.idempotency_key,
  replayed,
})

/** Gives `amount` of a currency: one ledger row and one balance update, in `tx`. */
export const grant = (tx: Tx, change: LedgerChange): Promise<LedgerEntry> => apply(tx, change, 1)

/** Takes `amount`; throws `InsufficientFunds` (409) and changes nothing if the balance is short. */
export const spend = (tx: Tx, change: LedgerChange): Promise<LedgerEntry> => apply(tx, change, -1)

async function apply(tx: Tx, change: LedgerChange, sign: 1 | -1): Promise<LedgerEntry> {
  const { user, currency, amount, key } = change
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new APIError('amount must be a positive whole number', 500)
  if (!key || key.length > 255) throw new APIError('an idempotency key of 1–255 characters is required', 500)
  const delta = sign * amount

  // Every statement here is named (prepared once per connection): they run on every reward and
  // purchase, and PostgreSQL spent as long planning them as running them. One text per name:
  // the balance UPDATE and the INSERT differ by currency, so their names do too.

  // 1. Lock the learner's row. Every change of one learner's balances queues here, so the
  //    replay check below sees whatever the previous change committed. NO KEY UPDATE, the
  //    strength of the balance UPDATE itself: FOR UPDATE also waits on the key-share locks that
  //    a row referencing the learner takes (an Idempotency-Key, an entry, an event inserted
  //    earlier in the same action), so two actions of one learner deadlocked (500 after 1 s).
  const locked = await tx.query(sql`SELECT id FROM users WHERE id = ${user} FOR NO KEY UPDATE`, 'ledger-lock')
  if (!locked.length) throw new NotFound()

  // 2. A replay returns the first result and changes nothing.
  const [existing] = await tx.query<Row>(
    sql`SELECT id, currency, delta, balance_after, idempotency_key FROM reward_ledger
        WHERE user_id = ${user} AND idempotency_key = ${key}`,
    'ledger-replay',
  )
  if (existing) return toEntry(existing, true)

  // 3. The balance moves only if it stays >= 0 (the CHECK constraint backs this up). XP also
  //    moves the learner level, in the same statement, from the economy global's thresholds.
  const column = sql.raw(balanceColumn[currency])
  const level =
    currency === 'xp'
      ? sql`, learner_level = COALESCE((SELECT max(l.level) FROM economy_learner_levels l WHERE l.min_xp <= users.xp + ${delta}), 1)`
      : sql``
  const [updated] = await tx.query<{ balance: string }>(
    sql`UPDATE users SET ${column} = ${column} + ${delta}${level}
        WHERE id = ${user} AND ${column} + ${delta} >= 0
        RETURNING ${column} AS balance`,
    `ledger-balance-${currency}`,
  )
  if (!updated) throw new InsufficientFunds(currency, amount)

  // 4. The ledger row, with the balance it produced. An XP row also adds to the learner's
  //    total of this ISO week in the same statement (the weekly leaderboard reads those totals),
  //    so the two cannot disagree: both commit or neither does, and the learner's row lock
  //    taken in step 1 orders concurrent upserts of one learner.
  const at = now()
  const ledgerRow = sql`INSERT INTO reward_ledger
          (user_id, currency, delta, balance_after, reason, source_type, source_id, idempotency_key, created_by_id, note, created_at, updated_at)
        VALUES (${user}, ${currency}, ${delta}, ${updated.balance}, ${change.reason}, ${change.sourceType ?? null},
                ${change.sourceId === undefined ? null : String(change.sourceId)}, ${key}, ${change.createdBy ?? null},
                ${change.note ?? null}, ${at}, ${at})
        RETURNING id, currency, delta, balance_after, idempotency_key`
  const [row] = await tx.query<Row>(
    currency === 'xp'
      ? sql`WITH entry AS (${ledgerRow}), week AS (
              INSERT INTO weekly_xp (user_id, week_start, xp, created_at, updated_at)
              VALUES (${user}, ${isoWeek(at).from}, ${delta}, ${at}, ${at})
              ON CONFLICT (user_id, week_start) DO UPDATE SET xp = weekly_xp.xp + EXCLUDED.xp, updated_at = EXCLUDED.updated_at
            )
            SELECT * FROM entry`
      : ledgerRow,
    currency === 'xp' ? 'ledger-insert-xp' : 'ledger-insert',
  )
  return toEntry(row as Row, false)
}
