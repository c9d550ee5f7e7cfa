import fs from 'node:fs'
import path from 'node:path'

import type { PostgresAdapter } from '@payloadcms/db-postgres'
import { getTableConfig, PgDialect } from '@payloadcms/db-postgres/drizzle/pg-core'
import type { PgTable } from '@payloadcms/db-postgres/drizzle/pg-core'
import type { Block, Field, Payload, SanitizedCollectionConfig, SanitizedConfig, SanitizedGlobalConfig } from 'payload'

import { projectRoot } from '../../paths'

/**
 * docs/data-model.md, rendered from the sanitized Payload config so it cannot drift from it
 * (`npm run docs:erd`; CI fails when a fresh run changes the committed file).
 *
 * Two sources, each for what it knows best:
 * - the config: areas (admin groups), Payload field types, required/unique, options, defaults,
 *   field access and the relationships between collections as the API sees them;
 * - the schema the Postgres adapter builds from that same config (`adapter.init()` only builds
 *   Drizzle tables, it opens no connection): real table and column names, child tables for
 *   arrays, blocks and hasMany fields, foreign keys, and the indexes and checks the
 *   `afterSchemaInit` hooks (src/db/constraints.ts) add or remove. Re-implementing Payload's
 *   naming rules (dbName, block tables, `_rels`, name de-duplication) would drift; asking the
 *   adapter cannot.
 *
 * No timestamps, no environment, stable ordering: rendering twice gives the same bytes.
 */

export const dataModelFile = path.join(projectRoot, 'docs/data-model.md')
export const migrationsDir = path.join(projectRoot, 'src/migrations')

/** A migration written by hand (no drizzle snapshot next to it): SQL the config cannot express. */
export type HandWrittenMigration = { file: string; source: string }

export type RenderOptions = { handWrittenMigrations?: HandWrittenMigration[] }

/**
 * Migrations without a `.json` snapshot were not produced by `migrate:create`: triggers, partial
 * or covering indexes. The only file reading here, kept apart so `renderDataModel` stays pure.
 */
export function readHandWrittenMigrations(dir: string = migrationsDir): HandWrittenMigration[] {
  const files = fs.readdirSync(dir).filter((f) => /^\d.*\.ts$/.test(f)).sort()
  return files
    .filter((f) => !fs.existsSync(path.join(dir, f.replace(/\.ts$/, '.json'))))
    .map((file) => ({ file, source: fs.readFileSync(path.join(dir, file), 'utf8') }))
}

// Payload's own collections and globals: their schema is Payload's, not this project's.
const INTERNAL_PURPOSE: Record<string, string> = {
  'payload-jobs': 'the job queue (tasks in payload.config.ts `jobs`; admins may read it under System)',
  'payload-jobs-stats': 'when each scheduled task last ran (global; locked by src/jobs/lockJobStats.ts)',
  'payload-kv': "Payload's key-value store",
  'payload-locked-documents': 'which admin is editing which document',
  'payload-migrations': 'the migrations applied to this database',
  'payload-preferences': 'admin UI preferences per user',
}
const isInternal = (slug: string): boolean => slug.startsWith('payload-')

type RawTable = PostgresAdapter['rawTables'][string]
type RawColumn = RawTable['columns'][string]

type Schema = {
  raw: Record<string, RawTable>
  /** Indexes and checks of each table after the `afterSchemaInit` hooks. */
  final: Record<string, TableExtras>
  tableOf: (slug: string) => string
}

type IndexInfo = { name: string; columns: string[]; unique: boolean; where?: string; method?: string }
type TableExtras = { indexes: IndexInfo[]; checks: { name: string; sql: string }[] }

const dialect = new PgDialect()
const sqlText = (value: Parameters<PgDialect['sqlToQuery']>[0]): string =>
  // `"venue_entries"."status" = 'open'` reads better as `status = 'open'`.
  dialect.sqlToQuery(value).sql.replace(/"\w+"\."(\w+)"/g, '$1').replace(/"(\w+)"/g, '$1')

/** Builds the Drizzle schema exactly as the Postgres adapter does at boot, minus the connection. */
async function buildSchema(config: SanitizedConfig): Promise<Schema> {
  const collections = Object.fromEntries(config.collections.map((c) => [c.slug, { config: c }]))
  const blocks = Object.fromEntries((config.blocks ?? []).map((b) => [b.slug, b]))
  const quiet = { debug: () => {}, error: () => {}, info: () => {}, warn: () => {} }
  // The adapter reads only these members of `payload` while it builds tables.
  const payload = { blocks, collections, config, logger: quiet } as unknown as Payload
  const adapter = config.db.init({ payload }) as unknown as PostgresAdapter
  if (adapter.packageName !== '@payloadcms/db-postgres' || !adapter.init) {
    throw new Error(`docs:erd reads the @payloadcms/db-postgres schema; the config uses ${adapter.packageName ?? config.db.name}`)
  }
  await adapter.init()
  const final: Record<string, TableExtras> = {}
  for (const [name, table] of Object.entries(adapter.tables as Record<string, PgTable>)) {
    const t = getTableConfig(table)
    final[name] = {
      indexes: t.indexes.map((i) => ({
        name: i.config.name ?? '',
        columns: i.config.columns.map((c) => ('name' in c && typeof c.name === 'string' ? c.name : sqlText(c as never))),
        unique: i.config.unique,
        where: i.config.where ? sqlText(i.config.where) : undefined,
        method: i.config.method && i.config.method !== 'btree' ? i.config.method : undefined,
      })),
      checks: t.checks.map((c) => ({ name: c.name, sql: sqlText(c.value) })),
    }
  }
  return {
    raw: adapter.rawTables,
    final,
    tableOf: (slug) => {
      const name = adapter.tableNameMap.get(snake(slug))
      if (!name || !adapter.rawTables[name]) throw new Error(`docs:erd: no table found for '${slug}'`)
      return name
    },
  }
}

/** Payload's to-snake-case for slugs and field names (kebab-case and camelCase). */
function snake(value: string): string {
  return value
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-\s.]+/g, '_')
    .toLowerCase()
}

// ---------------------------------------------------------------- Mermaid

type Card = 'exactlyOne' | 'zeroOrOne' | 'zeroOrMore' | 'oneOrMore'
const LEFT: Record<Card, string> = { exactlyOne: '||', zeroOrOne: '|o', zeroOrMore: '}o', oneOrMore: '}|' }
const RIGHT: Record<Card, string> = { exactlyOne: '||', zeroOrOne: 'o|', zeroOrMore: 'o{', oneOrMore: '|{' }
type Edge = { left: string; leftCard: Card; right: string; rightCard: Card; label: string }

/**
 * Mermaid's ER lexer takes the first rule that matches, and keywords come before names: a bare
 * entity called `one_…`, `many_…`, `to_…`, `class_…` or `style_…` would be read as a keyword.
 * Such names are quoted; all others stay bare, the most widely supported form.
 */
function entity(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`docs:erd: '${name}' is not a plain table name`)
  return /^(one|many|only|zero|optionally|to|class|style|subgraph|end$|u$|erdiagram|acc|direction)/i.test(name) ? `"${name}"` : name
}

/** Attribute types and names are single words; PK, FK and UK alone would be read as keys. */
function word(value: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value) || /^(pk|fk|uk)$/i.test(value)) {
    throw new Error(`docs:erd: '${value}' cannot be a Mermaid attribute word`)
  }
  return value
}

const edgeLine = (e: Edge): string =>
  `    ${entity(e.left)} ${LEFT[e.leftCard]}--${RIGHT[e.rightCard]} ${entity(e.right)} : "${e.label.replace(/"/g, "'")}"`

function sqlType(column: RawColumn): string {
  switch (column.type) {
    case 'timestamp':
      return column.withTimezone ? 'timestamptz' : 'timestamp'
    default:
      return column.type
  }
}

// ---------------------------------------------------------------- Tables of the schema

/** The table a child table belongs to: arrays and blocks point `_parent_id`, `_rels`/`_texts` point `parent_id`. */
function parentOf(table: RawTable): string | undefined {
  for (const fk of Object.values(table.foreignKeys ?? {})) {
    if (fk.columns.length === 1 && (fk.columns[0] === '_parentID' || fk.columns[0] === 'parent')) return fk.foreignColumns[0]?.table
  }
  return undefined
}

/** Root table → its child tables (recursively), in the adapter's (deterministic) build order. */
function childTables(schema: Schema, roots: Set<string>): Map<string, string[]> {
  const owner = new Map<string, string>()
  const resolve = (name: string, seen: Set<string>): string | undefined => {
    if (roots.has(name)) return name
    if (owner.has(name)) return owner.get(name)
    const table = schema.raw[name]
    const parent = table && parentOf(table)
    if (!parent || seen.has(parent)) return undefined
    seen.add(parent)
    const root = resolve(parent, seen)
    if (root) owner.set(name, root)
    return root
  }
  const children = new Map<string, string[]>()
  for (const name of Object.keys(schema.raw)) {
    if (roots.has(name)) continue
    const root = resolve(name, new Set([name]))
    if (root) children.set(root, [...(children.get(root) ?? []), name])
  }
  return children
}

function uniqueColumns(schema: Schema, table: string): Set<string> {
  return new Set(
    (schema.final[table]?.indexes ?? []).filter((i) => i.unique && !i.where && i.columns.length === 1).map((i) => i.columns[0] as string),
  )
}

/** One `erDiagram` with full attributes for `tables`; tables they reference elsewhere appear as bare boxes. */
function detailedDiagram(schema: Schema, tables: string[]): string {
  const lines = ['```mermaid', 'erDiagram']
  const edges: Edge[] = []
  for (const name of tables) {
    const table = schema.raw[name]
    if (!table) continue
    const unique = uniqueColumns(schema, name)
    const fkColumns = new Map<string, { table: string; label: string }>()
    for (const fk of Object.values(table.foreignKeys ?? {})) {
      for (const key of fk.columns) fkColumns.set(key, { table: fk.foreignColumns[0]?.table ?? '', label: table.columns[key]?.name ?? key })
    }
    lines.push(`    ${entity(name)} {`)
    for (const [key, column] of Object.entries(table.columns)) {
      const keys = [
        column.primaryKey ? 'PK' : '',
        column.reference || fkColumns.has(key) ? 'FK' : '',
        unique.has(column.name) && !column.primaryKey ? 'UK' : '',
      ].filter(Boolean)
      const comment = column.notNull && !column.primaryKey ? ' "not null"' : ''
      lines.push(`        ${word(sqlType(column))} ${word(column.name)}${keys.length ? ' ' + keys.join(', ') : ''}${comment}`)
      const target = column.reference?.table ?? fkColumns.get(key)?.table
      if (target) {
        edges.push({
          left: target,
          leftCard: column.notNull ? 'exactlyOne' : 'zeroOrOne',
          right: name,
          rightCard: unique.has(column.name) ? 'zeroOrOne' : 'zeroOrMore',
          label: column.name,
        })
      }
    }
    lines.push('    }')
  }
  lines.push(...edges.map(edgeLine), '```')
  return lines.join('\n')
}

// ---------------------------------------------------------------- Fields from the config

/**
 * The sanitized field union needs narrowing for every property; the renderer only reads, so it
 * looks at fields through this one loose shape.
 */
type LooseField = {
  type: string
  name?: string
  required?: boolean
  unique?: boolean
  index?: boolean
  hasMany?: boolean
  localized?: boolean
  hidden?: boolean
  virtual?: boolean | string
  relationTo?: string | string[]
  collection?: string | string[]
  on?: string
  options?: (string | { value: string })[]
  defaultValue?: unknown
  access?: Record<string, unknown>
  maxLength?: number
  minLength?: number
  min?: number
  max?: number
  minRows?: number
  maxRows?: number
  fields?: Field[]
  tabs?: { name?: string; fields: Field[] }[]
  blocks?: Block[]
  blockReferences?: (string | Block)[]
  admin?: { readOnly?: boolean; description?: unknown }
}

type FieldRow = { path: string; type: string; required: boolean; unique: boolean; notes: string[] }
type Relation = { path: string; targets: string[]; many: boolean; required: boolean; unique: boolean }

type Walk = { config: SanitizedConfig; rows: FieldRow[]; relations: Relation[]; link: (slug: string) => string }

function describeDefault(value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (typeof value === 'function') return 'default: computed'
  const json = JSON.stringify(value)
  return json.length <= 60 ? `default: \`${json}\`` : 'default: a preset list (see the config)'
}

function fieldNotes(f: LooseField, walk: Walk): string[] {
  const notes: string[] = []
  const targets = f.relationTo === undefined ? [] : Array.isArray(f.relationTo) ? f.relationTo : [f.relationTo]
  if (targets.length) notes.push(`→ ${targets.map(walk.link).join(' \\| ')}${targets.length > 1 ? ' (polymorphic)' : ''}`)
  if (f.type === 'join') {
    const from = Array.isArray(f.collection) ? f.collection : [f.collection ?? '']
    notes.push(`virtual: the ${from.map(walk.link).join(' \\| ')} rows whose \`${f.on}\` is this document`)
  }
  if (f.options?.length) {
    const values = f.options.map((o) => `\`${typeof o === 'string' ? o : o.value}\``).join(', ')
    notes.push(`${f.hasMany ? 'any of' : 'one of'}: ${values}`)
  }
  const fieldDefault = describeDefault(f.defaultValue)
  if (fieldDefault) notes.push(fieldDefault)
  if (f.minLength !== undefined) notes.push(`min length ${f.minLength}`)
  if (f.maxLength !== undefined) notes.push(`max length ${f.maxLength}`)
  if (f.min !== undefined) notes.push(`min ${f.min}`)
  if (f.max !== undefined) notes.push(`max ${f.max}`)
  if (f.minRows !== undefined || f.maxRows !== undefined) notes.push(rowLimits(f.minRows, f.maxRows))
  if (f.index && !f.unique) notes.push('indexed')
  if (f.localized) notes.push('localized')
  if (f.virtual) notes.push('virtual (not stored)')
  if (f.hidden) notes.push('hidden from the API')
  const access = accessNote(f)
  if (access) notes.push(access)
  if (f.admin?.readOnly) notes.push('read-only in the admin')
  if (typeof f.admin?.description === 'string') notes.push(f.admin.description)
  return notes
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

function rowLimits(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `${min} to ${plural(max, 'row')}`
  return min !== undefined ? `at least ${plural(min, 'row')}` : `at most ${plural(max ?? 0, 'row')}`
}

/** Field-level access (who may read or write the value is decided per request, not here). */
function accessNote(f: LooseField): string | undefined {
  const operations = Object.keys(f.access ?? {}).filter((k) => typeof f.access?.[k] === 'function').sort()
  return operations.length ? `field-level access on ${operations.join(', ')}` : undefined
}

function blocksOf(f: LooseField, config: SanitizedConfig): Block[] {
  const refs = f.blockReferences ?? f.blocks ?? []
  return refs.map((b) => (typeof b === 'string' ? (config.blocks ?? []).find((x) => x.slug === b) : b)).filter((b): b is Block => !!b)
}

/**
 * Flattens fields to rows with their API path: `group.field`, `array[].field`,
 * `blocks[slug].field`. Rows, collapsibles and unnamed tabs/groups are layout only. The `id`
 * of array rows and blocks and `blockName` are Payload's own and left out.
 */
function walkFields(fields: Field[], prefix: string, inMany: boolean, walk: Walk, inherited: string[] = []): void {
  for (const field of fields) {
    const f = field as unknown as LooseField
    const name = f.name
    // A container's field-level access applies to everything in it, so its rows say so.
    const within = (container: LooseField): string[] => {
      const access = accessNote(container)
      return access && container.name ? [...inherited, `${access} (via \`${container.name}\`)`] : inherited
    }
    switch (f.type) {
      case 'ui':
        continue
      case 'row':
      case 'collapsible':
        walkFields(f.fields ?? [], prefix, inMany, walk, inherited)
        continue
      case 'tabs':
        for (const tab of f.tabs ?? []) walkFields(tab.fields, tab.name ? `${prefix}${tab.name}.` : prefix, inMany, walk, inherited)
        continue
      case 'group':
        walkFields(f.fields ?? [], name ? `${prefix}${name}.` : prefix, inMany, walk, within(f))
        continue
    }
    if (!name) continue
    if (inMany && (name === 'id' || name === 'blockName')) continue
    const path = `${prefix}${name}`
    const row: FieldRow = { path, type: f.hasMany ? `${f.type} (hasMany)` : f.type, required: !!f.required, unique: !!f.unique, notes: [...fieldNotes(f, walk), ...inherited] }
    if (f.type === 'blocks') row.notes.unshift(`blocks: ${blocksOf(f, walk.config).map((b) => `\`${b.slug}\``).join(', ')}`)
    walk.rows.push(row)
    if (f.relationTo !== undefined) {
      walk.relations.push({
        path,
        targets: Array.isArray(f.relationTo) ? f.relationTo : [f.relationTo],
        many: !!f.hasMany || inMany,
        required: !!f.required,
        unique: !!f.unique,
      })
    }
    if (f.type === 'array') walkFields(f.fields ?? [], `${path}[].`, true, walk, within(f))
    if (f.type === 'blocks') for (const block of blocksOf(f, walk.config)) walkFields(block.fields, `${path}[${block.slug}].`, true, walk, within(f))
  }
}

type Entry = {
  slug: string
  table: string
  label: string
  group: string
  description?: string
  rows: FieldRow[]
  relations: Relation[]
  facts: string[]
}

function labelText(value: unknown, fallback: string): string {
  if (typeof value === 'string') return value
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>
    const text = record.en ?? Object.values(record)[0]
    if (typeof text === 'string') return text
  }
  return fallback
}

function describe(
  doc: SanitizedCollectionConfig | SanitizedGlobalConfig,
  kind: 'collection' | 'global',
  config: SanitizedConfig,
  schema: Schema,
  link: (slug: string) => string,
): Entry {
  const walk: Walk = { config, rows: [], relations: [], link }
  const table = schema.tableOf(doc.slug)
  if (kind === 'collection' && !doc.fields.some((f) => 'name' in f && f.name === 'id')) {
    const pk = Object.values(schema.raw[table]?.columns ?? {}).find((c) => c.primaryKey)
    walk.rows.push({ path: 'id', type: pk?.type === 'serial' ? 'number' : 'text', required: false, unique: true, notes: [`primary key (${pk?.type ?? 'serial'})`] })
  }
  walkFields(doc.fields, '', false, walk)
  for (const row of walk.rows) if (row.path === 'id' && !row.notes.some((n) => n.startsWith('primary key'))) row.notes.unshift('primary key (custom id)')
  const facts = [`Table \`${table}\``]
  if (kind === 'collection') {
    const c = doc as SanitizedCollectionConfig
    if (c.auth) facts.push('auth collection (email/username login, sessions)')
    if (c.upload) facts.push('upload collection (file metadata; the file itself is outside the database)')
  }
  if (doc.versions) {
    const versions = `_${snake(doc.slug)}_v`
    const drafts = typeof doc.versions === 'object' && doc.versions.drafts
    facts.push(`${drafts ? 'drafts and versions' : 'versions'} in \`${schema.raw[versions] ? versions : '?'}\` (columns prefixed \`version_\`)`)
  }
  const admin = doc.admin as { group?: unknown; description?: unknown }
  return {
    slug: doc.slug,
    table,
    label: labelText(kind === 'collection' ? (doc as SanitizedCollectionConfig).labels?.plural : (doc as SanitizedGlobalConfig).label, doc.slug),
    group: labelText(admin.group, 'Other'),
    description: typeof admin.description === 'string' ? admin.description : undefined,
    rows: walk.rows,
    relations: walk.relations,
    facts,
  }
}

// ---------------------------------------------------------------- Markdown

const cell = (value: string): string => value.replace(/\r?\n/g, ' ').replace(/(?<!\\)\|/g, '\\|')

function fieldTable(entry: Entry): string {
  const lines = ['| Field | Type | Required | Unique | Notes |', '| --- | --- | --- | --- | --- |']
  for (const row of entry.rows) {
    lines.push(`| \`${row.path}\` | ${row.type} | ${row.required ? 'yes' : ''} | ${row.unique ? 'yes' : ''} | ${cell(row.notes.join('; '))} |`)
  }
  return lines.join('\n')
}

function entrySection(entry: Entry): string {
  const parts = [`#### ${entry.slug}`, '', `*${entry.label}* · ${entry.facts.join(' · ')}`]
  if (entry.description) parts.push('', `> ${cell(entry.description)}`)
  parts.push('', fieldTable(entry))
  return parts.join('\n')
}

/** Many-to-one, one-to-one and many-to-many edges between collections, as the API sees them. */
function overviewDiagram(entries: Entry[], tableOf: (slug: string) => string): string {
  const shown = new Set(entries.map((e) => e.slug))
  const lines = ['```mermaid', 'erDiagram']
  const linked = new Set<string>()
  const edges: Edge[] = []
  for (const entry of entries) {
    for (const rel of entry.relations) {
      for (const target of rel.targets.filter((t) => shown.has(t))) {
        linked.add(entry.slug).add(target)
        const label = rel.targets.length > 1 ? `${rel.path} (polymorphic)` : rel.path
        if (rel.many || rel.targets.length > 1) {
          // Stored in `<table>_rels` (or a child table's column): many on both sides.
          edges.push({ left: entry.table, leftCard: 'zeroOrMore', right: tableOf(target), rightCard: rel.many && rel.required ? 'oneOrMore' : 'zeroOrMore', label })
        } else {
          edges.push({
            left: tableOf(target),
            leftCard: rel.required ? 'exactlyOne' : 'zeroOrOne',
            right: entry.table,
            rightCard: rel.unique ? 'zeroOrOne' : 'zeroOrMore',
            label,
          })
        }
      }
    }
  }
  for (const entry of entries) if (!linked.has(entry.slug)) lines.push(`    ${entity(entry.table)}`)
  lines.push(...edges.map(edgeLine), '```')
  return lines.join('\n')
}

function groupBy<T>(items: T[], key: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>()
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item])
  return [...groups.entries()]
}

/** What a hand-written migration's `up` creates and drops (its `down` only undoes that). */
function handWrittenObjects(file: string): string[] {
  const source = file.split(/export\s+async\s+function\s+down\b/)[0] ?? file
  const found: string[] = []
  const pattern = /CREATE\s+(?:OR\s+REPLACE\s+)?(UNIQUE\s+INDEX|INDEX|TRIGGER|FUNCTION|VIEW|MATERIALIZED\s+VIEW|TABLE)\s+(?:IF\s+NOT\s+EXISTS\s+)?"?([\w.]+)"?/gi
  for (const match of source.matchAll(pattern)) {
    const kind = (match[1] ?? '').toLowerCase().replace(/\s+/g, ' ')
    let text = `${kind} \`${match[2]}\``
    if (kind.endsWith('index') || kind === 'trigger') {
      const on = /\bON\s+"?(\w+)"?/i.exec(source.slice((match.index ?? 0) + match[0].length))
      if (on) text += ` on \`${on[1]}\``
    }
    found.push(text)
  }
  const constraints = /ADD\s+CONSTRAINT\s+"?(\w+)"?/gi
  for (const match of source.matchAll(constraints)) found.push(`constraint \`${match[1]}\``)
  const drops = /DROP\s+(INDEX|TRIGGER|FUNCTION|VIEW|TABLE)\s+(?:IF\s+EXISTS\s+)?"?([\w.]+)"?/gi
  for (const match of source.matchAll(drops)) found.push(`drops ${(match[1] ?? '').toLowerCase()} \`${match[2]}\``)
  return found
}

/** The file's leading doc comment, on one line: why the migration exists. */
function docComment(source: string): string {
  const match = /\/\*\*([\s\S]*?)\*\//.exec(source)
  if (!match?.[1]) return ''
  return match[1]
    .split('\n')
    .map((l) => l.replace(/^\s*\*\s?/, '').trim())
    .filter(Boolean)
    .join(' ')
}

function constraintsSection(config: SanitizedConfig, schema: Schema, handWritten: HandWrittenMigration[]): string {
  const out: string[] = ['## Constraints and indexes beyond single fields', '']

  out.push(
    '### Indexes declared in collections (`indexes`)',
    '',
    "Payload creates these from each collection's `indexes` (compound ones mostly); a unique one makes the database refuse a duplicate, whatever the code does.",
    '',
    '| Collection | Index | Columns | Unique |',
    '| --- | --- | --- | --- |',
  )
  for (const collection of config.collections.filter((c) => !isInternal(c.slug))) {
    const table = schema.tableOf(collection.slug)
    const raw = schema.raw[table]
    for (const index of collection.indexes ?? []) {
      const keys = index.fields.map((f) => f.replace(/\./g, '_'))
      // Field-level indexes have a single `on`; those built from `indexes` always a list.
      const rawIndex = Object.values(raw?.indexes ?? {}).find((i) => Array.isArray(i.on) && i.on.length === keys.length && i.on.every((k, n) => k === keys[n]))
      const columns = keys.map((k) => raw?.columns[k]?.name ?? snake(k))
      out.push(`| ${collection.slug} | \`${rawIndex?.name ?? '?'}\` | ${columns.map((c) => `\`${c}\``).join(', ')} | ${index.unique ? 'yes' : ''} |`)
    }
  }

  const added: string[] = []
  const removed: string[] = []
  for (const [table, raw] of Object.entries(schema.raw)) {
    const final = schema.final[table]
    if (!final) continue
    const rawNames = new Set(Object.values(raw.indexes ?? {}).map((i) => i.name))
    const finalNames = new Set(final.indexes.map((i) => i.name))
    for (const check of final.checks) added.push(`| \`${table}\` | \`${check.name}\` | check | \`${cell(check.sql)}\` |`)
    for (const index of final.indexes.filter((i) => !rawNames.has(i.name))) {
      const kind = `${index.unique ? 'unique ' : ''}${index.where ? 'partial ' : ''}index${index.method ? ` (${index.method})` : ''}`
      const definition = `(${index.columns.join(', ')})${index.where ? ` WHERE ${index.where}` : ''}`
      added.push(`| \`${table}\` | \`${index.name}\` | ${kind} | \`${cell(definition)}\` |`)
    }
    for (const name of [...rawNames].filter((n) => !finalNames.has(n))) removed.push(`| \`${table}\` | \`${name}\` |`)
  }
  out.push(
    '',
    '### Added by `src/db/constraints.ts`',
    '',
    'Declared in the `afterSchemaInit` hook, so `migrate:create` writes them into migrations like any other schema change.',
    '',
  )
  out.push(...(added.length ? ['| Table | Name | Kind | Definition |', '| --- | --- | --- | --- |', ...added] : ['None.']))
  out.push('', '### Payload indexes removed by `src/db/constraints.ts`', '', 'Indexes Payload would create that nothing reads (each costs every insert).', '')
  out.push(...(removed.length ? ['| Table | Index |', '| --- | --- |', ...removed] : ['None.']))
  out.push(
    '',
    '### Hand-written migrations',
    '',
    'Migrations in `src/migrations` without a drizzle snapshot (`.json`): SQL the Payload config cannot declare. They are not in the diagrams above.',
    '',
  )
  const rows = [...handWritten]
    .sort((a, b) => a.file.localeCompare(b.file))
    .map((m) => `| \`${m.file}\` | ${handWrittenObjects(m.source).join('; ') || '(no CREATE statement found)'} | ${cell(docComment(m.source))} |`)
  out.push(...(rows.length ? ['| Migration | Creates | Why |', '| --- | --- | --- |', ...rows] : ['None.']))
  return out.join('\n')
}

const README = `## How to read this

- **Entities are PostgreSQL tables** as \`@payloadcms/db-postgres\` creates them: a collection \`reward-ledger\`
  is the table \`reward_ledger\`, a field \`balanceAfter\` the column \`balance_after\`, a relationship
  \`user\` the column \`user_id\`, and a group flattens into its columns (\`validation.minValue\` →
  \`validation_min_value\`). Types are SQL types; \`enum\` columns list their values in the field tables.
- **Keys**: \`PK\` primary key, \`FK\` foreign key (relationship and upload fields, and the link of a child
  table to its parent), \`UK\` a unique index on that column alone. "not null" is the database
  constraint; a collection with drafts stores required fields as nullable because a draft may be
  incomplete, so the field tables' *Required* column (Payload validation) is the rule to rely on.
- **Edges** read \`A ||--o{ B\`: each B row points to exactly one A (\`|o\`: zero or one, i.e. the column
  may be empty); an A has zero or more B (\`o|\`: at most one, the column is unique). The label is the
  column (area diagrams) or the field path (overview).
- **Arrays, blocks and hasMany fields are child tables**, drawn as entities of their own, as Payload
  stores them: an array \`steps\` on \`guided_flows\` is \`guided_flows_steps\` (\`_parent_id\`, \`_order\`), each
  block type has a table (its \`dbName\`, e.g. \`kb_single\`), hasMany text and numbers go to \`<table>_texts\` /
  \`<table>_numbers\`, a hasMany select to \`<table>_<field>\`, and hasMany or polymorphic relationships
  to \`<table>_rels\` (one column per target collection). Deleting the parent row deletes them (cascade).
- **The overview** shows only collections and their relationships as the API sees them: a single
  relationship is many-to-one (one-to-one when the field is unique), mandatory when the field is
  required; hasMany, polymorphic and relationships inside arrays or blocks are many-to-many.
- **Field tables** list the API shape: \`group.field\`, \`array[].field\`, \`blocks[blockSlug].field\`. The \`id\`
  of array rows and blocks and \`blockName\` are left out; layout-only fields (rows, collapsibles, tabs
  without a name, UI fields) are not data.
- **Left out**: draft/version tables (\`_<table>_v\`, same columns prefixed \`version_\`, named in each
  collection's header) and Payload's own collections and globals (below).`

/** The whole document. Deterministic: same config (and migrations) in, same bytes out. */
export async function renderDataModel(config: SanitizedConfig, options: RenderOptions = {}): Promise<string> {
  const schema = await buildSchema(config)
  const shownCollections = config.collections.filter((c) => !isInternal(c.slug))
  const shownSlugs = new Set<string>(shownCollections.map((c) => c.slug))
  const link = (slug: string): string => (shownSlugs.has(slug) ? `[${slug}](#${slug})` : `\`${slug}\``)
  const collections = shownCollections.map((c) => describe(c, 'collection', config, schema, link))
  const globals = config.globals.filter((g) => !isInternal(g.slug)).map((g) => describe(g, 'global', config, schema, link))
  const children = childTables(schema, new Set([...collections, ...globals].map((e) => e.table)))
  const withChildren = (entries: Entry[]): string[] => entries.flatMap((e) => [e.table, ...(children.get(e.table) ?? [])])

  const out: string[] = [
    '<!-- Generated by `npm run docs:erd` (src/scripts/docsErd.ts, src/services/docs/erd.ts). Do not edit by hand. -->',
    '',
    '# Data model',
    '',
    '> **Generated** by `npm run docs:erd` from the Payload config (`payload.config.ts`, `collections/`, `globals/`),',
    '> `src/db/constraints.ts` and the hand-written migrations. Do not edit it by hand: change the config and run',
    '> the command again. CI fails when a fresh run differs from this file.',
    '',
    README,
    '',
    '## Overview',
    '',
    `${collections.length} collections in ${groupBy(collections, (e) => e.group).length} areas (the admin navigation groups), ${globals.length} globals.`,
    '',
    overviewDiagram(collections, schema.tableOf),
    '',
    '## Areas',
  ]
  for (const [group, entries] of groupBy(collections, (e) => e.group)) {
    out.push('', `### Area: ${group}`, '', `Collections: ${entries.map((e) => link(e.slug)).join(', ')}.`, '', detailedDiagram(schema, withChildren(entries)))
    for (const entry of entries) out.push('', entrySection(entry))
  }
  out.push('', '## Globals', '', 'Single-document settings, one row each; arrays are child tables as above.', '', detailedDiagram(schema, withChildren(globals)))
  for (const entry of globals) out.push('', entrySection({ ...entry, facts: [...entry.facts, `admin group ${entry.group}`] }))
  out.push('', constraintsSection(config, schema, options.handWrittenMigrations ?? []))

  const internal = [...config.collections, ...config.globals].filter((c) => isInternal(c.slug)).map((c) => c.slug).sort()
  out.push('', "## Payload's own collections and globals (not drawn)", '', '| Slug | Table | What it holds |', '| --- | --- | --- |')
  for (const slug of internal) out.push(`| ${slug} | \`${schema.tableOf(slug)}\` | ${INTERNAL_PURPOSE[slug] ?? ''} |`)
  return out.join('\n') + '\n'
}
