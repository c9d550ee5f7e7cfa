import type { CollectionConfig } from 'payload'

import { activityAccess, userField } from '../shared'

/**
 * Full access to a district: every venue in it, including venues added later. Granted when the
 * learner completes the last module of the district's level (rule 1). The original kept this
 * as a JSON map on the profile, overwritten whole on every save.
 */
export const DistrictAccess: CollectionConfig = {
  slug: 'district-access',
  access: activityAccess,
  admin: { group: 'Activity', defaultColumns: ['user', 'district', 'createdAt'] },
  indexes: [{ fields: ['user', 'district'], unique: true }],
  fields: [userField, { name: 'district', type: 'relationship', relationTo: 'districts', required: true }],
}
