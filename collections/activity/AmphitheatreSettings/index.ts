import type { CollectionConfig } from 'payload'

import { activityAccess, userField } from '../shared'

/** A learner's amphitheatre preferences (the original's settings page saved nothing). */
export const AmphitheatreSettings: CollectionConfig = {
  slug: 'amphitheatre-settings',
  access: activityAccess,
  admin: { group: 'Activity', defaultColumns: ['user', 'language', 'reducedMotion', 'updatedAt'] },
  fields: [
    { ...userField, unique: true },
    { name: 'language', type: 'text', required: true, defaultValue: 'en', maxLength: 16 },
    { name: 'reducedMotion', type: 'checkbox', required: true, defaultValue: false },
    { name: 'audioDevice', type: 'text', maxLength: 200 },
  ],
}
