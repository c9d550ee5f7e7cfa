import type { CollectionConfig } from 'payload'

import { isAdmin } from '../../../src/access/isAdmin'
import { nobodyWrites } from '../../../src/access/nobodyWrites'

/**
 * Fixed-window counters of the shared rate limiter (src/services/rateLimit.ts). They live in
 * PostgreSQL so that every app node counts against the same numbers. The table is UNLOGGED
 * (hand-written migration): a counter bump is on every learner write and need not survive a
 * crash. Nobody edits a counter in the admin, so it takes no part in document locking, whose
 * table would otherwise hold a foreign key to it (a logged table may not reference an unlogged one).
 */
export const RateLimitCounters: CollectionConfig = {
  slug: 'rate-limit-counters',
  lockDocuments: false,
  access: { create: nobodyWrites, delete: nobodyWrites, read: isAdmin, update: nobodyWrites },
  admin: { group: 'System', hidden: ({ user }) => user?.role !== 'admin', useAsTitle: 'key' },
  indexes: [{ fields: ['windowStart'] }],
  fields: [
    { name: 'key', type: 'text', required: true, unique: true, maxLength: 255 },
    { name: 'windowStart', type: 'date', required: true },
    { name: 'count', type: 'number', required: true, defaultValue: 0 },
  ],
}
