import type { CollectionConfig } from 'payload'

import { isAdmin } from '../../../src/access/isAdmin'
import { nobodyWrites } from '../../../src/access/nobodyWrites'
import { eventSources, isEventType } from '../../../src/events'

/**
 * Product analytics (spec §3.12), append-only. Server events are written in the transaction of
 * the action they describe; client events arrive in batches and are idempotent per learner by
 * the UUID the app gave them (`clientId`) and their time. Only admins read them: they are about
 * behaviour, not something a learner needs back.
 *
 * The row's own id is a UUIDv7 the server makes (src/ids.ts), not the app's id: time-ordered keys
 * append to the primary-key index, where apps' random ids wrote one random leaf of the whole index
 * per event. The app's id is unique per learner and time, so a batch's rows land together in
 * that index too, and one learner's ids can never collide with another's.
 */
export const AnalyticsEvents: CollectionConfig = {
  slug: 'analytics-events',
  access: { create: nobodyWrites, delete: nobodyWrites, read: isAdmin, update: nobodyWrites },
  admin: { group: 'Activity', useAsTitle: 'type', defaultColumns: ['type', 'user', 'occurredAt', 'source'] },
  // Newest received first: created_at has a B-tree; occurredAt only a BRIN (see src/db/constraints.ts).
  defaultSort: '-createdAt',
  // (user, occurredAt, clientId): a resent event is the same event (same id, same time), and a
  // learner's new events land at the end of their part of the index, with whatever kind of ids,
  // where (user, clientId) put each random id anywhere in that learner's whole history. It also
  // serves per-learner reads by time and the foreign key on account deletion.
  indexes: [{ fields: ['type', 'occurredAt'] }, { fields: ['user', 'occurredAt', 'clientId'], unique: true }],
  fields: [
    { name: 'id', type: 'text', required: true, maxLength: 36 },
    // Client events only: the id the app sent, what a resent batch is recognised by.
    { name: 'clientId', type: 'text', maxLength: 36, admin: { readOnly: true } },
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
