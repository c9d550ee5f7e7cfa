import type { CollectionBeforeOperationHook, CollectionBeforeValidateHook, CollectionConfig } from 'payload'
import { fileTypeFromBuffer, fileTypeFromFile } from 'file-type'
import { APIError } from 'payload'

import { isAdmin } from '../../../src/access/isAdmin'
import { isSignedIn } from '../../../src/access/isSignedIn'
import { nobody } from '../../../src/access/nobody'
import { ownerOrAdmin } from '../../../src/access/ownerOrAdmin'
import { mediaDir } from '../../../src/paths'
import { limitUploads } from '../../../src/hooks/limitUploads'

/**
 * What audio uploads sniff as. Browsers record WebM/Opus or MP4/AAC, and content sniffing
 * reports those containers as `video/webm` and `video/mp4`; the file extension is not trusted.
 */
export const recordingMimeTypes = [
  'audio/webm',
  'video/webm',
  'audio/ogg',
  'audio/mp4',
  'audio/x-m4a',
  'video/mp4',
  'audio/wav',
  'audio/x-wav',
  'audio/vnd.wave',
  'audio/mpeg',
]

export const recordingMaxBytes = (): number => Number(process.env.RECORDING_MAX_BYTES) || 10 * 1024 * 1024

/**
 * The global upload limit covers every collection; recordings have a cap of their own. And
 * a file whose content cannot be identified is refused here: Payload would otherwise fall
 * back to trusting its extension.
 */
const checkRecordingFile: CollectionBeforeOperationHook = async ({ req, operation }) => {
  if ((operation !== 'create' && operation !== 'update') || !req.file) return
  if (req.file.size > recordingMaxBytes()) {
    throw new APIError(`Recordings are limited to ${recordingMaxBytes()} bytes.`, 413)
  }
  const detected = req.file.tempFilePath ? await fileTypeFromFile(req.file.tempFilePath) : await fileTypeFromBuffer(req.file.data)
  if (!detected) throw new APIError('The file is not a recognised audio recording.', 400)
}

/** The owner is whoever uploads; nobody assigns a recording to someone else. */
const setOwner: CollectionBeforeValidateHook = ({ data, operation, req }) => {
  if (operation === 'create' && data && req.user) data.owner = req.user.id
  return data
}

export const Recordings: CollectionConfig = {
  slug: 'recordings',
  access: {
    create: isSignedIn,
    delete: ownerOrAdmin,
    read: ownerOrAdmin,
    update: isAdmin,
  },
  admin: {
    group: 'Learners',
    useAsTitle: 'filename',
    defaultColumns: ['filename', 'owner', 'mimeType', 'filesize', 'createdAt'],
  },
  hooks: {
    beforeOperation: [limitUploads, checkRecordingFile],
    beforeValidate: [setOwner],
  },
  upload: {
    staticDir: mediaDir('recordings'),
    mimeTypes: recordingMimeTypes,
  },
  fields: [
    {
      name: 'owner',
      type: 'relationship',
      relationTo: 'users',
      required: true,
      index: true,
      access: { create: nobody, update: nobody },
      admin: { readOnly: true },
    },
    { name: 'durationSeconds', type: 'number', min: 0, max: 3600 },
    {
      // Admin only: a player for the file (a UI field stores nothing).
      name: 'player',
      type: 'ui',
      admin: { components: { Field: '/collections/learners/Recordings/AudioPreview#AudioPreview' } },
    },
  ],
}
