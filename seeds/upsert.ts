import type { CollectionSlug, GlobalSlug, Payload, Where } from 'payload'

export type SeedStats = { created: number; updated: number; unchanged: number }

export type SeedContext = {
  payload: Payload
  log: (line: string) => void
  stats: SeedStats
}

type Id = number | string

/**
 * True when every value the seed specifies is already stored. Only the keys the seed names
 * are compared (ids of array rows, timestamps and fields the seed leaves out are ignored), so
 * a re-run leaves content — and its version history — alone.
 */
export function matches(desired: unknown, actual: unknown): boolean {
  if (desired === undefined) return true
  if (desired === null) return actual === null || actual === undefined
  if (Array.isArray(desired)) {
    return Array.isArray(actual) && actual.length === desired.length && desired.every((d, i) => matches(d, actual[i]))
  }
  if (typeof desired === 'object') {
    if (typeof actual !== 'object' || actual === null) return false
    return Object.entries(desired as Record<string, unknown>).every(([k, v]) => matches(v, (actual as Record<string, unknown>)[k]))
  }
  // Relationships come back as ids at depth 0; numbers may come back as strings from numeric columns.
  return desired === actual || (typeof desired === 'number' && Number(actual) === desired)
}

/**
 * Creates or aligns one document found by its natural key, publishing it explicitly.
 * Drafts-enabled collections get `_status: 'published'`; nothing is written when the stored
 * published document already matches.
 */
export async function upsert(
  ctx: SeedContext,
  collection: CollectionSlug,
  where: Where,
  data: Record<string, unknown>,
): Promise<Id> {
  const { payload } = ctx
  const drafts = Boolean(payload.collections[collection]?.config.versions?.drafts)
  const found = await payload.find({ collection, where, limit: 1, depth: 0, overrideAccess: true, pagination: false })
  const existing = found.docs[0] as Record<string, unknown> | undefined
  const withStatus = drafts ? { ...data, _status: 'published' } : data
  if (!existing) {
    const created = await payload.create({ collection, data: withStatus as never, depth: 0, overrideAccess: true })
    ctx.stats.created++
    return created.id
  }
  if (matches(withStatus, existing)) {
    ctx.stats.unchanged++
    return existing.id as Id
  }
  await payload.update({ collection, id: existing.id as Id, data: withStatus as never, depth: 0, overrideAccess: true })
  ctx.stats.updated++
  return existing.id as Id
}

export async function upsertGlobal(ctx: SeedContext, slug: GlobalSlug, data: Record<string, unknown>): Promise<void> {
  const current = await ctx.payload.findGlobal({ slug, depth: 0, overrideAccess: true })
  if ((current as { updatedAt?: string }).updatedAt && matches(data, current)) {
    ctx.stats.unchanged++
    return
  }
  await ctx.payload.updateGlobal({ slug, data: data as never, depth: 0, overrideAccess: true })
  ctx.stats.updated++
}

/** Looks up the id of a document a seed depends on, with a message that names the missing target. */
export async function idOf(ctx: SeedContext, collection: CollectionSlug, where: Where, hint: string): Promise<Id> {
  const found = await ctx.payload.find({ collection, where, limit: 1, depth: 0, overrideAccess: true, pagination: false })
  const doc = found.docs[0]
  if (!doc) throw new Error(`Missing ${collection} ${JSON.stringify(where)}: run the "${hint}" seed target first.`)
  return doc.id
}
