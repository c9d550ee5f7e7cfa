import { sql } from '@payloadcms/db-postgres'
import { APIError, NotFound } from 'payload'

import { now } from '../../clock'
import type { Tx } from '../../db/transaction'
import { balanceColumn, currencies } from './currencies'
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

/** One change in a `post`: a grant adds `amount`, a spend takes it. */
export type Posting = LedgerChange & { kind: 'grant' | 'spend' }

/** The learner's balances after a `post` that changed something. */
export type Balances = Record<Currency, number>

export type Posted = {
  /** In the order of the postings given. */
  entries: LedgerEntry[]
  /** Null when every posting was a replay (nothing changed, nothing read). */
  balances: Balances | null
}

/** Gives `amount` of a currency: one ledger row and one balance update, in `tx`. */
export const grant = async (tx: Tx, change: LedgerChange): Promise<LedgerEntry> => (await post(tx, [{ ...change, kind: 'grant' }])).entries[0] as LedgerEntry

/** Takes `amount`; throws `InsufficientFunds` (409) and changes nothing if the balance is short. */
export const spend = async (tx: Tx, change: LedgerChange): Promise<LedgerEntry> => (await post(tx, [{ ...change, kind: 'spend' }])).entries[0] as LedgerEntry

/**
 * Grants of one action (XP and coins of a quest, XP and tickets of a module) as one `post`;
 * a change of amount 0 is left out. Entries in the order given, null for one left out.
 */
export async function grantAll(tx: Tx, changes: LedgerChange[]): Promise<(LedgerEntry | null)[]> {
  const paid = changes.filter((c) => c.amount !== 0)
  if (!paid.length) return changes.map(() => null)
  const { entries } = await post(tx, paid.map((c) => ({ ...c, kind: 'grant' as const })))
  let next = 0
  return changes.map((c) => (c.amount === 0 ? null : (entries[next++] as LedgerEntry)))
}

type BalanceRow = { xp: string; coins: string; tickets: string; streak_freezes: string }
const toBalances = (row: BalanceRow): Balances => ({ xp: Number(row.xp), coins: Number(row.coins), tickets: Number(row.tickets), streak_freezes: Number(row.streak_freezes) })

/**
 * Changes of one learner's balances that belong to one action (a purchase's coins out and
 * tickets in, a module's XP and tickets), in `tx`, in three statements however many there are:
 * the lock, one replay check of every key, and one statement that moves every balance and writes
 * every ledger row. Each posting is its own ledger row, replayed on its own by its key. At most
 * one posting per currency, so each row's `balance_after` is the balance the statement produced.
 * A spend that would take a balance below zero throws `InsufficientFunds` and changes nothing.
 */
export async function post(tx: Tx, postings: Posting[]): Promise<Posted> {
  const user = postings[0]?.user
  if (user === undefined) throw new APIError('nothing to post', 500)
  const seen = new Set<Currency>()
  for (const { user: owner, currency, amount, key } of postings) {
    if (owner !== user) throw new APIError('one post changes one learner', 500)
    if (seen.has(currency)) throw new APIError('one post changes a currency once', 500)
    seen.add(currency)
    if (!Number.isSafeInteger(amount) || amount <= 0) throw new APIError('amount must be a positive whole number', 500)
    if (!key || key.length > 255) throw new APIError('an idempotency key of 1–255 characters is required', 500)
  }

  // Every statement here is named (prepared once per connection): they run on every reward and
  // purchase, and PostgreSQL spent as long planning them as running them. One text per name: the
  // last statement's text depends on which currencies move, and so does its name.

  // 1. Lock the learner's row. Every change of one learner's balances queues here, so the
  //    replay check below sees whatever the previous change committed. NO KEY UPDATE, the
  //    strength of the balance UPDATE itself: FOR UPDATE also waits on the key-share locks that
  //    a row referencing the learner takes (an Idempotency-Key, an entry, an event inserted
  //    earlier in the same action), so two actions of one learner deadlocked (500 after 1 s).
  //    Not folded into the replay check: a statement that waits for the lock still reads with
  //    the snapshot it started with, and would miss the key that the holder just committed.
  const locked = await tx.query(sql`SELECT id FROM users WHERE id = ${user} FOR NO KEY UPDATE`, 'ledger-lock')
  if (!locked.length) throw new NotFound()

  // 2. A replayed key returns its first result and changes nothing. The keys as a list of
  //    parameters, not one array: with `= ANY($2)` PostgreSQL never settled on a generic plan and
  //    planned the prepared statement anew on every call (--pg-stats: 0.13 of 0.15 ms).
  const keys = postings.map((p) => p.key)
  const existing = await tx.query<Row>(
    sql`SELECT id, currency, delta, balance_after, idempotency_key FROM reward_ledger
        WHERE user_id = ${user} AND idempotency_key IN (${sql.join(keys.map((k) => sql`${k}`), sql`, `)})`,
    `ledger-replay-${keys.length}`,
  )
  const replayed = new Map(existing.map((row) => [row.idempotency_key, toEntry(row, true)]))
  const fresh = postings.filter((p) => !replayed.has(p.key))
  if (!fresh.length) return { entries: keys.map((k) => replayed.get(k) as LedgerEntry), balances: null }

  // 3. One statement: the balances move only if none goes below zero (the CHECK constraint
  //    backs this up), XP also moves the learner level from the economy global's thresholds,
  //    and the ledger rows record the balance each produced. An XP row also adds to the
  //    learner's total of this ISO week (the weekly leaderboard reads those totals), so the two
  //    cannot disagree: all of it commits or none does, and the lock of step 1 orders concurrent
  //    upserts of one learner. When a balance would go negative the UPDATE matches no row, and
  //    so nothing is inserted either.
  fresh.sort((a, b) => currencies.indexOf(a.currency) - currencies.indexOf(b.currency))
  const at = now()
  const delta = (p: Posting) => (p.kind === 'grant' ? p.amount : -p.amount)
  const xp = fresh.find((p) => p.currency === 'xp')
  const moves = sql.join(
    fresh.map((p) => {
      const column = sql.raw(balanceColumn[p.currency])
      return sql`${column} = ${column} + ${delta(p)}::integer`
    }),
    sql`, `,
  )
  const level = xp ? sql`, learner_level = COALESCE((SELECT max(l.level) FROM economy_learner_levels l WHERE l.min_xp <= users.xp + ${delta(xp)}::integer), 1)` : sql``
  const floors = sql.join(
    fresh.map((p) => {
      const column = sql.raw(balanceColumn[p.currency])
      return sql`${column} + ${delta(p)}::integer >= 0`
    }),
    sql` AND `,
  )
  const rows = sql.join(
    fresh.map(
      (p) => sql`(${p.currency}::enum_reward_ledger_currency, ${delta(p)}::integer, ${p.reason}::varchar, ${p.sourceType ?? null}::varchar,
                  ${p.sourceId === undefined ? null : String(p.sourceId)}::varchar, ${p.key}::varchar, ${p.createdBy ?? null}::integer, ${p.note ?? null}::varchar)`,
    ),
    sql`, `,
  )
  const week = xp
    ? sql`, week AS (
          INSERT INTO weekly_xp (user_id, week_start, xp, created_at, updated_at)
          SELECT ${user}, ${isoWeek(at).from}, ${delta(xp)}::integer, ${at}, ${at} FROM bal
          ON CONFLICT (user_id, week_start) DO UPDATE SET xp = weekly_xp.xp + EXCLUDED.xp, updated_at = EXCLUDED.updated_at
        )`
    : sql``
  const written = await tx.query<Row & BalanceRow>(
    sql`WITH bal AS (
          UPDATE users SET ${moves}${level}
           WHERE id = ${user} AND ${floors}
          RETURNING xp, coins, tickets, streak_freezes
        ), entry AS (
          INSERT INTO reward_ledger
                 (user_id, currency, delta, balance_after, reason, source_type, source_id, idempotency_key, created_by_id, note, created_at, updated_at)
          SELECT ${user}, e.currency, e.delta,
                 CASE e.currency WHEN 'xp' THEN bal.xp WHEN 'coins' THEN bal.coins WHEN 'tickets' THEN bal.tickets ELSE bal.streak_freezes END,
                 e.reason, e.source_type, e.source_id, e.key, e.created_by, e.note, ${at}, ${at}
            FROM bal, (VALUES ${rows}) AS e(currency, delta, reason, source_type, source_id, key, created_by, note)
          RETURNING id, currency, delta, balance_after, idempotency_key
        )${week}
        SELECT entry.*, bal.* FROM entry, bal`,
    `ledger-post-${fresh.map((p) => p.currency).join('+')}`,
  )
  if (!written.length) {
    // Which spend was short, for the error: the lock is held, so the balances are as the UPDATE saw them.
    const [current] = await tx.query<BalanceRow>(sql`SELECT xp, coins, tickets, streak_freezes FROM users WHERE id = ${user}`, 'ledger-balances')
    const short = fresh.find((p) => p.kind === 'spend' && (current ? toBalances(current)[p.currency] : 0) < p.amount) ?? (fresh.find((p) => p.kind === 'spend') as Posting)
    throw new InsufficientFunds(short.currency, short.amount)
  }
  const made = new Map(written.map((row) => [row.idempotency_key, toEntry(row, false)]))
  return { entries: keys.map((k) => (replayed.get(k) ?? made.get(k)) as LedgerEntry), balances: toBalances(written[0] as BalanceRow) }
}
