import type { CollectionConfig } from 'payload'

import { activityAccess, userField } from '../shared'

export const lessonStates = ['asking', 'waiting', 'completed'] as const

/**
 * One run through a module's guided flow (spec §3.7). The steps are copied when the session
 * starts, so an author republishing the flow never changes a session under a learner.
 * The id is a UUID made by the server.
 */
export const LessonSessions: CollectionConfig = {
  slug: 'lesson-sessions',
  access: activityAccess,
  admin: { group: 'Activity', defaultColumns: ['user', 'module', 'state', 'currentStepId', 'updatedAt'] },
  indexes: [{ fields: ['user', 'module'] }],
  fields: [
    { name: 'id', type: 'text', required: true, maxLength: 36 },
    userField,
    { name: 'module', type: 'relationship', relationTo: 'modules', required: true },
    { name: 'flow', type: 'relationship', relationTo: 'guided-flows', required: true },
    { name: 'flowVersion', type: 'text', required: true, maxLength: 32 },
    { name: 'steps', type: 'json', required: true, admin: { description: 'The flow steps as they were when the session started.' } },
    { name: 'state', type: 'select', required: true, defaultValue: 'asking', options: [...lessonStates] },
    { name: 'currentStepId', type: 'text', maxLength: 64 },
    { name: 'currentIndex', type: 'number', required: true, defaultValue: 0, min: 0 },
    { name: 'totalSteps', type: 'number', required: true, min: 1 },
    { name: 'answers', type: 'json', admin: { description: 'fieldName → normalised answer.' } },
    { name: 'currentPrompt', type: 'json', admin: { description: 'The prompt the learner was shown for the current step (AI-relayed or authored).' } },
    { name: 'completedAt', type: 'date' },
  ],
}
