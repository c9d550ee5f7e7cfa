import type { Block, CollectionConfig, Field } from 'payload'

import { contentAccess, contentVersions } from '../../shared'

const label = { name: 'label', type: 'text', maxLength: 300 } as const
const choiceRows = (extra: Field[] = []): Field => ({
  name: 'options',
  type: 'array',
  required: true,
  minRows: 2,
  maxRows: 10,
  fields: [
    {
      type: 'row',
      fields: [
        { name: 'value', type: 'text', required: true, maxLength: 64 },
        { name: 'label', type: 'text', required: true, maxLength: 200 },
      ],
    },
    ...extra,
  ],
})

/** The interface pieces a learner app renders for an exercise, in order. */
const components: Block[] = [
  {
    slug: 'tagPicker',
    dbName: 'amph_tags',
    labels: { singular: 'Tag picker', plural: 'Tag pickers' },
    fields: [label, { name: 'maxSelect', type: 'number', min: 1, max: 10, defaultValue: 3 }, choiceRows([{ name: 'hint', type: 'text', maxLength: 300 }])],
  },
  {
    slug: 'leverPicker',
    dbName: 'amph_levers',
    labels: { singular: 'Lever picker', plural: 'Lever pickers' },
    fields: [label, choiceRows([{ name: 'microPriming', type: 'textarea', maxLength: 1000 }])],
  },
  {
    slug: 'recorderTile',
    dbName: 'amph_recorder',
    labels: { singular: 'Recorder', plural: 'Recorders' },
    fields: [
      label,
      { name: 'seconds', type: 'number', required: true, min: 5, max: 300, defaultValue: 30 },
      { name: 'retakeLimit', type: 'number', min: 0, max: 10, defaultValue: 1 },
    ],
  },
  {
    slug: 'systemNotes',
    dbName: 'amph_notes',
    labels: { singular: 'Delivery notes', plural: 'Delivery notes' },
    fields: [
      {
        name: 'metrics',
        type: 'select',
        hasMany: true,
        required: true,
        options: ['duration', 'pause_count', 'energy_level'],
      },
    ],
  },
  {
    slug: 'promptCard',
    dbName: 'amph_card',
    labels: { singular: 'Prompt card', plural: 'Prompt cards' },
    fields: [label],
  },
  {
    slug: 'reflectionField',
    dbName: 'amph_reflection',
    labels: { singular: 'Reflection', plural: 'Reflections' },
    fields: [
      label,
      {
        name: 'mode',
        type: 'select',
        required: true,
        defaultValue: 'text_or_voice',
        options: ['text_or_voice', 'text_optional', 'text'],
      },
    ],
  },
  {
    slug: 'compression',
    dbName: 'amph_compression',
    labels: { singular: 'Compression phases', plural: 'Compression phases' },
    fields: [
      {
        name: 'phases',
        type: 'array',
        required: true,
        minRows: 1,
        maxRows: 5,
        fields: [
          {
            type: 'row',
            fields: [
              { name: 'key', type: 'text', required: true, maxLength: 32 },
              { name: 'mode', type: 'select', required: true, options: ['record', 'sentence', 'words'] },
              { name: 'seconds', type: 'number', min: 5, max: 300 },
              { name: 'maxChars', type: 'number', min: 1, max: 2000 },
            ],
          },
          label,
        ],
      },
    ],
  },
]

export const AmphitheatreExercises: CollectionConfig = {
  slug: 'amphitheatre-exercises',
  access: contentAccess,
  versions: contentVersions,
  defaultSort: 'rotationOrder',
  admin: {
    group: 'Amphitheatre',
    useAsTitle: 'title',
    defaultColumns: ['title', 'key', 'rotationOrder', '_status'],
  },
  fields: [
    {
      name: 'key',
      type: 'text',
      required: true,
      unique: true,
      maxLength: 40,
      validate: (v: unknown) => (typeof v === 'string' && /^[a-z][a-z0-9_]*$/.test(v) ? true : 'Use snake_case, e.g. "voice_to_marble".'),
    },
    { name: 'title', type: 'text', required: true, maxLength: 200 },
    {
      name: 'rotationOrder',
      type: 'number',
      required: true,
      unique: true,
      min: 1,
      admin: { description: 'Position in the visit rotation (1 comes first).' },
    },
    { name: 'description', type: 'textarea', maxLength: 2000 },
    {
      name: 'timedDelivery',
      type: 'checkbox',
      defaultValue: false,
      admin: { description: 'A spoken take with a measured duration earns an extra completion point.' },
    },
    {
      name: 'hint',
      type: 'group',
      admin: { description: 'What the hub says when this exercise opens the next visit.' },
      fields: [
        { name: 'title', type: 'text', maxLength: 120 },
        { name: 'body', type: 'text', maxLength: 300 },
      ],
    },
    { name: 'components', type: 'blocks', blocks: components, minRows: 1, maxRows: 10, required: true },
  ],
}
