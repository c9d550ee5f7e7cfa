import type { CollectionConfig } from 'payload'

import { anyone } from '../../../src/access/anyone'
import { isEditor } from '../../../src/access/isEditor'
import { mediaDir } from '../../../src/paths'
import { limitUploads } from '../../../src/hooks/limitUploads'

/** Images for curriculum and world content; sharp makes the sizes learner apps request. */
export const Media: CollectionConfig = {
  slug: 'media',
  access: {
    create: isEditor,
    delete: isEditor,
    read: anyone,
    update: isEditor,
  },
  admin: {
    group: 'Site',
    useAsTitle: 'alt',
    defaultColumns: ['filename', 'alt', 'mimeType', 'filesize', 'updatedAt'],
  },
  hooks: { beforeOperation: [limitUploads] },
  upload: {
    staticDir: mediaDir('images'),
    mimeTypes: ['image/png', 'image/jpeg', 'image/webp', 'image/avif', 'image/gif', 'video/mp4'],
    adminThumbnail: 'thumbnail',
    focalPoint: true,
    imageSizes: [
      { name: 'thumbnail', width: 320, height: 320, position: 'centre' },
      { name: 'card', width: 768, height: 432, position: 'centre' },
      { name: 'hero', width: 1600, withoutEnlargement: true },
    ],
  },
  fields: [{ name: 'alt', type: 'text', required: true, maxLength: 300 }],
}
