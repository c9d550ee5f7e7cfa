import type { CollectionConfig } from 'payload'

import { activityAccess, userField } from '../shared'

/**
 * A learner's visit to a venue (rules 2 and 3): opened by paying the ticket cost (free in the
 * amphitheatre), completed once, after recorded practice. At most one open entry per learner
 * and venue, enforced by a partial unique index (src/db/constraints.ts).
 */
export const VenueEntries: CollectionConfig = {
  slug: 'venue-entries',
  access: activityAccess,
  admin: { group: 'Activity', defaultColumns: ['user', 'venue', 'status', 'ticketsSpent', 'xpEarned', 'createdAt'] },
  indexes: [{ fields: ['user', 'venue'] }],
  fields: [
    userField,
    { name: 'venue', type: 'relationship', relationTo: 'venues', required: true },
    { name: 'status', type: 'select', required: true, defaultValue: 'open', options: ['open', 'completed'] },
    { name: 'ticketsSpent', type: 'number', required: true, defaultValue: 0, min: 0 },
    { name: 'practiceCount', type: 'number', required: true, defaultValue: 0, min: 0 },
    { name: 'completedAt', type: 'date' },
    { name: 'xpEarned', type: 'number', required: true, defaultValue: 0, min: 0 },
    { name: 'coinsEarned', type: 'number', required: true, defaultValue: 0, min: 0 },
    { name: 'rewardDay', type: 'text', maxLength: 10, admin: { description: 'Learner-local day whose venue reward this entry took, if any.' } },
  ],
}
