import type { CollectionAfterChangeHook, CollectionAfterDeleteHook } from 'payload'

import { invalidateWorld } from '../services/journey/world'

/** Levels, districts, modules and venues: a save or delete drops the cached world (src/services/journey/world.ts). */
export const invalidateWorldAfterChange: CollectionAfterChangeHook = ({ doc }) => {
  invalidateWorld()
  return doc
}

export const invalidateWorldAfterDelete: CollectionAfterDeleteHook = ({ doc }) => {
  invalidateWorld()
  return doc
}
