import { sql } from '@payloadcms/db-postgres'

import type { Tx } from '../../db/transaction'

export type ShopPrices = { ticketPriceCoins: number; streakFreezePriceCoins: number; maxStreakFreezes: number }

/** Defaults when the economy global was never saved (the same as the global's field defaults). */
const defaults: ShopPrices = { ticketPriceCoins: 20, streakFreezePriceCoins: 50, maxStreakFreezes: 2 }

type PriceRow = { ticket: string | null; freeze: string | null; max: string | null }

/**
 * The shop prices of the `economy` global as columns of another statement (the purchase reads
 * them in the statement that locks the learner: src/services/economy/shop.ts).
 */
export const shopPriceColumns = sql`(SELECT shop_ticket_price_coins FROM economy LIMIT 1) AS ticket,
  (SELECT shop_streak_freeze_price_coins FROM economy LIMIT 1) AS freeze, (SELECT shop_max_streak_freezes FROM economy LIMIT 1) AS max`

/** Prices from a row with `shopPriceColumns`; the defaults where the global was never saved. */
export function toShopPrices(row: Partial<PriceRow> | undefined): ShopPrices {
  return {
    ticketPriceCoins: row?.ticket == null ? defaults.ticketPriceCoins : Number(row.ticket),
    streakFreezePriceCoins: row?.freeze == null ? defaults.streakFreezePriceCoins : Number(row.freeze),
    maxStreakFreezes: row?.max == null ? defaults.maxStreakFreezes : Number(row.max),
  }
}

export type StreakSettings = { step: number; cap: number }

/** The streak multiplier's step and cap from the `economy` global (defaults 0.1 and 2.0). */
export async function streakSettings(tx: Tx): Promise<StreakSettings> {
  const [row] = await tx.query<{ step: string | null; cap: string | null }>(
    sql`SELECT streak_multiplier_step AS step, streak_multiplier_cap AS cap FROM economy LIMIT 1`,
    'economy-streak-settings',
  )
  return { step: row?.step == null ? 0.1 : Number(row.step), cap: row?.cap == null ? 2 : Number(row.cap) }
}

/** XP multiplier of a streak: min(1 + step·streak, cap), e.g. min(1 + 0.1·streak, 2.0). */
export const streakMultiplier = (streak: number, { step, cap }: StreakSettings = { step: 0.1, cap: 2 }): number =>
  Math.min(1 + step * Math.max(0, streak), cap)
