import type { Pool } from 'pg'

import { shownStatement } from './harness'

/**
 * The SQL of one shop purchase (`item: 'ticket'`, `quantity: 1`) as `buy()` in
 * src/services/economy/shop.ts and `post` in src/services/economy/ledger.ts send it
 * (whitespace collapsed). `economy.ts` runs one real purchase through the service and checks that
 * it sends exactly `expectedPurchaseSql`, so a change of the service cannot silently leave this
 * baseline measuring something else.
 */
type Statement = { name: string; text: string }

/**
 * Prepared statements, as the service's are (so both sides skip the same planning), under names
 * of their own: the raw pool also runs the services' statements, under the services' names and
 * with their whitespace, and node-postgres refuses a second text under a name it has prepared.
 */
export const statements = {
  price: {
    name: 'raw-purchase-price',
    text: 'SELECT shop_ticket_price_coins AS ticket, shop_streak_freeze_price_coins AS freeze, shop_max_streak_freezes AS max FROM economy LIMIT 1',
  },
  lock: { name: 'raw-purchase-lock', text: 'SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE' },
  replay: {
    name: 'raw-purchase-replay',
    text: 'SELECT id, currency, delta, balance_after, idempotency_key FROM reward_ledger WHERE user_id = $1 AND idempotency_key IN ($2, $3)',
  },
  // Both balances move and both ledger rows are written in one statement, as `post()` does it.
  post: {
    name: 'raw-purchase-post',
    text:
      'WITH bal AS ( UPDATE users SET coins = coins + $1::integer, tickets = tickets + $2::integer WHERE id = $3 AND coins + $4::integer >= 0 AND tickets + $5::integer >= 0 ' +
      'RETURNING xp, coins, tickets, streak_freezes ), entry AS ( INSERT INTO reward_ledger ' +
      '(user_id, currency, delta, balance_after, reason, source_type, source_id, idempotency_key, created_by_id, note, created_at, updated_at) ' +
      "SELECT $6, e.currency, e.delta, CASE e.currency WHEN 'xp' THEN bal.xp WHEN 'coins' THEN bal.coins WHEN 'tickets' THEN bal.tickets ELSE bal.streak_freezes END, " +
      'e.reason, e.source_type, e.source_id, e.key, e.created_by, e.note, $7, $8 FROM bal, (VALUES ' +
      '($9::enum_reward_ledger_currency, $10::integer, $11::varchar, $12::varchar, $13::varchar, $14::varchar, $15::integer, $16::varchar), ' +
      '($17::enum_reward_ledger_currency, $18::integer, $19::varchar, $20::varchar, $21::varchar, $22::varchar, $23::integer, $24::varchar)) ' +
      'AS e(currency, delta, reason, source_type, source_id, key, created_by, note) RETURNING id, currency, delta, balance_after, idempotency_key ) ' +
      'SELECT entry.*, bal.* FROM entry, bal',
  },
} as const satisfies Record<string, Statement | Record<string, Statement>>

const shown = (s: Statement): string => shownStatement(s.text, true)

/** Statement texts of one purchase, in order (BEGIN and COMMIT are the adapter's, not the service's). */
export const expectedPurchaseSql: readonly string[] = [statements.price, statements.lock, statements.replay, statements.post].map(shown)

/** The economy global's default ticket price, used by `shopPrices()` when the global was never saved. */
const DEFAULT_TICKET_PRICE = 20

/**
 * One ticket purchase in one transaction on a connection of its own, as the adapter runs it
 * (check out a pool client, `begin`, the statements, `commit`, release).
 */
export async function rawPurchase(pool: Pool, user: number, purchaseId: string): Promise<void> {
  const client = await pool.connect()
  try {
    await client.query('begin')
    const price = await client.query<{ ticket: string | null }>(statements.price)
    const ticket = price.rows[0]?.ticket
    const unit = ticket == null ? DEFAULT_TICKET_PRICE : Number(ticket)
    // As `post()` in ledger.ts: lock, one replay check of both keys, one statement for both changes.
    const keys = [`shop:${purchaseId}:coins`, `shop:${purchaseId}:ticket`]
    const locked = await client.query({ ...statements.lock, values: [user] })
    if (!locked.rowCount) throw new Error(`user ${user} not found`)
    const existing = await client.query({ ...statements.replay, values: [user, ...keys] })
    if (!existing.rowCount) {
      const at = new Date()
      const row = (currency: string, delta: number, key: string) => [currency, delta, 'shop_purchase', 'shop', 'ticket', key, null, null]
      const written = await client.query({
        ...statements.post,
        values: [-unit, 1, user, -unit, 1, user, at, at, ...row('coins', -unit, keys[0] as string), ...row('tickets', 1, keys[1] as string)],
      })
      if (!written.rowCount) throw new Error(`user ${user}: insufficient coins`)
    }
    await client.query('commit')
  } catch (error) {
    await client.query('rollback').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}
