import type { CollectionConfig } from 'payload'

import { activityAccess, userField } from '../shared'

const score = (name: string) => ({ name, type: 'number', min: 0, max: 100 }) as const

/**
 * A milestone attempt of a level (rule 5): submitted as a recording or a transcript, scored by
 * a job on the AI rubric, passed at the level's threshold. The dashboard's milestone card reads
 * whether any attempt passed.
 */
export const MilestoneAttempts: CollectionConfig = {
  slug: 'milestone-attempts',
  access: activityAccess,
  admin: { group: 'Activity', defaultColumns: ['user', 'level', 'status', 'score', 'passed', 'createdAt'] },
  indexes: [{ fields: ['user', 'level'] }],
  fields: [
    userField,
    { name: 'level', type: 'relationship', relationTo: 'levels', required: true },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'pending',
      // failed_to_score: the AI could not score it (down, slow, malformed); the learner may retry, no score is invented.
      options: ['pending', 'scored', 'failed_to_score'],
    },
    { name: 'scoringError', type: 'text', maxLength: 200 },
    { name: 'recording', type: 'relationship', relationTo: 'recordings' },
    { name: 'transcript', type: 'textarea', maxLength: 20_000 },
    { name: 'rubric', type: 'group', fields: [score('clarity'), score('structure'), score('presence'), score('influence')] },
    score('score'),
    { name: 'passed', type: 'checkbox', required: true, defaultValue: false },
    { name: 'feedback', type: 'textarea', maxLength: 5000 },
    { name: 'localDay', type: 'text', maxLength: 10, admin: { description: 'Learner-local date of the attempt (daily caps).' } },
    { name: 'scoredAt', type: 'date' },
  ],
}
