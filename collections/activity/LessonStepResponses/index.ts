import type { CollectionConfig } from 'payload'

import { activityAccess, userField } from '../shared'

/** One accepted answer to one step of a session; the unique index makes a step answerable once. */
export const LessonStepResponses: CollectionConfig = {
  slug: 'lesson-step-responses',
  access: activityAccess,
  admin: { group: 'Activity', defaultColumns: ['user', 'session', 'stepId', 'createdAt'] },
  indexes: [{ fields: ['session', 'stepId'], unique: true }],
  fields: [
    { name: 'session', type: 'relationship', relationTo: 'lesson-sessions', required: true },
    userField,
    { name: 'stepId', type: 'text', required: true, maxLength: 64 },
    { name: 'fieldName', type: 'text', required: true, maxLength: 128 },
    { name: 'value', type: 'json' },
  ],
}
