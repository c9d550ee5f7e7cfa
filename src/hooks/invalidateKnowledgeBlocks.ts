import type { CollectionAfterChangeHook, CollectionAfterDeleteHook } from 'payload'

import { invalidateKnowledgeBlocks } from '../services/world/blocks'

/** Knowledge blocks: a save or delete drops the cached blocks exercise scoring reads (src/services/world/blocks.ts). */
export const invalidateBlocksAfterChange: CollectionAfterChangeHook = ({ doc }) => {
  invalidateKnowledgeBlocks()
  return doc
}

export const invalidateBlocksAfterDelete: CollectionAfterDeleteHook = ({ doc }) => {
  invalidateKnowledgeBlocks()
  return doc
}
