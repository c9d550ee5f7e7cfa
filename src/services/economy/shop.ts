import { randomUUID } from 'node:crypto'

import type { Tx } from '../../db/transaction'
import { HttpError } from '../../endpoints/http'
import { currentBalances, lockLearner, post } from './ledger'
import type { LedgerEntry } from './ledger'
import { shopPriceColumns, toShopPrices } from './settings'

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
  // The learner's lock and the prices in one statement; the post below runs under that lock.
  const { locked, row } = await lockLearner(tx, user, { columns: shopPriceColumns, name: 'shop-prices' })
  const prices = toShopPrices(row)
  const unit = item === 'ticket' ? prices.ticketPriceCoins : prices.streakFreezePriceCoins
  const coinsSpent = unit * quantity
  const base = { user, reason: 'shop_purchase', sourceType: 'shop', sourceId: item }
  const currency = item === 'ticket' ? 'tickets' : 'streak_freezes'
  const { entries, balances } = await post(
    tx,
    [
      { ...base, kind: 'spend', currency: 'coins', amount: coinsSpent, key: `shop:${purchaseId}:coins` },
      { ...base, kind: 'grant', currency, amount: quantity, key: `shop:${purchaseId}:${item}` },
    ],
    locked,
  )
  const received = entries[1] as LedgerEntry
  // The learner's row is locked, so this read is exact.
  if (item === 'streak_freeze' && received.balanceAfter > prices.maxStreakFreezes) {
    throw new HttpError(409, 'streak_freeze_limit', `You can hold at most ${prices.maxStreakFreezes} streak freezes.`)
  }
  // A replayed purchase changed nothing, so nothing returned the balances: read them.
  const after = balances ?? (await currentBalances(tx, user))
  return {
    id: purchaseId,
    item,
    quantity,
    coinsSpent,
    balances: { coins: after.coins, tickets: after.tickets, streakFreezes: after.streak_freezes },
  }
}
