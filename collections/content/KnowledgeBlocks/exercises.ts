import type { Block, Field, Validate } from 'payload'

import { isEditorField } from '../../../src/access/isEditorField'

type Choice = { value?: string | null; label?: string | null }

const valuesOf = (rows: unknown): string[] =>
  Array.isArray(rows) ? (rows as Choice[]).map((r) => r?.value).filter((v): v is string => typeof v === 'string') : []

const duplicateIn = (values: string[]): string | undefined => values.find((v, i) => values.indexOf(v) !== i)

/** Options, items and categories: value (stable, scored) + label (shown). */
const choices = (name: string, minRows: number, label: string): Field => ({
  name,
  type: 'array',
  label,
  required: true,
  minRows,
  maxRows: 20,
  validate: (rows: unknown) => {
    const dup = duplicateIn(valuesOf(rows))
    return dup ? `Value "${dup}" is used twice.` : true
  },
  fields: [
    {
      type: 'row',
      fields: [
        { name: 'value', type: 'text', required: true, maxLength: 64 },
        { name: 'label', type: 'text', required: true, maxLength: 300 },
      ],
    },
  ],
})

const prompt: Field = { name: 'prompt', type: 'textarea', required: true, maxLength: 2000 }

/**
 * The answer key is stored with the exercise for authors, and never leaves the server for
 * anyone else: field-level read access strips it from REST, GraphQL and the Local API when
 * called with `overrideAccess: false`.
 */
const answerKey = (fields: Field[]): Field => ({
  name: 'answerKey',
  type: 'group',
  access: { read: isEditorField },
  admin: { description: 'Hidden from learners; used by the server to score submissions.' },
  fields,
})

const oneOf =
  (listName: string): Validate =>
  (value, { blockData }) => {
    const allowed = valuesOf(blockData?.[listName])
    if (typeof value !== 'string' || !value) return 'Choose the correct value.'
    return allowed.includes(value) ? true : `"${value}" is not one of this exercise's ${listName}.`
  }

const someOf =
  (listName: string, exactlyAll: boolean): Validate =>
  (value, { blockData }) => {
    const allowed = valuesOf(blockData?.[listName])
    const given = Array.isArray(value) ? (value as string[]) : []
    if (!given.length) return 'Give at least one value.'
    const unknown = given.find((v) => !allowed.includes(v))
    if (unknown) return `"${unknown}" is not one of this exercise's ${listName}.`
    if (duplicateIn(given)) return 'Each value may appear once.'
    if (exactlyAll && given.length !== allowed.length) return `List every one of the ${allowed.length} ${listName}.`
    return true
  }

export const SingleChoice: Block = {
  slug: 'singleChoice',
  dbName: 'kb_single',
  labels: { singular: 'Single choice', plural: 'Single choice' },
  fields: [
    prompt,
    choices('options', 2, 'Options'),
    answerKey([{ name: 'correct', type: 'text', required: true, maxLength: 64, validate: oneOf('options') }]),
  ],
}

export const MultipleChoice: Block = {
  slug: 'multipleChoice',
  dbName: 'kb_multi',
  labels: { singular: 'Multiple choice', plural: 'Multiple choice' },
  fields: [
    prompt,
    choices('options', 2, 'Options'),
    answerKey([
      { name: 'correct', type: 'text', hasMany: true, required: true, maxLength: 64, validate: someOf('options', false) },
    ]),
  ],
}

export const Classify: Block = {
  slug: 'classify',
  dbName: 'kb_classify',
  labels: { singular: 'Classify', plural: 'Classify' },
  fields: [
    prompt,
    choices('categories', 2, 'Categories'),
    choices('items', 1, 'Items to classify'),
    answerKey([
      {
        name: 'assignments',
        type: 'array',
        required: true,
        minRows: 1,
        validate: (rows: unknown, { blockData }: { blockData?: Record<string, unknown> }) => {
          const items = valuesOf(blockData?.items)
          const categories = valuesOf(blockData?.categories)
          const list = Array.isArray(rows) ? (rows as { item?: string; category?: string }[]) : []
          const assigned = list.map((r) => r.item ?? '')
          const missing = items.find((i) => !assigned.includes(i))
          if (missing) return `Item "${missing}" has no category.`
          const bad = list.find((r) => !items.includes(r.item ?? '') || !categories.includes(r.category ?? ''))
          if (bad) return `"${bad.item} → ${bad.category}" names an unknown item or category.`
          return duplicateIn(assigned) ? 'Each item may be assigned once.' : true
        },
        fields: [
          {
            type: 'row',
            fields: [
              { name: 'item', type: 'text', required: true, maxLength: 64 },
              { name: 'category', type: 'text', required: true, maxLength: 64 },
            ],
          },
        ],
      },
    ]),
  ],
}

export const Ordering: Block = {
  slug: 'ordering',
  dbName: 'kb_ordering',
  labels: { singular: 'Ordering', plural: 'Ordering' },
  fields: [
    prompt,
    choices('items', 2, 'Items (any order)'),
    answerKey([
      { name: 'order', type: 'text', hasMany: true, required: true, maxLength: 64, validate: someOf('items', true) },
    ]),
  ],
}

export const FreeText: Block = {
  slug: 'freeText',
  dbName: 'kb_free',
  labels: { singular: 'Free text', plural: 'Free text' },
  fields: [
    prompt,
    { name: 'minLength', type: 'number', min: 0, max: 5000, defaultValue: 0 },
    { name: 'guidance', type: 'textarea', maxLength: 2000, admin: { description: 'Shown after submitting.' } },
  ],
}

export const exerciseBlocks: Block[] = [SingleChoice, MultipleChoice, Classify, Ordering, FreeText]
