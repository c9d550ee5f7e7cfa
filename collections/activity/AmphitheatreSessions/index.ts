import type { CollectionConfig } from 'payload'

import { activityAccess, userField } from '../shared'

/**
 * One visit to the amphitheatre: its plan (exercises and prompts, fixed when it starts), its
 * points and its state. At most one active session per learner (partial unique index in
 * src/db/constraints.ts).
 */
export const AmphitheatreSessions: CollectionConfig = {
  slug: 'amphitheatre-sessions',
  access: activityAccess,
  admin: { group: 'Activity', defaultColumns: ['user', 'visitNumber', 'tier', 'status', 'points', 'createdAt'] },
  indexes: [{ fields: ['user', 'createdAt'] }],
  fields: [
    userField,
    { name: 'visitNumber', type: 'number', required: true, min: 1 },
    { name: 'tier', type: 'select', required: true, options: ['alpha', 'beta', 'gamma'] },
    { name: 'status', type: 'select', required: true, defaultValue: 'active', options: ['active', 'completed'] },
    { name: 'points', type: 'number', required: true, defaultValue: 0, min: 0 },
    { name: 'currentIndex', type: 'number', required: true, defaultValue: 0, min: 0 },
    { name: 'plan', type: 'json', required: true },
    { name: 'completedAt', type: 'date' },
  ],
}
