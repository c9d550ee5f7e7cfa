import type { CollectionBeforeOperationHook, FlattenedBlock, FlattenedField, PayloadRequest, SanitizedCollectionConfig, SanitizedConfig } from 'payload'

import { filterProblem } from '../filterValues'
import { QueryRefused } from '../queryRefusal'

/**
 * A filter or a sort is a way to read a field: `where[exercises.answerKey.correct][equals]=b`
 * answered `totalDocs: 1` to anyone, one guess at a time. Payload checks field read access
 * on `where` paths (validateSearchParam), but walks its permission tree by `fields` only, so
 * under a blocks field (the answer keys) it stops at the blocks field itself and lets every
 * subfield through. This check walks the collection's own field config instead — groups,
 * arrays, tabs, every block, and relationships into the collections they point at — and
 * refuses a path as soon as one field on it is hidden or denies the caller `access.read`.
 *
 * It runs on every operation that takes `where`, `sort` or a distinct `field`, for REST,
 * GraphQL and the Local API alike, unless access is overridden (the server's own queries).
 */

/**
 * What a path reaches: a field the caller may use, one they may not read, a field with no
 * column of its own (a group, array, blocks, or a polymorphic relationship as a whole, which
 * the database adapter cannot compare: a 500), or nothing Payload knows (Payload refuses it).
 * `many`: the path runs through an array, blocks or a has-many relationship.
 */
type Kind = 'readable' | 'hidden' | 'container' | 'unsupported' | 'unknown'
/** `type`: the field a readable path ends at, when it is one field (not a polymorphic part or the id). */
type Verdict = { kind: Kind; many: boolean; type?: FlattenedField['type']; polymorphicValue?: boolean; blocks?: FlattenedField }

/** Strictest first: across blocks, the strictest answer for a name counts. */
const STRICTNESS: Kind[] = ['hidden', 'container', 'unsupported', 'readable', 'unknown']

const hasNoColumn = (field: FlattenedField): boolean =>
  field.type === 'group' ||
  field.type === 'tab' ||
  field.type === 'array' ||
  field.type === 'blocks' ||
  ((field.type === 'relationship' || field.type === 'upload') && Array.isArray(field.relationTo))

/** Nesting of and/or (and nested relationship queries) a filter may have. */
export const MAX_WHERE_DEPTH = 32

const QUERY_OPERATIONS = new Set(['read', 'count', 'countVersions', 'readDistinct', 'update', 'delete'])

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)

/** GraphQL spells nested paths with `__`; Payload reads them as dots, and `_id` as `id`. */
const normalisePath = (path: string): string => (path === '_id' ? 'id' : path.replace(/__/g, '.'))

const collectionConfig = (req: PayloadRequest, slug: string): SanitizedCollectionConfig | undefined =>
  (req.payload.collections as Record<string, { config: SanitizedCollectionConfig } | undefined>)[slug]?.config

/** The caller's read access to fields and collections, each asked once per query. */
class ReadAccess {
  private readonly fields = new Map<object, Promise<boolean>>()
  private readonly collections = new Map<string, Promise<boolean>>()

  constructor(
    private readonly req: PayloadRequest,
    private readonly showHiddenFields: boolean,
  ) {}

  field(field: FlattenedField): Promise<boolean> {
    if ('hidden' in field && field.hidden && !this.showHiddenFields) return Promise.resolve(false)
    const read = field.access?.read
    if (!read) return Promise.resolve(true)
    let known = this.fields.get(field)
    if (!known) {
      // No document is at hand: a rule that needs one (Payload's own `sessions`) denies, and
      // a rule that throws denies too.
      known = Promise.resolve()
        .then(() => read({ req: this.req }))
        .then(Boolean, () => false)
      this.fields.set(field, known)
    }
    return known
  }

  /** Whether the caller may read any document of `slug`; a row filter is fine, Payload adds it to a relationship hop. */
  collection(slug: string): Promise<boolean> {
    const config = collectionConfig(this.req, slug)
    if (!config) return Promise.resolve(false)
    let known = this.collections.get(slug)
    if (!known) {
      known = Promise.resolve()
        .then(() => config.access.read({ req: this.req }))
        .then((result) => result !== false, () => false)
      this.collections.set(slug, known)
    }
    return known
  }
}

class PathCheck {
  constructor(
    private readonly req: PayloadRequest,
    private readonly access: ReadAccess,
  ) {}

  private collection(slug: string): SanitizedCollectionConfig | undefined {
    return collectionConfig(this.req, slug)
  }

  /** `hopped`: the path has gone through a relationship into another collection. */
  async fields(fields: FlattenedField[], segments: string[], many = false, hopped = false): Promise<Verdict> {
    const [head, ...rest] = segments
    if (head === undefined) return { kind: 'readable', many }
    const field = fields.find((f) => f.name === head)
    if (!field) return { kind: head === 'id' && rest.length === 0 ? 'readable' : 'unknown', many }
    if (!(await this.access.field(field))) return { kind: 'hidden', many }
    if (rest.length) return this.inside(field, rest, many, hopped)
    if (hasNoColumn(field)) return { kind: 'container', many }
    // A has-many value (its own table) on the far side of a relationship: the adapter's join fails.
    if (hopped && 'hasMany' in field && field.hasMany) return { kind: 'unsupported', many: true }
    return { kind: 'readable', many, type: field.type }
  }

  private async inside(field: FlattenedField, rest: string[], many: boolean, hopped: boolean): Promise<Verdict> {
    switch (field.type) {
      case 'group':
      case 'tab':
        return this.fields(field.flattenedFields, rest, many, hopped)
      case 'array':
        return this.fields(field.flattenedFields, rest, true, hopped)
      case 'blocks': {
        if (rest.length === 1 && rest[0] === 'blockType') return { kind: 'readable', many: true }
        // A name may be in several blocks (every exercise type has an answer key): the strictest answer counts.
        let verdict: Verdict = { kind: 'unknown', many: true }
        for (const block of this.blocksOf(field)) {
          const inBlock = await this.fields(block.flattenedFields, rest, true, hopped)
          if (STRICTNESS.indexOf(inBlock.kind) < STRICTNESS.indexOf(verdict.kind)) verdict = inBlock
        }
        return { ...verdict, blocks: field }
      }
      case 'relationship':
      case 'upload':
        if (typeof field.relationTo === 'string') return this.related(field.relationTo, rest, many || field.hasMany === true)
        // Polymorphic: Payload queries only `relationTo` and `value` of these, never through them.
        return { kind: rest.length === 1 && (rest[0] === 'relationTo' || rest[0] === 'value') ? 'readable' : 'unknown', many, polymorphicValue: rest[0] === 'value' }
      case 'join':
        return typeof field.collection === 'string' ? this.related(field.collection, rest, true) : { kind: 'unknown', many }
      case 'json':
      case 'richText':
        return { kind: 'readable', many }
      default:
        return { kind: 'unknown', many }
    }
  }

  private blocksOf(field: Extract<FlattenedField, { type: 'blocks' }>): FlattenedBlock[] {
    const refs = field.blockReferences ?? field.blocks
    return refs.map((b) => (typeof b === 'string' ? (this.req.payload.blocks as Record<string, FlattenedBlock | undefined>)[b] : b)).filter((b): b is FlattenedBlock => Boolean(b))
  }

  private async related(slug: string, rest: string[], many: boolean): Promise<Verdict> {
    if (rest.length === 1 && rest[0] === 'id') return { kind: 'readable', many }
    const target = this.collection(slug)
    if (!target || !(await this.access.collection(slug))) return { kind: 'hidden', many }
    return this.fields(target.flattenedFields, rest, many, true)
  }

  /** A path of `collection`, or of its versions (`version.…`, as findVersions queries them). */
  async path(collection: SanitizedCollectionConfig, path: string): Promise<Verdict> {
    const segments = path.split('.')
    const verdict = await this.fields(collection.flattenedFields, segments)
    if (verdict.kind === 'unknown' && segments[0] === 'version' && collection.versions) return this.fields(collection.flattenedFields, segments.slice(1))
    return verdict
  }

  /** The collection a relationship or join at `path` points at, for a nested `contains` query. */
  target(collection: SanitizedCollectionConfig, path: string): SanitizedCollectionConfig | undefined {
    let fields = collection.flattenedFields
    let found: FlattenedField | undefined
    for (const segment of path.split('.')) {
      found = fields.find((f) => f.name === segment)
      if (!found) return undefined
      if ('flattenedFields' in found) fields = found.flattenedFields
    }
    if (!found) return undefined
    if ((found.type === 'relationship' || found.type === 'upload') && typeof found.relationTo === 'string') return this.collection(found.relationTo)
    if (found.type === 'join' && typeof found.collection === 'string') return this.collection(found.collection)
    return undefined
  }
}

/** Refuses a path the caller may not use; a sort also may not reach into a list (it has no one value per document). */
function refuseUnusable(path: string, verdict: Verdict, use: 'filter' | 'sort'): void {
  if (verdict.kind === 'hidden') throw new QueryRefused('field_not_queryable', `"${path}" cannot be used to ${use} here: you cannot read that field.`, { path })
  if (verdict.kind === 'container') throw new QueryRefused('invalid_query_path', `"${path}" holds other fields; ${use} on one of the fields inside it.`, { path })
  if (verdict.kind === 'unsupported') throw new QueryRefused('invalid_query_path', `"${path}" holds several values in another collection, which cannot be used to ${use} here.`, { path })
  if (use === 'sort' && verdict.many && verdict.kind === 'readable') {
    throw new QueryRefused('invalid_query_path', `"${path}" is inside a list (an array, blocks or a has-many relationship), so documents cannot be sorted by it.`, { path })
  }
}

async function checkWhere(check: PathCheck, collection: SanitizedCollectionConfig, where: unknown, depth: number, blocksSeen = new Set<FlattenedField>()): Promise<void> {
  if (!isPlainObject(where)) return
  if (depth > MAX_WHERE_DEPTH) throw new QueryRefused('query_too_deep', `A filter may nest at most ${MAX_WHERE_DEPTH} levels.`)
  for (const [key, condition] of Object.entries(where)) {
    if ((key.toLowerCase() === 'and' || key.toLowerCase() === 'or') && Array.isArray(condition)) {
      for (const part of condition) await checkWhere(check, collection, part, depth + 1, blocksSeen)
      continue
    }
    // Payload validates `_id` as `id`, but the postgres adapter looks for a column named `_id` (a 500).
    if (key === '_id') throw new QueryRefused('invalid_query_path', '"_id" is not a field here; filter on "id".', { path: key })
    const path = normalisePath(key)
    const verdict = await check.path(collection, path)
    refuseUnusable(path, verdict, 'filter')
    // The adapter joins a blocks field's tables once per condition under one alias each: a second condition there is a 500.
    if (verdict.blocks) {
      if (blocksSeen.has(verdict.blocks)) throw new QueryRefused('invalid_query_path', `A filter may reach into the blocks field "${verdict.blocks.name}" once; "${path}" is a second time.`, { path })
      blocksSeen.add(verdict.blocks)
    }
    if (!isPlainObject(condition)) continue
    for (const [operator, value] of Object.entries(condition)) {
      const problem = filterProblem(operator, value, { type: verdict.type, polymorphicValue: verdict.polymorphicValue === true })
      if (problem) throw new QueryRefused('invalid_filter', `"${operator}" on "${path}" ${problem}.`, { path, operator })
    }
    // `contains` on a has-many relationship or a join takes a filter of the related collection.
    for (const value of Object.values(condition)) {
      if (!isPlainObject(value)) continue
      const related = check.target(collection, path)
      if (related) await checkWhere(check, related, value, depth + 1, blocksSeen)
    }
  }
}

function sortPaths(sort: unknown): string[] {
  const items = Array.isArray(sort) ? sort : [sort]
  return items
    .filter((s): s is string => typeof s === 'string')
    .flatMap((s) => s.split(','))
    .map((s) => normalisePath(s.trim().replace(/^[-+]/, '')))
    .filter(Boolean)
}

type QueryArgs = { overrideAccess?: boolean; showHiddenFields?: boolean; where?: unknown; sort?: unknown; field?: unknown }

/**
 * Refuses (400 `field_not_queryable`, naming the path) a filter, sort or distinct on a field the
 * caller cannot read, and (400 `invalid_query_path`, `invalid_filter`) one the database adapter cannot run.
 */
export const refuseHiddenFieldQueries: CollectionBeforeOperationHook = async ({ args, collection, operation, req }) => {
  const query = args as QueryArgs
  if (!QUERY_OPERATIONS.has(operation) || query.overrideAccess) return args
  const check = new PathCheck(req, new ReadAccess(req, query.showHiddenFields === true))
  await checkWhere(check, collection, query.where, 0)
  const sorted = sortPaths(query.sort)
  for (const path of sorted) refuseUnusable(path, await check.path(collection, path), 'sort')
  // The same relationship path twice joins its table twice under one alias (a 500).
  const twice = sorted.find((path, i) => sorted.indexOf(path) !== i)
  if (twice) throw new QueryRefused('invalid_query_path', `"${twice}" is named twice in the sort.`, { path: twice })
  if (operation === 'readDistinct' && typeof query.field === 'string') {
    const path = normalisePath(query.field)
    refuseUnusable(path, await check.path(collection, path), 'filter')
  }
  return args
}

/**
 * Puts the check first on every collection, Payload's own (locks, preferences, jobs) included;
 * those are added while the config is sanitised, so this runs on the sanitised config.
 */
export function guardQueriedFields(config: SanitizedConfig): SanitizedConfig {
  for (const collection of config.collections) {
    collection.hooks.beforeOperation = [refuseHiddenFieldQueries, ...(collection.hooks.beforeOperation ?? [])]
  }
  return config
}
