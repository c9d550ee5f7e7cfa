import type { CollectionConfig } from 'payload'

import { invalidateWorldAfterChange, invalidateWorldAfterDelete } from '../../../src/hooks/invalidateWorld'

import { contentAccess, contentVersions, orderField } from '../../shared'
import { slugFromName } from './hooks/slugFromName'

export const Venues: CollectionConfig = {
  slug: 'venues',
  access: contentAccess,
  versions: contentVersions,
  // Learner pages keep the published world in memory for a few seconds.
  hooks: { afterChange: [invalidateWorldAfterChange], afterDelete: [invalidateWorldAfterDelete] },
  defaultSort: ['district', 'order'],
  admin: {
    group: 'World',
    useAsTitle: 'name',
    defaultColumns: ['name', 'district', 'kind', 'ticketCost', 'xpReward', 'coinReward', '_status'],
    listSearchableFields: ['name', 'slug'],
  },
  fields: [
    { name: 'district', type: 'relationship', relationTo: 'districts', required: true, index: true },
    { name: 'name', type: 'text', required: true, maxLength: 200 },
    {
      name: 'slug',
      type: 'text',
      unique: true,
      index: true,
      maxLength: 120,
      validate: (value: unknown) =>
        value === undefined || value === null || (typeof value === 'string' && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(value))
          ? true
          : 'Lower-case letters, digits and dashes only.',
      admin: { position: 'sidebar', description: 'Stable identifier; generated from the name when empty.' },
      hooks: { beforeValidate: [slugFromName] },
    },
    orderField(),
    {
      name: 'kind',
      type: 'select',
      required: true,
      defaultValue: 'standard',
      options: [
        { label: 'Standard (paid with tickets)', value: 'standard' },
        { label: 'Amphitheatre (free practice space)', value: 'amphitheatre' },
      ],
      admin: { position: 'sidebar' },
    },
    { name: 'description', type: 'textarea', maxLength: 5000 },
    {
      type: 'row',
      fields: [
        { name: 'ticketCost', type: 'number', required: true, defaultValue: 1, min: 0, max: 100 },
        { name: 'xpReward', type: 'number', required: true, defaultValue: 20, min: 0, max: 10_000 },
        { name: 'coinReward', type: 'number', required: true, defaultValue: 10, min: 0, max: 10_000 },
      ],
    },
  ],
}
