import type { CollectionConfig } from 'payload'

import { activityAccess, userField } from '../shared'

/** FSRS states, in ts-fsrs's numbering order (New = 0 … Relearning = 3). */
export const reviewStates = ['new', 'learning', 'review', 'relearning'] as const

/**
 * One learner's spaced-review schedule of one knowledge block (FSRS, `ts-fsrs`). Created when
 * the block's module is completed; moved only by `POST /api/learn/review/:knowledgeBlockId`.
 * One card per (user, block), whatever races.
 */
export const ReviewCards: CollectionConfig = {
  slug: 'review-cards',
  access: activityAccess,
  admin: { group: 'Activity', defaultColumns: ['user', 'knowledgeBlock', 'state', 'due', 'reps', 'lapses'] },
  indexes: [
    { fields: ['user', 'knowledgeBlock'], unique: true },
    // The due list: a learner's cards by due time.
    { fields: ['user', 'due'] },
  ],
  fields: [
    userField,
    { name: 'knowledgeBlock', type: 'relationship', relationTo: 'knowledge-blocks', required: true },
    { name: 'module', type: 'relationship', relationTo: 'modules', required: true },
    { name: 'state', type: 'select', required: true, defaultValue: 'new', options: [...reviewStates] },
    { name: 'due', type: 'date', required: true },
    { name: 'stability', type: 'number', required: true, defaultValue: 0, min: 0 },
    { name: 'difficulty', type: 'number', required: true, defaultValue: 0, min: 0 },
    { name: 'elapsedDays', type: 'number', required: true, defaultValue: 0, min: 0 },
    { name: 'scheduledDays', type: 'number', required: true, defaultValue: 0, min: 0 },
    { name: 'learningSteps', type: 'number', required: true, defaultValue: 0, min: 0 },
    { name: 'reps', type: 'number', required: true, defaultValue: 0, min: 0 },
    { name: 'lapses', type: 'number', required: true, defaultValue: 0, min: 0 },
    { name: 'lastReview', type: 'date' },
  ],
}
