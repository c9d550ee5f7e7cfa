import type { CollectionConfig } from 'payload'

import { activityAccess, userField } from '../shared'

/** A venue a learner may enter, unlocked by completing the module whose `unlocksVenue` it is (rule 1). */
export const VenueUnlocks: CollectionConfig = {
  slug: 'venue-unlocks',
  access: activityAccess,
  admin: { group: 'Activity', defaultColumns: ['user', 'venue', 'module', 'createdAt'] },
  indexes: [{ fields: ['user', 'venue'], unique: true }],
  fields: [
    userField,
    { name: 'venue', type: 'relationship', relationTo: 'venues', required: true },
    { name: 'module', type: 'relationship', relationTo: 'modules', admin: { description: 'The module whose completion unlocked it.' } },
  ],
}
