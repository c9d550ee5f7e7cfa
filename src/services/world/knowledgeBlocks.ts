import { sql } from '@payloadcms/db-postgres'

import type { DataFromCollectionSlug } from 'payload'
import type { Tx } from '../../db/transaction'
import { KeptCopies } from './keptCopies'

type KnowledgeBlock = DataFromCollectionSlug<'knowledge-blocks'>

/** Blocks kept at most; the oldest kept is dropped first. A course has tens to hundreds. */
const MAX_KEPT = 2000

/**
 * Published knowledge blocks as exercise submissions read them, kept per process and checked
 * against the database on every use.
 *
 * Payload reads a block with one statement that joins every block type of its `exercises`
 * field; PostgreSQL spends about 11 ms planning it (measured with `npm run bench --
 * --pg-stats`), two thirds of an exercise submission's database time. A block changes only when
 * an author saves it, and every save through Payload moves its `updated_at`. So each use asks
 * the database one indexed question, in the caller's transaction: is this block published, and
 * when was it last saved? The kept copy answers only when it is of that save; otherwise the
 * block is read through the Local API (in the same transaction) and kept. A block edited on
 * another node is therefore seen at once, as it was before, and nothing is ever read outside
 * the caller's transaction.
 *
 * The copies are shared: callers must not change them.
 */
const kept = new KeptCopies<{ savedAt: number; block: Readonly<KnowledgeBlock> }>(MAX_KEPT)

export async function publishedKnowledgeBlock(tx: Tx, id: number): Promise<Readonly<KnowledgeBlock> | undefined> {
  const [row] = await tx.query<{ updated_at: string | Date }>(sql`SELECT updated_at FROM knowledge_blocks WHERE id = ${id} AND _status = 'published'`, 'knowledge-block-saved-at')
  if (!row) return undefined
  const savedAt = new Date(row.updated_at).getTime()
  const copy = kept.get(id)
  if (copy && copy.savedAt === savedAt) return copy.block
  const { docs } = await tx.payload.find({
    collection: 'knowledge-blocks',
    where: { and: [{ id: { equals: id } }, { _status: { equals: 'published' } }] },
    depth: 0,
    limit: 1,
    pagination: false,
    overrideAccess: true,
    req: tx.req,
  })
  const block = docs[0]
  if (!block) return undefined
  // Kept only when it is the save the check saw (a save can land between the two reads).
  if (new Date(block.updatedAt).getTime() === savedAt) kept.keep(id, { savedAt, block })
  return block
}

/** Drops every kept block (the benchmark's statement checks start from a cold process). */
export function forgetKnowledgeBlocks(): void {
  kept.clear()
}
