import type { Block, CollectionConfig } from 'payload'

import { contentAccess, contentVersions, orderField } from '../../shared'

const title = { name: 'title', type: 'text', required: true, maxLength: 200 } as const
const instructions = { name: 'instructions', type: 'textarea', maxLength: 2000 } as const

/** The kinds of work a venue's task sheet asks for; learners record it as practice. */
const taskBlocks: Block[] = [
  {
    slug: 'timedDrill',
    dbName: 'task_timed',
    labels: { singular: 'Timed drill', plural: 'Timed drills' },
    fields: [title, instructions, { name: 'durationSeconds', type: 'number', required: true, min: 5, max: 3600 }],
  },
  {
    slug: 'writtenPrompt',
    dbName: 'task_written',
    labels: { singular: 'Written prompt', plural: 'Written prompts' },
    fields: [
      title,
      { name: 'prompt', type: 'textarea', required: true, maxLength: 2000 },
      { name: 'minLength', type: 'number', min: 0, max: 5000, defaultValue: 0 },
    ],
  },
  {
    slug: 'roundsDrill',
    dbName: 'task_rounds',
    labels: { singular: 'Rounds drill', plural: 'Rounds drills' },
    fields: [title, instructions, { name: 'rounds', type: 'number', required: true, min: 1, max: 20 }],
  },
]

export const VenueTaskSheets: CollectionConfig = {
  slug: 'venue-task-sheets',
  access: contentAccess,
  versions: contentVersions,
  defaultSort: ['venue', 'order'],
  admin: {
    group: 'World',
    useAsTitle: 'title',
    defaultColumns: ['title', 'venue', 'order', '_status'],
  },
  indexes: [{ fields: ['venue', 'order'], unique: true }],
  fields: [
    { name: 'venue', type: 'relationship', relationTo: 'venues', required: true, index: true },
    { name: 'title', type: 'text', required: true, maxLength: 200 },
    orderField(),
    { name: 'description', type: 'textarea', maxLength: 5000 },
    { name: 'exercises', type: 'blocks', blocks: taskBlocks, minRows: 1, maxRows: 20, required: true },
  ],
}
