import type { CollectionConfig } from 'payload'

import { isAdmin } from '../../../src/access/isAdmin'
import { nobodyWrites } from '../../../src/access/nobodyWrites'
import { eventSources, isEventType } from '../../../src/events'

/**
 * Product analytics (spec §3.12), append-only. Server events are written in the transaction of
 * the action they describe; client events arrive in batches and are idempotent by their UUID.
 * Only admins read them: they are about behaviour, not something a learner needs back.
 */
export const AnalyticsEvents: CollectionConfig = {
  slug: 'analytics-events',
  access: { create: nobodyWrites, delete: nobodyWrites, read: isAdmin, update: nobodyWrites },
  admin: { group: 'Activity', useAsTitle: 'type', defaultColumns: ['type', 'user', 'occurredAt', 'source'] },
  // Newest received first: created_at has a B-tree; occurredAt only a BRIN (see src/db/constraints.ts).
  defaultSort: '-createdAt',
  indexes: [{ fields: ['type', 'occurredAt'] }, { fields: ['user', 'occurredAt'] }],
  fields: [
    { name: 'id', type: 'text', required: true, maxLength: 36 },
    {
      // Text, not an enum: learner apps may send their own `client.*` types (POST /api/learn/events),
      // and adding a server type must not need a schema change. Validated in code (src/events.ts).
      name: 'type',
      type: 'text',
      required: true,
      maxLength: 80,
      validate: (value: unknown) => (typeof value === 'string' && isEventType(value) ? true : 'Unknown event type.'),
    },
    { name: 'user', type: 'relationship', relationTo: 'users' },
    { name: 'occurredAt', type: 'date', required: true, admin: { date: { pickerAppearance: 'dayAndTime' } } },
    { name: 'data', type: 'json' },
    { name: 'source', type: 'select', required: true, defaultValue: 'server', options: [...eventSources] },
  ],
}
