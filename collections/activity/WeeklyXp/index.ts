import type { CollectionConfig } from 'payload'

import { activityAccess, userField } from '../shared'

/**
 * Each learner's XP of one ISO week (Monday 00:00 UTC), kept by the ledger
 * (src/services/economy/ledger.ts) in the statement that writes an XP row, so it always equals
 * the sum of that week's XP rows. The weekly leaderboard reads this instead of summing every
 * ledger row of the week on each request: its cost follows the number of learners, not the
 * number of rewards they earned.
 */
export const WeeklyXp: CollectionConfig = {
  slug: 'weekly-xp',
  labels: { singular: 'Weekly XP', plural: 'Weekly XP' },
  access: activityAccess,
  admin: {
    group: 'Economy',
    defaultColumns: ['weekStart', 'user', 'xp', 'updatedAt'],
    description: 'Read-only: derived from the reward ledger. Each row is one learner’s XP of one ISO week.',
  },
  defaultSort: '-weekStart',
  indexes: [
    // The ledger's upsert target, one row per learner and week.
    { fields: ['user', 'weekStart'], unique: true },
    // The board: one week's rows by XP (scanned backwards for the top N, forwards to rank one).
    { fields: ['weekStart', 'xp'] },
  ],
  fields: [
    userField,
    { name: 'weekStart', type: 'date', required: true, admin: { date: { pickerAppearance: 'dayOnly' } } },
    { name: 'xp', type: 'number', required: true, defaultValue: 0 },
  ],
}
