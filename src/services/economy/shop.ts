import { randomUUID } from 'node:crypto'

import { sql } from '@payloadcms/db-postgres'

import type { Tx } from '../../db/transaction'
import { HttpError } from '../../endpoints/http'
import { grant, spend } from './ledger'
import { shopPrices } from './settings'

export const shopItems = ['ticket', 'streak_freeze'] as const
export type ShopItem = (typeof shopItems)[number]

export type Purchase = {
  id: string
  item: ShopItem
  quantity: number
  coinsSpent: number
  balances: { coins: number; tickets: number; streakFreezes: number }
}

/**
 * Rule 9: coins buy tickets and streak freezes at the `economy` prices. The coins leave and the
 * item arrives in one transaction, each as a ledger row keyed by the purchase id.
 */
export async function buy(tx: Tx, user: number, item: ShopItem, quantity: number, purchaseId: string = randomUUID()): Promise<Purchase> {
  const prices = await shopPrices(tx)
  const unit = item === 'ticket' ? prices.ticketPriceCoins : prices.streakFreezePriceCoins
  const coinsSpent = unit * quantity
  await spend(tx, { user, currency: 'coins', amount: coinsSpent, reason: 'shop_purchase', sourceType: 'shop', sourceId: item, key: `shop:${purchaseId}:coins` })
  const received = await grant(tx, {
    user,
    currency: item === 'ticket' ? 'tickets' : 'streak_freezes',
    amount: quantity,
    reason: 'shop_purchase',
    sourceType: 'shop',
    sourceId: item,
    key: `shop:${purchaseId}:${item}`,
  })
  // The coins row locked the learner, so this read is exact.
  if (item === 'streak_freeze' && received.balanceAfter > prices.maxStreakFreezes) {
    throw new HttpError(409, 'streak_freeze_limit', `You can hold at most ${prices.maxStreakFreezes} streak freezes.`)
  }
  const [b] = await tx.query<{ coins: string; tickets: string; streak_freezes: string }>(
    sql`SELECT coins, tickets, streak_freezes FROM users WHERE id = ${user}`,
    'shop-balances',
  )
  return {
    id: purchaseId,
    item,
    quantity,
    coinsSpent,
    balances: { coins: Number(b?.coins), tickets: Number(b?.tickets), streakFreezes: Number(b?.streak_freezes) },
  }
}
