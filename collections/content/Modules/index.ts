import type { CollectionConfig } from 'payload'

import { invalidateWorldAfterChange, invalidateWorldAfterDelete } from '../../../src/hooks/invalidateWorld'

import { contentAccess, contentVersions, orderField, videoFields } from '../../shared'

export const Modules: CollectionConfig = {
  slug: 'modules',
  access: contentAccess,
  versions: contentVersions,
  // Learner pages keep the published world in memory for a few seconds.
  hooks: { afterChange: [invalidateWorldAfterChange], afterDelete: [invalidateWorldAfterDelete] },
  defaultSort: ['level', 'order'],
  admin: {
    group: 'Curriculum',
    useAsTitle: 'name',
    defaultColumns: ['name', 'level', 'code', 'order', 'xpReward', '_status'],
    listSearchableFields: ['name', 'code'],
  },
  // A module code is unique within its level (A–D of Level 1, A–D of Level 2 …).
  indexes: [{ fields: ['level', 'code'], unique: true }],
  fields: [
    {
      type: 'row',
      fields: [
        { name: 'level', type: 'relationship', relationTo: 'levels', required: true, index: true },
        {
          name: 'code',
          type: 'text',
          required: true,
          maxLength: 10,
          validate: (value: unknown) =>
            typeof value === 'string' && /^[A-Z][A-Z0-9]{0,9}$/.test(value)
              ? true
              : 'Use capital letters and digits, e.g. "A".',
        },
      ],
    },
    { name: 'name', type: 'text', required: true, maxLength: 200 },
    orderField(),
    { name: 'description', type: 'textarea', maxLength: 5000 },
    {
      type: 'collapsible',
      label: 'Lesson video',
      fields: videoFields(),
    },
    { name: 'xpReward', type: 'number', required: true, defaultValue: 50, min: 0, max: 10_000 },
    {
      name: 'unlocksVenue',
      type: 'relationship',
      relationTo: 'venues',
      admin: { description: 'The venue a learner unlocks by completing this module.' },
    },
  ],
}
