import type { Pool, PoolClient } from 'pg'

import { shownStatement } from './harness'

/**
 * The SQL of one shop purchase (`item: 'ticket'`, `quantity: 1`) as `buy()` in
 * src/services/economy/shop.ts and `grant`/`spend` in src/services/economy/ledger.ts send it
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
    text: 'SELECT id, currency, delta, balance_after, idempotency_key FROM reward_ledger WHERE user_id = $1 AND idempotency_key = $2',
  },
  update: {
    coins: { name: 'raw-purchase-coins', text: 'UPDATE users SET coins = coins + $1 WHERE id = $2 AND coins + $3 >= 0 RETURNING coins AS balance' },
    tickets: { name: 'raw-purchase-tickets', text: 'UPDATE users SET tickets = tickets + $1 WHERE id = $2 AND tickets + $3 >= 0 RETURNING tickets AS balance' },
  },
  insert: {
    name: 'raw-purchase-insert',
    text:
      'INSERT INTO reward_ledger (user_id, currency, delta, balance_after, reason, source_type, source_id, idempotency_key, created_by_id, note, created_at, updated_at) ' +
      'VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id, currency, delta, balance_after, idempotency_key',
  },
  balances: { name: 'raw-purchase-balances', text: 'SELECT coins, tickets, streak_freezes FROM users WHERE id = $1' },
} as const satisfies Record<string, Statement | Record<string, Statement>>

const shown = (s: Statement): string => shownStatement(s.text, true)

/** Statement texts of one purchase, in order (BEGIN and COMMIT are the adapter's, not the service's). */
export const expectedPurchaseSql: readonly string[] = [
  statements.price,
  statements.lock,
  statements.replay,
  statements.update.coins,
  statements.insert,
  statements.lock,
  statements.replay,
  statements.update.tickets,
  statements.insert,
  statements.balances,
].map(shown)

/** The economy global's default ticket price, used by `shopPrices()` when the global was never saved. */
const DEFAULT_TICKET_PRICE = 20

type Currency = keyof typeof statements.update

/** One ledger change, statement for statement as `apply()` in ledger.ts. */
async function applyChange(client: PoolClient, user: number, currency: Currency, delta: number, key: string): Promise<void> {
  const locked = await client.query({ ...statements.lock, values: [user] })
  if (!locked.rowCount) throw new Error(`user ${user} not found`)
  const existing = await client.query({ ...statements.replay, values: [user, key] })
  if (existing.rowCount) return
  const updated = await client.query<{ balance: string }>({ ...statements.update[currency], values: [delta, user, delta] })
  const balance = updated.rows[0]?.balance
  if (balance === undefined) throw new Error(`user ${user}: insufficient ${currency}`)
  const at = new Date()
  await client.query({ ...statements.insert, values: [user, currency, delta, balance, 'shop_purchase', 'shop', 'ticket', key, null, null, at, at] })
}

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
    await applyChange(client, user, 'coins', -unit, `shop:${purchaseId}:coins`)
    await applyChange(client, user, 'tickets', 1, `shop:${purchaseId}:ticket`)
    await client.query({ ...statements.balances, values: [user] })
    await client.query('commit')
  } catch (error) {
    await client.query('rollback').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}
