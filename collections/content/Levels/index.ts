import type { CollectionConfig } from 'payload'

import { invalidateWorldAfterChange, invalidateWorldAfterDelete } from '../../../src/hooks/invalidateWorld'

import { contentAccess, contentVersions } from '../../shared'

export const Levels: CollectionConfig = {
  slug: 'levels',
  access: contentAccess,
  versions: contentVersions,
  // Learner pages keep the published world in memory for a few seconds.
  hooks: { afterChange: [invalidateWorldAfterChange], afterDelete: [invalidateWorldAfterDelete] },
  defaultSort: 'number',
  admin: {
    group: 'Curriculum',
    useAsTitle: 'name',
    defaultColumns: ['number', 'name', 'milestoneThreshold', '_status', 'updatedAt'],
    listSearchableFields: ['name'],
  },
  fields: [
    { name: 'number', type: 'number', required: true, unique: true, min: 1, max: 1000 },
    { name: 'name', type: 'text', required: true, maxLength: 120 },
    { name: 'description', type: 'textarea', maxLength: 5000 },
    {
      name: 'milestoneThreshold',
      type: 'number',
      required: true,
      defaultValue: 70,
      min: 0,
      max: 100,
      admin: { description: 'Overall milestone score (0–100) needed to pass this level.' },
    },
  ],
}
