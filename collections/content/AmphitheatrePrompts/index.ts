import type { CollectionConfig } from 'payload'

import { contentAccess, contentVersions } from '../../shared'

export const depthTiers = ['alpha', 'beta', 'gamma'] as const

export const AmphitheatrePrompts: CollectionConfig = {
  slug: 'amphitheatre-prompts',
  access: contentAccess,
  versions: contentVersions,
  admin: {
    group: 'Amphitheatre',
    useAsTitle: 'headline',
    defaultColumns: ['headline', 'exercise', 'tier', 'key', '_status'],
    listSearchableFields: ['headline', 'key'],
  },
  fields: [
    { name: 'exercise', type: 'relationship', relationTo: 'amphitheatre-exercises', required: true, index: true },
    {
      name: 'key',
      type: 'text',
      required: true,
      unique: true,
      maxLength: 64,
      admin: { description: 'Stable id stored on sessions, e.g. "voice-alpha-1".' },
    },
    {
      name: 'tier',
      type: 'select',
      required: true,
      index: true,
      options: depthTiers.map((t) => ({ label: t, value: t })),
      admin: { description: 'alpha: visits 1–3, beta: 4–7, gamma: 8 and later.' },
    },
    { name: 'headline', type: 'text', required: true, maxLength: 200 },
    { name: 'scenario', type: 'textarea', required: true, maxLength: 3000 },
    { name: 'whyItMatters', type: 'textarea', maxLength: 3000 },
    { name: 'rotatingPrompt', type: 'textarea', maxLength: 1000 },
  ],
}
