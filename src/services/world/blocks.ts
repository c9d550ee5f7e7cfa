import type { Payload } from 'payload'

import type { KnowledgeBlock } from '../../../payload-types'

/**
 * Published knowledge blocks as exercise scoring reads them (answer keys included), kept in
 * memory per process. Payload's query for one block, with its typed exercise blocks and their
 * arrays, costs PostgreSQL 10–20 ms of planning on every call (measured: `npm run bench --
 * --only=exercise --pg-stats`), far more than the rest of a submission, while the content
 * changes only when an author saves. A save or delete of a knowledge block drops this process's
 * copies at once (src/hooks/invalidateKnowledgeBlocks.ts); other app nodes read it again within
 * `BLOCK_TTL_MS`, as they do the world (src/services/journey/world.ts).
 */
export const BLOCK_TTL_MS = 15_000

type Entry = { block: Promise<KnowledgeBlock | null>; loadedAt: number }

const cache = new Map<number, Entry>()

export function invalidateKnowledgeBlocks(): void {
  cache.clear()
}

/**
 * The published block `id`, or null. Read outside the caller's transaction, like the world:
 * published content is committed content. One load per block is shared by concurrent callers.
 */
export function publishedBlock(payload: Payload, id: number): Promise<KnowledgeBlock | null> {
  const current = cache.get(id)
  if (current && Date.now() - current.loadedAt < BLOCK_TTL_MS) return current.block
  const entry: Entry = {
    loadedAt: Date.now(),
    block: payload
      .find({
        collection: 'knowledge-blocks',
        where: { and: [{ id: { equals: id } }, { _status: { equals: 'published' } }] },
        depth: 0,
        limit: 1,
        pagination: false,
        overrideAccess: true,
      })
      .then((found) => found.docs[0] ?? null),
  }
  cache.set(id, entry)
  // A failed load is not kept: the next call tries again.
  entry.block.catch(() => {
    if (cache.get(id) === entry) cache.delete(id)
  })
  return entry.block
}
