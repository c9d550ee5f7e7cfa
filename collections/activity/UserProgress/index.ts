import type { CollectionConfig } from 'payload'

import { activityAccess, userField } from '../shared'

/** A learner's progress in one module (spec §3.1): started when the learn page opens, completed by the guided flow. */
export const UserProgress: CollectionConfig = {
  slug: 'user-progress',
  access: activityAccess,
  admin: { group: 'Activity', defaultColumns: ['user', 'module', 'started', 'completed', 'lastActivityAt'] },
  indexes: [{ fields: ['user', 'module'], unique: true }],
  fields: [
    userField,
    { name: 'module', type: 'relationship', relationTo: 'modules', required: true },
    { name: 'started', type: 'checkbox', required: true, defaultValue: false },
    { name: 'startedAt', type: 'date' },
    { name: 'completed', type: 'checkbox', required: true, defaultValue: false },
    { name: 'completedAt', type: 'date' },
    { name: 'lastActivityAt', type: 'date' },
  ],
}
