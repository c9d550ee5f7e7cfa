import type { CollectionConfig } from 'payload'

import { activityAccess, userField } from '../shared'

/** Work recorded inside an open venue entry: task-sheet answers and spoken-practice feedback (rule 3's proof of work). */
export const VenuePractice: CollectionConfig = {
  slug: 'venue-practice',
  access: activityAccess,
  admin: { group: 'Activity', defaultColumns: ['user', 'entry', 'kind', 'createdAt'] },
  indexes: [{ fields: ['entry'] }],
  fields: [
    { name: 'entry', type: 'relationship', relationTo: 'venue-entries', required: true },
    userField,
    { name: 'kind', type: 'select', required: true, options: ['task', 'feedback'] },
    { name: 'taskSheet', type: 'relationship', relationTo: 'venue-task-sheets' },
    { name: 'exerciseIndex', type: 'number', min: 0 },
    { name: 'response', type: 'json' },
    { name: 'transcript', type: 'textarea', maxLength: 10_000 },
    { name: 'feedback', type: 'textarea', maxLength: 5000 },
    { name: 'feedbackSource', type: 'select', options: ['webhook', 'ai', 'fallback'] },
  ],
}
