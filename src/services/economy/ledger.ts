import { sql } from '@payloadcms/db-postgres'
import type { SQL } from '@payloadcms/db-postgres/drizzle'
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
 * The rewards of one action (XP and coins of a quest, XP and tickets of a module) as one `post`;
 * a reward of 0 or less (an author's setting) pays nothing and is left out. Entries in the order
 * given, null for one left out.
 */
export async function grantAll(tx: Tx, changes: LedgerChange[]): Promise<(LedgerEntry | null)[]> {
  const pays = (c: LedgerChange) => c.amount > 0
  const paid = changes.filter(pays)
  if (!paid.length) return changes.map(() => null)
  const { entries } = await post(tx, paid.map((c) => ({ ...c, kind: 'grant' as const })))
  let next = 0
  return changes.map((c) => (pays(c) ? (entries[next++] as LedgerEntry) : null))
}

type BalanceRow = { xp: string; coins: string; tickets: string; streak_freezes: string }
const toBalances = (row: BalanceRow): Balances => ({ xp: Number(row.xp), coins: Number(row.coins), tickets: Number(row.tickets), streak_freezes: Number(row.streak_freezes) })

/** The learner's balances as they are now in `tx` (exact while the learner's lock is held). */
export async function currentBalances(tx: Tx, user: number): Promise<Balances> {
  const [row] = await tx.query<BalanceRow>(sql`SELECT xp, coins, tickets, streak_freezes FROM users WHERE id = ${user}`, 'ledger-balances')
  if (!row) throw new NotFound()
  return toBalances(row)
}

/** Proof that the transaction holds the learner's row lock: only `lockLearner` makes one. */
export type Locked = { readonly user: number; readonly [lockedBrand]: true }
declare const lockedBrand: unique symbol

/**
 * Locks the learner's row for the rest of the transaction. Every change of one learner's
 * balances queues here, so each statement after it sees whatever the previous holder committed
 * (in READ COMMITTED a statement reads with a snapshot taken when it starts). NO KEY UPDATE, the
 * strength of the balance UPDATE itself: FOR UPDATE also waits on the key-share locks that a row
 * referencing the learner takes (an Idempotency-Key, an entry, an event inserted earlier in the
 * same action), so two actions of one learner deadlocked (500 after 1 s).
 *
 * `also` adds columns to the same statement (named `ledger-lock-<name>`), for an action that
 * needs a read before it knows what to post (the shop's prices): one round trip instead of two.
 * Those reads are as of the statement's start, not after any wait for the lock: only settings
 * belong there, never anything the lock orders.
 */
export async function lockLearner<Row extends Record<string, unknown> = Record<string, unknown>>(
  tx: Tx,
  user: number,
  also?: { columns: SQL; name: string },
): Promise<{ locked: Locked; row: Row }> {
  const [row] = await tx.query<Row>(
    sql`SELECT u.id${also ? sql`, ${also.columns}` : sql``} FROM users u WHERE u.id = ${user} FOR NO KEY UPDATE OF u`,
    also ? `ledger-lock-${also.name}` : 'ledger-lock',
  )
  if (!row) throw new NotFound()
  return { locked: { user } as Locked, row }
}

/**
 * Changes of one learner's balances that belong to one action (a purchase's coins out and
 * tickets in, a module's XP and tickets), in `tx`, in two statements however many there are:
 * the lock (unless the caller holds it already), and one statement that checks every key for a
 * replay, moves every balance and writes every ledger row. Each posting is its own ledger row,
 * replayed on its own by its key. At most one posting per currency, so each row's
 * `balance_after` is the balance the statement produced. A spend that would take a balance
 * below zero throws `InsufficientFunds` and changes nothing.
 */
export async function post(tx: Tx, postings: Posting[], held?: Locked): Promise<Posted> {
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
  if (held && held.user !== user) throw new APIError('the lock held is another learner\'s', 500)

  // Both statements are named (prepared once per connection): they run on every reward and
  // purchase, and PostgreSQL spent as long planning them as running them. One text per name:
  // the second statement's text depends on which currencies move, and so does its name.

  // 1. The learner's row lock, so that the statement below sees every change committed before.
  if (!held) await lockLearner(tx, user)

  // 2. One statement, in the order it reads:
  //    - `existing`: the ledger rows of these keys. A replayed key returns its first result and
  //      changes nothing. Keys as a list of parameters, not one array: with `= ANY($n)` the
  //      check was planned anew on every call (--pg-stats: 0.13 of 0.15 ms).
  //    - `e`: the postings whose keys are new.
  //    - `bal`: every balance moves by its new posting, only if none goes below zero (the CHECK
  //      constraint backs this up) and only if there is one; XP also moves the learner level,
  //      from the economy global's thresholds. When a balance would go negative it matches no
  //      row, and so nothing below is written either.
  //    - `entry`: the ledger rows, with the balance each produced.
  //    - `week`: an XP posting also adds to the learner's total of this ISO week (the weekly
  //      leaderboard reads those totals), so the two cannot disagree.
  //    All of it commits or none does; the lock of step 1 orders concurrent posts of a learner.
  const ordered = [...postings].sort((a, b) => currencies.indexOf(a.currency) - currencies.indexOf(b.currency))
  const at = now()
  const delta = (p: Posting) => (p.kind === 'grant' ? p.amount : -p.amount)
  // A currency's move: its posting's delta if that posting is new, else 0.
  const move = (c: Currency) => sql`COALESCE((SELECT e.delta FROM e WHERE e.currency = ${c}::enum_reward_ledger_currency), 0)`
  const column = (c: Currency) => sql.raw(balanceColumn[c])
  const moves = sql.join(ordered.map((p) => sql`${column(p.currency)} = ${column(p.currency)} + ${move(p.currency)}`), sql`, `)
  const floors = sql.join(ordered.map((p) => sql`${column(p.currency)} + ${move(p.currency)} >= 0`), sql` AND `)
  // Each row's balance_after: the balance of its own currency, as the UPDATE returned it.
  const balanceAfter = sql.join(currencies.map((c) => sql.raw(`WHEN '${c}' THEN bal.${balanceColumn[c]}`)), sql` `)
  const hasXp = ordered.some((p) => p.currency === 'xp')
  const level = hasXp ? sql`, learner_level = COALESCE((SELECT max(l.level) FROM economy_learner_levels l WHERE l.min_xp <= users.xp + ${move('xp')}), 1)` : sql``
  const rows = sql.join(
    ordered.map(
      (p) => sql`(${p.currency}::enum_reward_ledger_currency, ${delta(p)}::integer, ${p.reason}::varchar, ${p.sourceType ?? null}::varchar,
                  ${p.sourceId === undefined ? null : String(p.sourceId)}::varchar, ${p.key}::varchar, ${p.createdBy ?? null}::integer, ${p.note ?? null}::varchar)`,
    ),
    sql`, `,
  )
  const week = hasXp
    ? sql`, week AS (
          INSERT INTO weekly_xp (user_id, week_start, xp, created_at, updated_at)
          SELECT ${user}, ${isoWeek(at).from}, e.delta, ${at}, ${at} FROM bal, e WHERE e.currency = 'xp'
          ON CONFLICT (user_id, week_start) DO UPDATE SET xp = weekly_xp.xp + EXCLUDED.xp, updated_at = EXCLUDED.updated_at
        )`
    : sql``
  const written = await tx.query<Row & Partial<BalanceRow> & { replayed: boolean }>(
    sql`WITH existing AS (
          SELECT id, currency, delta, balance_after, idempotency_key FROM reward_ledger
           WHERE user_id = ${user} AND idempotency_key IN (${sql.join(ordered.map((p) => sql`${p.key}`), sql`, `)})
        ), e AS (
          SELECT * FROM (VALUES ${rows}) AS v(currency, delta, reason, source_type, source_id, key, created_by, note)
           WHERE v.key NOT IN (SELECT idempotency_key FROM existing)
        ), bal AS (
          UPDATE users SET ${moves}${level}
           WHERE id = ${user} AND EXISTS (SELECT 1 FROM e) AND ${floors}
          RETURNING xp, coins, tickets, streak_freezes
        ), entry AS (
          INSERT INTO reward_ledger
                 (user_id, currency, delta, balance_after, reason, source_type, source_id, idempotency_key, created_by_id, note, created_at, updated_at)
          SELECT ${user}, e.currency, e.delta,
                 CASE e.currency ${balanceAfter} END,
                 e.reason, e.source_type, e.source_id, e.key, e.created_by, e.note, ${at}, ${at}
            FROM bal, e
          RETURNING id, currency, delta, balance_after, idempotency_key
        )${week}
        SELECT false AS replayed, entry.*, bal.xp, bal.coins, bal.tickets, bal.streak_freezes FROM entry, bal
        UNION ALL
        SELECT true, existing.*, NULL, NULL, NULL, NULL FROM existing`,
    `ledger-post-${ordered.map((p) => p.currency).join('+')}`,
  )
  const replayed = new Map(written.filter((r) => r.replayed).map((r) => [r.idempotency_key, toEntry(r, true)]))
  const made = written.filter((r) => !r.replayed)
  const fresh = postings.filter((p) => !replayed.has(p.key))
  if (fresh.length && !made.length) {
    // Which spend was short, for the error: the lock is held, so the balances are as the UPDATE saw them.
    const current = await currentBalances(tx, user)
    const short = fresh.find((p) => p.kind === 'spend' && current[p.currency] < p.amount) ?? (fresh.find((p) => p.kind === 'spend') as Posting)
    throw new InsufficientFunds(short.currency, short.amount)
  }
  const entries = new Map([...replayed, ...made.map((r) => [r.idempotency_key, toEntry(r, false)] as const)])
  return {
    entries: postings.map((p) => entries.get(p.key) as LedgerEntry),
    balances: made.length ? toBalances(made[0] as BalanceRow) : null,
  }
}
