import { randomUUID } from 'node:crypto'

import { z } from 'zod'

import { withTransaction } from '../db/transaction'
import { charCount } from '../services/clientJson'
import { closeAccount } from '../services/accounts/closeAccount'
import { todaysQuests } from '../services/activity/quests'
import { currencies } from '../services/economy/currencies'
import { weeklyLeaderboard } from '../services/economy/leaderboard'
import { grant, spend } from '../services/economy/ledger'
import { buy, shopItems } from '../services/economy/shop'
import { endpoint, parseBody, parseQuery, requireAdmin, requireLearner, requireUser } from './http'

const purchaseBody = z
  .object({
    item: z.enum(shopItems),
    quantity: z.number().int().min(1).max(100).default(1),
  })
  .strict()

const adjustmentBody = z
  .object({
    user: z.number().int().positive(),
    currency: z.enum(currencies),
    delta: z
      .number()
      .int()
      .refine((d) => d !== 0, 'must not be 0')
      .refine((d) => Math.abs(d) <= 1_000_000, 'must be at most 1,000,000 either way'),
    // At least 3 characters, not UTF-16 units.
    note: z
      .string()
      .trim()
      .max(500)
      .refine((n) => charCount(n) >= 3, 'String must contain at least 3 character(s)'),
  })
  .strict()

/** POST /api/learn/shop/purchases — coins for tickets or streak freezes (rule 9). */
export const shopPurchase = endpoint('post', '/learn/shop/purchases', async (req) => {
  const user = requireLearner(req)
  const body = await parseBody(req, purchaseBody)
  const purchase = await withTransaction(req.payload, (tx) => buy(tx, Number(user.id), body.item, body.quantity), { user })
  return Response.json({ purchase }, { status: 201 })
})

/** GET /api/learn/profile — persona, balances, level, streak and freezes of the caller. */
export const profile = endpoint('get', '/learn/profile', async (req) => {
  const user = requireUser(req)
  const doc = await req.payload.findByID({ collection: 'users', id: user.id, depth: 0, overrideAccess: true })
  return Response.json({
    profile: {
      id: doc.id,
      username: doc.username,
      displayName: doc.displayName ?? null,
      persona: doc.profile ?? {},
      balances: { xp: doc.xp, coins: doc.coins, tickets: doc.tickets, streakFreezes: doc.streakFreezes },
      learnerLevel: doc.learnerLevel,
      streak: { current: doc.currentStreak, longest: doc.longestStreak, lastActiveDay: doc.lastActiveDay ?? null },
    },
  })
})

const leaderboardQuery = z.object({ period: z.literal('week').default('week') }).strict()

/** GET /api/learn/leaderboard?period=week — this ISO week's XP, top 50 plus the caller (rule 11). */
export const leaderboard = endpoint('get', '/learn/leaderboard', async (req) => {
  const user = requireLearner(req)
  parseQuery(req, leaderboardQuery)
  const board = await withTransaction(req.payload, (tx) => weeklyLeaderboard(tx, Number(user.id)), { user })
  return Response.json(board)
})

/** GET /api/learn/quests — today's quests in the caller's time zone (rule 8). */
export const quests = endpoint('get', '/learn/quests', async (req) => {
  const user = requireLearner(req)
  return Response.json(await withTransaction(req.payload, (tx) => todaysQuests(tx, Number(user.id)), { user }))
})

/** DELETE /api/learn/account — close the caller's account (anonymised when it has ledger history). */
export const closeOwnAccount = endpoint('delete', '/learn/account', async (req) => {
  const user = requireUser(req)
  const closed = await withTransaction(req.payload, (tx) => closeAccount(tx, Number(user.id)), { user })
  return Response.json(closed)
})

/** POST /api/admin/economy/adjustments — an admin correction, as a ledger row with author and note (rule 12). */
export const economyAdjustment = endpoint('post', '/admin/economy/adjustments', async (req) => {
  const admin = requireAdmin(req)
  const body = await parseBody(req, adjustmentBody)
  const change = {
    user: body.user,
    currency: body.currency,
    amount: Math.abs(body.delta),
    reason: 'admin_adjustment',
    sourceType: 'admin',
    key: `adjustment:${randomUUID()}`,
    createdBy: Number(admin.id),
    note: body.note,
  }
  const entry = await withTransaction(req.payload, (tx) => (body.delta > 0 ? grant(tx, change) : spend(tx, change)), { user: admin })
  return Response.json({ entry }, { status: 201 })
})

export const economyEndpoints = [shopPurchase, profile, leaderboard, quests, closeOwnAccount, economyAdjustment]
