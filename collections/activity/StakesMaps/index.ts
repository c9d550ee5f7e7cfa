import type { CollectionConfig, Field } from 'payload'

import { activityAccess, userField } from '../shared'

/** The three control levers of the curriculum (preparation, presence, perspective). */
export const levers = ['preparation', 'presence', 'perspective'] as const
/** The four pressure points, each rated 0–5. */
export const pressurePoints = ['pressure', 'visibility', 'irreversibility', 'control'] as const

const rating = (name: string): Field => ({ name, type: 'number', min: 0, max: 5, admin: { step: 1 } })

/**
 * A learner's map of one high-stakes moment for one module: filled from their guided-lesson
 * answers where the module's flow maps steps to it, then theirs to edit through
 * `PUT /api/learn/stakes-maps/:moduleId`. Personal: learners read their own, admins all, and
 * nobody writes through the collection API. One per (user, module).
 */
export const StakesMaps: CollectionConfig = {
  slug: 'stakes-maps',
  access: activityAccess,
  admin: { group: 'Activity', defaultColumns: ['user', 'module', 'lever', 'source', 'updatedAt'] },
  indexes: [{ fields: ['user', 'module'], unique: true }],
  fields: [
    userField,
    { name: 'module', type: 'relationship', relationTo: 'modules', required: true },
    { name: 'situation', type: 'textarea', maxLength: 5000 },
    { name: 'pressurePoints', type: 'group', fields: pressurePoints.map(rating) },
    { name: 'trigger', type: 'text', maxLength: 255 },
    { name: 'lever', type: 'select', options: [...levers] },
    { name: 'actionStep', type: 'textarea', maxLength: 5000 },
    {
      name: 'source',
      type: 'select',
      required: true,
      defaultValue: 'lesson',
      options: ['lesson', 'learner'],
      admin: { description: 'Who wrote it last: the guided lesson (a later lesson may refill it) or the learner (kept).' },
    },
    { name: 'lessonSession', type: 'relationship', relationTo: 'lesson-sessions', admin: { description: 'The session whose answers filled it.' } },
    { name: 'revision', type: 'number', required: true, defaultValue: 1, min: 1, admin: { description: 'Goes up with every write; an edit naming an older one is refused.' } },
  ],
}
