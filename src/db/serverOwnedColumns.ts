import type { DatabaseAdapterObj, UpdateManyArgs, UpdateOneArgs } from 'payload'

/**
 * User fields that only raw SQL in a transaction may write: the balances and streaks the
 * ledger and the activity lock keep (src/services/economy/ledger.ts, src/services/activity/record.ts).
 * Field access already stops anyone setting them through the API, but Payload writes a whole
 * document back: a `PATCH /api/users/:id` that read xp 0 wrote xp 0 after a grant of 50 had
 * committed. So they never reach a Payload write at all.
 */
export const LEDGER_OWNED_USER_FIELDS = ['xp', 'coins', 'tickets', 'learnerLevel', 'currentStreak', 'longestStreak', 'streakFreezes', 'lastActiveDay', 'lastActionAt'] as const

const strip = (data: unknown): unknown => {
  if (!data || typeof data !== 'object') return data
  const copy = { ...(data as Record<string, unknown>) }
  for (const field of LEDGER_OWNED_USER_FIELDS) delete copy[field]
  return copy
}

/** The adapter with every Payload update of `users` stripped of the ledger-owned fields. */
export function withoutLedgerOwnedWrites<T extends DatabaseAdapterObj>(base: T): T {
  return {
    ...base,
    init: (args) => {
      const adapter = base.init(args)
      const { updateOne, updateMany } = adapter
      adapter.updateOne = function (write: UpdateOneArgs) {
        return updateOne.call(this, write.collection === 'users' ? { ...write, data: strip(write.data) as UpdateOneArgs['data'] } : write)
      }
      adapter.updateMany = function (write: UpdateManyArgs) {
        return updateMany.call(this, write.collection === 'users' ? { ...write, data: strip(write.data) as UpdateManyArgs['data'] } : write)
      }
      return adapter as never
    },
  }
}
