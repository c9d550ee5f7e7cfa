import type { CollectionConfig } from 'payload'

import { nobodyWrites } from '../../src/access/nobodyWrites'
import { ownRowsOrAdmin } from '../../src/access/ownRowsOrAdmin'

/** Server-written activity: learners read their own rows, admins all; nobody edits through the API. */
export const activityAccess: CollectionConfig['access'] = {
  create: nobodyWrites,
  delete: nobodyWrites,
  read: ownRowsOrAdmin,
  update: nobodyWrites,
}

export const userField = { name: 'user', type: 'relationship', relationTo: 'users', required: true } as const
