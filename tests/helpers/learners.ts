import type { Payload, RequiredDataFromCollectionSlug } from 'payload'

let n = 0

/**
 * A learner created directly (as a script would), with no password login: for service-level
 * tests that do not go through HTTP. Balances start at 0 and only move through the ledger.
 */
export async function createLearner(payload: Payload, profile: { timezone?: string } = {}): Promise<number> {
  n += 1
  const username = `l${n}${Math.random().toString(36).slice(2, 8)}`
  const data = {
    email: `${username}@example.com`,
    username,
    password: `pw-${Math.random().toString(36).slice(2)}-long`,
    profile: { timezone: profile.timezone ?? 'UTC', onboardingCompleted: true },
  } as RequiredDataFromCollectionSlug<'users'> & { password: string }
  const doc = await payload.create({ collection: 'users', data, overrideAccess: true, depth: 0 })
  return doc.id as number
}

export async function balances(payload: Payload, user: number) {
  const doc = await payload.findByID({ collection: 'users', id: user, depth: 0, overrideAccess: true })
  return { xp: doc.xp, coins: doc.coins, tickets: doc.tickets, streakFreezes: doc.streakFreezes, learnerLevel: doc.learnerLevel }
}
