import type { CollectionConfig } from 'payload'

import { activityAccess, userField } from '../shared'
import { reviewStates } from '../ReviewCards'

export const reviewRatings = ['again', 'hard', 'good', 'easy'] as const

/**
 * One review of a knowledge block: the rating, when it counted, what FSRS scheduled and what it
 * paid. `clientId` is the app's id for the review (unique per learner), so a replayed review —
 * an offline queue sent twice — finds this row and changes nothing.
 */
export const ReviewLogs: CollectionConfig = {
  slug: 'review-logs',
  access: activityAccess,
  admin: { group: 'Activity', defaultColumns: ['user', 'knowledgeBlock', 'rating', 'reviewedAt', 'nextDue', 'xpEarned'] },
  indexes: [{ fields: ['user', 'clientId'], unique: true }, { fields: ['user', 'localDay'] }],
  fields: [
    userField,
    { name: 'card', type: 'relationship', relationTo: 'review-cards', required: true },
    { name: 'knowledgeBlock', type: 'relationship', relationTo: 'knowledge-blocks', required: true },
    { name: 'clientId', type: 'text', required: true, maxLength: 255 },
    { name: 'rating', type: 'select', required: true, options: [...reviewRatings] },
    { name: 'reviewedAt', type: 'date', required: true, admin: { description: 'When the review counted (the client time if trusted, else the server time).' } },
    { name: 'clientReviewedAt', type: 'date', admin: { description: 'The time the app reported, kept even when it was not trusted.' } },
    { name: 'localDay', type: 'text', required: true, maxLength: 10 },
    { name: 'stateBefore', type: 'select', required: true, options: [...reviewStates] },
    { name: 'state', type: 'select', required: true, options: [...reviewStates] },
    { name: 'scheduledDays', type: 'number', required: true, min: 0 },
    { name: 'nextDue', type: 'date', required: true },
    { name: 'xpEarned', type: 'number', required: true, defaultValue: 0, min: 0 },
    { name: 'response', type: 'json', admin: { description: 'The answer the learner got, returned again on a replay.' } },
  ],
}
