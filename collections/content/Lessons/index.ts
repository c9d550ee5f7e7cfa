import type { CollectionConfig } from 'payload'

import { contentAccess, contentVersions, orderField } from '../../shared'

export const Lessons: CollectionConfig = {
  slug: 'lessons',
  access: contentAccess,
  versions: contentVersions,
  defaultSort: ['module', 'order'],
  admin: {
    group: 'Curriculum',
    useAsTitle: 'name',
    defaultColumns: ['name', 'module', 'order', 'xpReward', '_status'],
  },
  indexes: [{ fields: ['module', 'order'], unique: true }],
  fields: [
    { name: 'module', type: 'relationship', relationTo: 'modules', required: true, index: true },
    { name: 'name', type: 'text', required: true, maxLength: 200 },
    orderField(),
    { name: 'xpReward', type: 'number', required: true, defaultValue: 10, min: 0, max: 10_000 },
  ],
}
