import type { CollectionConfig } from 'payload'

import { activityAccess, userField } from '../shared'

/** The AI coach's conversations, kept on the server (the original's chat page posted straight to a third party). */
export const CoachConversations: CollectionConfig = {
  slug: 'coach-conversations',
  access: activityAccess,
  admin: { group: 'Activity', defaultColumns: ['user', 'module', 'messageCount', 'updatedAt'] },
  indexes: [{ fields: ['user', 'updatedAt'] }],
  fields: [
    userField,
    { name: 'module', type: 'relationship', relationTo: 'modules' },
    { name: 'messages', type: 'json', required: true, admin: { description: '[{ role, content, at, sources?, suggestedDrill? }]' } },
    { name: 'messageCount', type: 'number', required: true, defaultValue: 0, min: 0 },
  ],
}
