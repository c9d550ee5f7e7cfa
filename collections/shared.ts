import type { CollectionConfig, Field } from 'payload'

import { isEditor } from '../src/access/isEditor'
import { publishedOrEditor } from '../src/access/publishedOrEditor'

/**
 * Content collections: editors (authors, admins) write and see drafts; learners and anonymous
 * apps read published documents only. `readVersions` is set because Payload's default lets any
 * signed-in user read draft versions.
 */
export const contentAccess: CollectionConfig['access'] = {
  create: isEditor,
  delete: isEditor,
  read: publishedOrEditor,
  readVersions: isEditor,
  update: isEditor,
}

/** Drafts on every content collection: authors prepare changes; publishing makes them live. */
export const contentVersions: CollectionConfig['versions'] = {
  drafts: true,
  maxPerDoc: 50,
}

/** A sort key that authors set by hand; lists sort by it. */
export const orderField = (overrides: Partial<{ description: string }> = {}): Field => ({
  name: 'order',
  type: 'number',
  required: true,
  defaultValue: 1,
  min: 0,
  index: true,
  admin: { position: 'sidebar', description: overrides.description ?? 'Lower numbers come first.' },
})

export const urlValidator = (value: unknown): true | string => {
  if (value === null || value === undefined || value === '') return true
  try {
    const url = new URL(String(value))
    return url.protocol === 'https:' || url.protocol === 'http:' ? true : 'Use an http(s) URL.'
  } catch {
    return 'Enter a full URL, e.g. https://example.com/video.mp4.'
  }
}

/** A video either hosted elsewhere (URL) or uploaded to the media library. */
export const videoFields = (prefix = ''): Field[] => [
  { name: `${prefix}videoUrl`, type: 'text', maxLength: 2048, validate: urlValidator },
  { name: `${prefix}videoMedia`, type: 'upload', relationTo: 'media' },
  { name: `${prefix}transcript`, type: 'textarea', maxLength: 100_000 },
  { name: `${prefix}durationSeconds`, type: 'number', min: 0, max: 86_400, defaultValue: 0 },
]
