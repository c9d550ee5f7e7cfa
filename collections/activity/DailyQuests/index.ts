import type { CollectionConfig } from 'payload'

import { nobodyWrites } from '../../../src/access/nobodyWrites'
import { ownRowsOrAdmin } from '../../../src/access/ownRowsOrAdmin'
import { activities } from '../../../src/activities'

/** One quest of one learner-local day, made from an active quest definition (rule 8). */
export const DailyQuests: CollectionConfig = {
  slug: 'daily-quests',
  access: { create: nobodyWrites, delete: nobodyWrites, read: ownRowsOrAdmin, update: nobodyWrites },
  admin: {
    group: 'Activity',
    useAsTitle: 'day',
    defaultColumns: ['day', 'user', 'questDefinition', 'progress', 'target', 'completed'],
  },
  defaultSort: '-day',
  indexes: [{ fields: ['user', 'questDefinition', 'day'], unique: true }, { fields: ['user', 'day'] }],
  fields: [
    { name: 'user', type: 'relationship', relationTo: 'users', required: true },
    { name: 'questDefinition', type: 'relationship', relationTo: 'quest-definitions', required: true },
    { name: 'day', type: 'text', required: true, maxLength: 10, admin: { description: 'Learner-local date, YYYY-MM-DD.' } },
    { name: 'activity', type: 'select', required: true, options: [...activities] },
    { name: 'progress', type: 'number', required: true, defaultValue: 0, min: 0 },
    { name: 'target', type: 'number', required: true, min: 1 },
    { name: 'xpReward', type: 'number', required: true, min: 0 },
    { name: 'coinReward', type: 'number', required: true, min: 0 },
    { name: 'completed', type: 'checkbox', required: true, defaultValue: false },
    { name: 'completedAt', type: 'date' },
  ],
}
