import type { CollectionConfig } from 'payload'

import { activityAccess, userField } from '../shared'

/** One exercise of one amphitheatre session: the learner's work, its best score and the Philosopher's reply (rule 6). */
export const AmphitheatreRecords: CollectionConfig = {
  slug: 'amphitheatre-records',
  access: activityAccess,
  admin: { group: 'Activity', defaultColumns: ['user', 'session', 'exerciseKey', 'state', 'bestScore', 'updatedAt'] },
  indexes: [{ fields: ['session', 'exercise'], unique: true }],
  fields: [
    { name: 'session', type: 'relationship', relationTo: 'amphitheatre-sessions', required: true },
    userField,
    { name: 'exercise', type: 'relationship', relationTo: 'amphitheatre-exercises', required: true },
    { name: 'exerciseKey', type: 'text', required: true, maxLength: 64 },
    { name: 'promptKey', type: 'text', maxLength: 64 },
    { name: 'sequenceIndex', type: 'number', required: true, min: 0 },
    { name: 'state', type: 'select', required: true, defaultValue: 'pending', options: ['pending', 'done'] },
    { name: 'selections', type: 'json' },
    { name: 'markers', type: 'json' },
    { name: 'reflectionText', type: 'textarea', maxLength: 5000 },
    { name: 'recording', type: 'relationship', relationTo: 'recordings' },
    { name: 'philosopherResponse', type: 'textarea', maxLength: 1000 },
    { name: 'bestScore', type: 'number', required: true, defaultValue: 0, min: 0, admin: { description: 'Only ever rises; XP is paid on the rise.' } },
    { name: 'completedAt', type: 'date' },
    {
      name: 'transcriptionStatus',
      type: 'select',
      required: true,
      defaultValue: 'none',
      options: ['none', 'pending', 'done', 'failed'],
      admin: { description: 'failed: the AI could not transcribe or annotate it; the learner may ask again.' },
    },
    { name: 'transcriptionError', type: 'text', maxLength: 200 },
    { name: 'transcript', type: 'textarea', maxLength: 20_000 },
    { name: 'deliveryNote', type: 'textarea', maxLength: 1000 },
  ],
}
