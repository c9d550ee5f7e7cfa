import type { CollectionConfig } from 'payload'

import { activityAccess, userField } from '../shared'

/** One submitted exercise, scored on the server (rule 4). `correct` is empty for free text (practice). */
export const ExerciseAttempts: CollectionConfig = {
  slug: 'exercise-attempts',
  access: activityAccess,
  admin: { group: 'Activity', defaultColumns: ['user', 'knowledgeBlock', 'exerciseIndex', 'correct', 'xpEarned', 'createdAt'] },
  indexes: [{ fields: ['user', 'knowledgeBlock', 'exerciseIndex', 'localDay'] }],
  fields: [
    userField,
    { name: 'knowledgeBlock', type: 'relationship', relationTo: 'knowledge-blocks', required: true },
    { name: 'exerciseIndex', type: 'number', required: true, min: 0 },
    { name: 'exerciseType', type: 'text', required: true, maxLength: 32 },
    { name: 'answer', type: 'json' },
    { name: 'correct', type: 'checkbox' },
    { name: 'rewarded', type: 'checkbox', required: true, defaultValue: false },
    { name: 'xpEarned', type: 'number', required: true, defaultValue: 0, min: 0 },
    { name: 'coinsEarned', type: 'number', required: true, defaultValue: 0, min: 0 },
    { name: 'localDay', type: 'text', required: true, maxLength: 10 },
  ],
}
