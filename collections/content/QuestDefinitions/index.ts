import type { CollectionConfig } from 'payload'

import { activities } from '../../../src/activities'
import { contentAccess, contentVersions } from '../../shared'

export const QuestDefinitions: CollectionConfig = {
  slug: 'quest-definitions',
  access: contentAccess,
  versions: contentVersions,
  admin: {
    group: 'Economy',
    useAsTitle: 'title',
    defaultColumns: ['title', 'activity', 'target', 'xpReward', 'coinReward', 'active'],
    description: 'Each active definition becomes one daily quest per learner per learner-local day.',
  },
  fields: [
    {
      name: 'key',
      type: 'text',
      required: true,
      unique: true,
      maxLength: 64,
      validate: (v: unknown) => (typeof v === 'string' && /^[a-z][a-z0-9_-]*$/.test(v) ? true : 'Use lower-case letters, digits, - and _.'),
    },
    { name: 'title', type: 'text', required: true, maxLength: 200 },
    { name: 'description', type: 'textarea', maxLength: 1000 },
    {
      name: 'activity',
      type: 'select',
      required: true,
      options: activities.map((a) => ({ label: a.replaceAll('_', ' '), value: a })),
    },
    { name: 'target', type: 'number', required: true, defaultValue: 1, min: 1, max: 1000 },
    {
      type: 'row',
      fields: [
        { name: 'xpReward', type: 'number', required: true, defaultValue: 10, min: 0, max: 10_000 },
        { name: 'coinReward', type: 'number', required: true, defaultValue: 5, min: 0, max: 10_000 },
      ],
    },
    { name: 'active', type: 'checkbox', defaultValue: true, index: true, admin: { position: 'sidebar' } },
  ],
}
