import type { Payload } from 'payload'
import { mergeListSearchAndWhere } from 'payload/shared'

import { learnerViews } from '../learnerViews'
import type { LearnerView } from '../learnerViews'

/** The export's columns: the id, then the admin list's column set of the same name. */
export const csvViews = Object.fromEntries(
  Object.entries(learnerViews).map(([view, columns]) => [view, ['id', ...columns.map((c) => c.column)]]),
) as Record<LearnerView, string[]>
export type CsvView = LearnerView

const MAX_ROWS = 10_000

/**
 * One CSV cell: always quoted (quotes doubled), and a value a spreadsheet would run as a
 * formula (starting with =, +, -, @, tab or carriage return) is prefixed with an apostrophe.
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return `"${text.replace(/"/g, '""')}"`
}

/** A document's value at a dotted field path (`profile.mainGoal`). */
const valueAt = (doc: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), doc)

/** Payload `select` for the given field paths (nested objects for group fields). */
function selectFor(paths: readonly string[]): Record<string, unknown> {
  const select: Record<string, unknown> = { id: true }
  for (const path of paths) {
    const keys = path.split('.')
    let level = select
    keys.forEach((key, i) => {
      if (i === keys.length - 1) level[key] = true
      else level = (level[key] ??= {}) as Record<string, unknown>
    })
  }
  return select
}

/**
 * The learner list of the admin console as CSV, at most 10,000 rows. The search is the admin
 * list's own: Payload's `mergeListSearchAndWhere` over the collection's `listSearchableFields`
 * (through the same hooks, so select fields match by value or label), so the export holds
 * exactly the rows the admin is looking at.
 */
export async function learnersCsv(payload: Payload, view: CsvView, q: string): Promise<string> {
  const columns = learnerViews[view]
  const where = mergeListSearchAndWhere({ collectionConfig: payload.collections.users.config, search: q })
  // Typed loosely: the select is built from the column set at run time.
  const { docs } = (await payload.find({
    collection: 'users',
    where,
    select: selectFor(columns.map((c) => c.path)) as never,
    depth: 0,
    limit: MAX_ROWS,
    pagination: false,
    sort: 'id',
    // The endpoint lets admins only in; Payload's read access (self or admin) would agree.
    overrideAccess: true,
  })) as unknown as { docs: Record<string, unknown>[] }
  const header = ['id', ...columns.map((c) => c.column)]
  const rows = docs.map((doc) => [doc.id, ...columns.map((c) => valueAt(doc, c.path))])
  const lines = [header.map(csvCell).join(','), ...rows.map((r) => r.map(csvCell).join(','))]
  return `${lines.join('\r\n')}\r\n`
}
