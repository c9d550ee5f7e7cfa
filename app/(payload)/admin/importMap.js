import { AudioPreview as AudioPreview_e99bc2087fc6ac11a4c7fdb48d945550 } from '../../../collections/learners/Recordings/AudioPreview'
import { CollectionCards as CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1 } from '@payloadcms/next/rsc'

/** @type import('payload').ImportMap */
export const importMap = {
  "/collections/learners/Recordings/AudioPreview#AudioPreview": AudioPreview_e99bc2087fc6ac11a4c7fdb48d945550,
  "@payloadcms/next/rsc#CollectionCards": CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1
}
