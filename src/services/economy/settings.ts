import { sql } from '@payloadcms/db-postgres'

import type { Tx } from '../../db/transaction'

export type ShopPrices = { ticketPriceCoins: number; streakFreezePriceCoins: number; maxStreakFreezes: number }

/** Defaults when the economy global was never saved (the same as the global's field defaults). */
const defaults: ShopPrices = { ticketPriceCoins: 20, streakFreezePriceCoins: 50, maxStreakFreezes: 2 }

/** Shop prices from the `economy` global, read inside the action's transaction. */
export async function shopPrices(tx: Tx): Promise<ShopPrices> {
  const [row] = await tx.query<{ ticket: string | null; freeze: string | null; max: string | null }>(
    sql`SELECT shop_ticket_price_coins AS ticket, shop_streak_freeze_price_coins AS freeze, shop_max_streak_freezes AS max FROM economy LIMIT 1`,
    'economy-shop-prices',
  )
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
