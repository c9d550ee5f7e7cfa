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
  // The learner's lock and the economy global's prices in one statement, as `buy()` reads them.
  lock: {
    name: 'raw-purchase-lock',
    text:
      'SELECT u.id, (SELECT shop_ticket_price_coins FROM economy LIMIT 1) AS ticket, (SELECT shop_streak_freeze_price_coins FROM economy LIMIT 1) AS freeze, ' +
      '(SELECT shop_max_streak_freezes FROM economy LIMIT 1) AS max FROM users u WHERE u.id = $1 FOR NO KEY UPDATE OF u',
  },
  // The replay check of both keys, both balances and both ledger rows in one statement, as `post()` does it.
  post: {
    name: 'raw-purchase-post',
    text:
      'WITH existing AS ( SELECT id, currency, delta, balance_after, idempotency_key FROM reward_ledger WHERE user_id = $1 AND idempotency_key IN ($2, $3) ), ' +
      'e AS ( SELECT * FROM (VALUES ($4::enum_reward_ledger_currency, $5::integer, $6::varchar, $7::varchar, $8::varchar, $9::varchar, $10::integer, $11::varchar), ' +
      '($12::enum_reward_ledger_currency, $13::integer, $14::varchar, $15::varchar, $16::varchar, $17::varchar, $18::integer, $19::varchar)) ' +
      'AS v(currency, delta, reason, source_type, source_id, key, created_by, note) WHERE v.key NOT IN (SELECT idempotency_key FROM existing) ), ' +
      'bal AS ( UPDATE users SET coins = coins + COALESCE((SELECT e.delta FROM e WHERE e.currency = $20::enum_reward_ledger_currency), 0), ' +
      'tickets = tickets + COALESCE((SELECT e.delta FROM e WHERE e.currency = $21::enum_reward_ledger_currency), 0) ' +
      'WHERE id = $22 AND EXISTS (SELECT 1 FROM e) AND coins + COALESCE((SELECT e.delta FROM e WHERE e.currency = $23::enum_reward_ledger_currency), 0) >= 0 ' +
      'AND tickets + COALESCE((SELECT e.delta FROM e WHERE e.currency = $24::enum_reward_ledger_currency), 0) >= 0 RETURNING xp, coins, tickets, streak_freezes ), ' +
      'entry AS ( INSERT INTO reward_ledger (user_id, currency, delta, balance_after, reason, source_type, source_id, idempotency_key, created_by_id, note, created_at, updated_at) ' +
      "SELECT $25, e.currency, e.delta, CASE e.currency WHEN 'xp' THEN bal.xp WHEN 'coins' THEN bal.coins WHEN 'tickets' THEN bal.tickets WHEN 'streak_freezes' THEN bal.streak_freezes END, " +
      'e.reason, e.source_type, e.source_id, e.key, e.created_by, e.note, $26, $27 FROM bal, e RETURNING id, currency, delta, balance_after, idempotency_key ) ' +
      'SELECT false AS replayed, entry.*, bal.xp, bal.coins, bal.tickets, bal.streak_freezes FROM entry, bal UNION ALL SELECT true, existing.*, NULL, NULL, NULL, NULL FROM existing',
  },
} as const satisfies Record<string, Statement | Record<string, Statement>>

const shown = (s: Statement): string => shownStatement(s.text, true)

/** Statement texts of one purchase, in order (BEGIN and COMMIT are the adapter's, not the service's). */
export const expectedPurchaseSql: readonly string[] = [statements.lock, statements.post].map(shown)

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
    // As `buy()` and `post()`: the lock with the prices, then one statement for both changes.
    const locked = await client.query<{ ticket: string | null }>({ ...statements.lock, values: [user] })
    if (!locked.rowCount) throw new Error(`user ${user} not found`)
    const ticket = locked.rows[0]?.ticket
    const unit = ticket == null ? DEFAULT_TICKET_PRICE : Number(ticket)
    const keys = [`shop:${purchaseId}:coins`, `shop:${purchaseId}:ticket`]
    const at = new Date()
    const row = (currency: string, delta: number, key: string) => [currency, delta, 'shop_purchase', 'shop', 'ticket', key, null, null]
    const written = await client.query({
      ...statements.post,
      values: [user, ...keys, ...row('coins', -unit, keys[0] as string), ...row('tickets', 1, keys[1] as string), 'coins', 'tickets', user, 'coins', 'tickets', user, at, at],
    })
    if (!written.rowCount) throw new Error(`user ${user}: insufficient coins`)
    await client.query('commit')
  } catch (error) {
    await client.query('rollback').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}
