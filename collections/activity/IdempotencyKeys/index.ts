import type { CollectionConfig } from 'payload'

import { isAdmin } from '../../../src/access/isAdmin'
import { nobodyWrites } from '../../../src/access/nobodyWrites'

/**
 * Stored answers of reward-bearing POSTs sent with an `Idempotency-Key` header
 * (src/endpoints/idempotency.ts). Written in the same transaction as the action they answer.
 */
export const IdempotencyKeys: CollectionConfig = {
  slug: 'idempotency-keys',
  access: { create: nobodyWrites, delete: nobodyWrites, read: isAdmin, update: nobodyWrites },
  admin: { group: 'System', hidden: ({ user }) => user?.role !== 'admin', useAsTitle: 'key' },
  indexes: [{ fields: ['user', 'key'], unique: true }, { fields: ['createdAt'] }],
  fields: [
    { name: 'user', type: 'relationship', relationTo: 'users', required: true },
    { name: 'key', type: 'text', required: true, maxLength: 255 },
    { name: 'fingerprint', type: 'text', required: true, maxLength: 64 },
    { name: 'status', type: 'number' },
    // The exact bytes of the first answer, so a replay is identical (jsonb would reorder keys).
    { name: 'response', type: 'textarea' },
  ],
}
