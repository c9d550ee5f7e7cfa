import type { CollectionConfig } from 'payload'

import { contentAccess, contentVersions, orderField, urlValidator } from '../../shared'
import { exerciseBlocks } from './exercises'

export const KnowledgeBlocks: CollectionConfig = {
  slug: 'knowledge-blocks',
  access: contentAccess,
  versions: contentVersions,
  defaultSort: ['module', 'order'],
  admin: {
    group: 'Curriculum',
    useAsTitle: 'title',
    defaultColumns: ['title', 'module', 'order', '_status', 'updatedAt'],
    listSearchableFields: ['title', 'summary'],
  },
  indexes: [{ fields: ['module', 'order'], unique: true }],
  fields: [
    { name: 'module', type: 'relationship', relationTo: 'modules', required: true, index: true },
    { name: 'title', type: 'text', required: true, maxLength: 200 },
    orderField(),
    { name: 'summary', type: 'textarea', maxLength: 10_000 },
    { name: 'tags', type: 'text', hasMany: true, maxLength: 64, maxRows: 30 },
    {
      name: 'exerciseSeeds',
      type: 'text',
      hasMany: true,
      maxLength: 120,
      maxRows: 30,
      admin: { description: 'Identifiers of the client-side cards this block feeds, e.g. "ScenarioTagger:A1".' },
    },
    {
      name: 'citations',
      type: 'array',
      maxRows: 30,
      fields: [
        { name: 'text', type: 'text', required: true, maxLength: 500 },
        { name: 'url', type: 'text', maxLength: 2048, validate: urlValidator },
      ],
    },
    { name: 'exercises', type: 'blocks', blocks: exerciseBlocks, maxRows: 20 },
  ],
}
