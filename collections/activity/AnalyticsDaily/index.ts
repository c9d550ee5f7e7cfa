import type { CollectionConfig } from 'payload'

import { isAdmin } from '../../../src/access/isAdmin'
import { nobodyWrites } from '../../../src/access/nobodyWrites'

const metric = (name: string) => ({ name, type: 'number', required: true, defaultValue: 0, min: 0 }) as const

/** Daily counts kept by the `rollupAnalytics` job (UTC days), so summaries never scan the event table. */
export const AnalyticsDaily: CollectionConfig = {
  slug: 'analytics-daily',
  access: { create: nobodyWrites, delete: nobodyWrites, read: isAdmin, update: nobodyWrites },
  admin: { group: 'Activity', useAsTitle: 'day', defaultColumns: ['day', 'activeLearners', 'signups', 'moduleCompletions', 'updatedAt'] },
  defaultSort: '-day',
  fields: [
    { name: 'day', type: 'text', required: true, unique: true, maxLength: 10 },
    metric('activeLearners'),
    metric('signups'),
    metric('onboardingCompletions'),
    metric('moduleCompletions'),
    metric('venueEntries'),
    metric('milestonePasses'),
  ],
}
