import type { CollectionConfig } from 'payload'

import { invalidateWorldAfterChange, invalidateWorldAfterDelete } from '../../../src/hooks/invalidateWorld'

import { contentAccess, contentVersions, videoFields } from '../../shared'

export const Districts: CollectionConfig = {
  slug: 'districts',
  access: contentAccess,
  versions: contentVersions,
  // Learner pages keep the published world in memory for a few seconds.
  hooks: { afterChange: [invalidateWorldAfterChange], afterDelete: [invalidateWorldAfterDelete] },
  defaultSort: 'number',
  admin: {
    group: 'World',
    useAsTitle: 'name',
    defaultColumns: ['number', 'name', 'unlockRequirement', '_status'],
    description: 'District N of the world map pairs with curriculum Level N.',
  },
  fields: [
    { name: 'number', type: 'number', required: true, unique: true, min: 1, max: 1000 },
    { name: 'name', type: 'text', required: true, maxLength: 120 },
    { name: 'description', type: 'textarea', maxLength: 5000 },
    { name: 'unlockRequirement', type: 'text', maxLength: 300, admin: { description: 'Shown to learners.' } },
    {
      name: 'overview',
      type: 'group',
      fields: videoFields(),
    },
  ],
}
