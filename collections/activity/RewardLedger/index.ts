import type { CollectionConfig } from 'payload'

import { nobodyWrites } from '../../../src/access/nobodyWrites'
import { ownRowsOrAdmin } from '../../../src/access/ownRowsOrAdmin'
import { currencies } from '../../../src/services/economy/currencies'

/**
 * Every change of a balance is one row here, written in the same transaction as the balance
 * update (src/services/economy). Append-only: a trigger refuses UPDATE and DELETE, and
 * (user, idempotencyKey) is unique, so a replayed grant finds its first row instead of paying twice.
 */
export const RewardLedger: CollectionConfig = {
  slug: 'reward-ledger',
  labels: { singular: 'Ledger entry', plural: 'Reward ledger' },
  access: {
    create: nobodyWrites,
    delete: nobodyWrites,
    read: ownRowsOrAdmin,
    update: nobodyWrites,
  },
  admin: {
    group: 'Economy',
    useAsTitle: 'idempotencyKey',
    defaultColumns: ['createdAt', 'user', 'currency', 'delta', 'balanceAfter', 'reason', 'idempotencyKey'],
    description: 'Read-only. Admin corrections are new rows (POST /api/admin/economy/adjustments), never edits.',
  },
  defaultSort: '-createdAt',
  indexes: [
    { fields: ['user', 'idempotencyKey'], unique: true },
    { fields: ['user', 'createdAt'] },
  ],
  fields: [
    { name: 'user', type: 'relationship', relationTo: 'users', required: true },
    { name: 'currency', type: 'select', required: true, options: currencies.map((c) => ({ label: c, value: c })) },
    { name: 'delta', type: 'number', required: true },
    { name: 'balanceAfter', type: 'number', required: true },
    { name: 'reason', type: 'text', required: true, maxLength: 64 },
    { name: 'sourceType', type: 'text', maxLength: 64 },
    { name: 'sourceId', type: 'text', maxLength: 64 },
    { name: 'idempotencyKey', type: 'text', required: true, maxLength: 255 },
    { name: 'createdBy', type: 'relationship', relationTo: 'users', admin: { description: 'The admin, for adjustments.' } },
    { name: 'note', type: 'text', maxLength: 500 },
  ],
}
