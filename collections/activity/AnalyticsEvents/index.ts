import type { CollectionConfig } from 'payload'

import { isAdmin } from '../../../src/access/isAdmin'
import { nobodyWrites } from '../../../src/access/nobodyWrites'
import { eventSources, eventTypes } from '../../../src/events'

/**
 * Product analytics (spec §3.12), append-only. Server events are written in the transaction of
 * the action they describe; client events arrive in batches and are idempotent by their UUID.
 * Only admins read them: they are about behaviour, not something a learner needs back.
 */
export const AnalyticsEvents: CollectionConfig = {
  slug: 'analytics-events',
  access: { create: nobodyWrites, delete: nobodyWrites, read: isAdmin, update: nobodyWrites },
  admin: { group: 'Activity', useAsTitle: 'type', defaultColumns: ['type', 'user', 'occurredAt', 'source'] },
  defaultSort: '-occurredAt',
  indexes: [{ fields: ['type', 'occurredAt'] }, { fields: ['user', 'occurredAt'] }],
  fields: [
    { name: 'id', type: 'text', required: true, maxLength: 36 },
    { name: 'type', type: 'select', required: true, options: [...eventTypes] },
    { name: 'user', type: 'relationship', relationTo: 'users' },
    { name: 'occurredAt', type: 'date', required: true, admin: { date: { pickerAppearance: 'dayAndTime' } } },
    { name: 'data', type: 'json' },
    { name: 'source', type: 'select', required: true, defaultValue: 'server', options: [...eventSources] },
  ],
}
