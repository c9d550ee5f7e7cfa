import { sql } from '@payloadcms/db-postgres'

import type { Tx } from '../../db/transaction'

export type ShopPrices = { ticketPriceCoins: number; streakFreezePriceCoins: number; maxStreakFreezes: number }

/** Defaults when the economy global was never saved (the same as the global's field defaults). */
const defaults: ShopPrices = { ticketPriceCoins: 20, streakFreezePriceCoins: 50, maxStreakFreezes: 2 }

/** Shop prices from the `economy` global, read inside the action's transaction. */
export async function shopPrices(tx: Tx): Promise<ShopPrices> {
  const [row] = await tx.query<{ ticket: string | null; freeze: string | null; max: string | null }>(
    sql`SELECT shop_ticket_price_coins AS ticket, shop_streak_freeze_price_coins AS freeze, shop_max_streak_freezes AS max FROM economy LIMIT 1`,
  )
  return {
    ticketPriceCoins: row?.ticket == null ? defaults.ticketPriceCoins : Number(row.ticket),
    streakFreezePriceCoins: row?.freeze == null ? defaults.streakFreezePriceCoins : Number(row.freeze),
    maxStreakFreezes: row?.max == null ? defaults.maxStreakFreezes : Number(row.max),
  }
}
