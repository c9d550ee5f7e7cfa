/** What the ledger counts. Each has a balance column on `users` (DESIGN §4). */
export const currencies = ['xp', 'coins', 'tickets', 'streak_freezes'] as const
export type Currency = (typeof currencies)[number]

/** The `users` column holding each balance (trusted identifiers, never user input). */
export const balanceColumn: Record<Currency, string> = {
  xp: 'xp',
  coins: 'coins',
  tickets: 'tickets',
  streak_freezes: 'streak_freezes',
}
