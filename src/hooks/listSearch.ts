import type { CollectionBeforeOperationHook, FlattenedField, Where } from 'payload'

type Option = { value: string; label: string }

const textOperators = { like: 'in', contains: 'in', not_like: 'not_in' } as const

/** The select field at a dotted path (groups nest), with its options as plain value/label pairs. */
function selectOptions(fields: FlattenedField[], path: string): Option[] | null {
  const [head, ...rest] = path.split('.')
  const field = fields.find((f) => f.name === head)
  if (!field) return null
  if (rest.length) return field.type === 'group' ? selectOptions(field.flattenedFields, rest.join('.')) : null
  if (field.type !== 'select') return null
  return field.options.map((o) => (typeof o === 'string' ? { value: o, label: o } : { value: o.value, label: typeof o.label === 'string' ? o.label : o.value }))
}

/**
 * Payload passes `like`/`contains` terms into ILIKE patterns as they are, so `%` or `_` typed
 * into the search box would act as wildcards (a search for "%" lists everyone). Escaped, they
 * match themselves.
 */
function literalWildcards(condition: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [operator, value] of Object.entries(condition)) {
    out[operator] = operator in textOperators && typeof value === 'string' ? value.replace(/[\\%_]/g, (c) => `\\${c}`) : value
  }
  return out
}

function rewrite(where: Where, fields: FlattenedField[]): Where {
  const out: Where = {}
  for (const [key, condition] of Object.entries(where)) {
    if ((key === 'and' || key === 'or') && Array.isArray(condition)) {
      out[key] = condition.map((w) => rewrite(w as Where, fields))
      continue
    }
    if (!condition || typeof condition !== 'object') {
      out[key] = condition
      continue
    }
    const options = selectOptions(fields, key)
    if (!options) {
      out[key] = literalWildcards(condition as Record<string, unknown>)
      continue
    }
    const replaced: Record<string, unknown> = {}
    for (const [operator, value] of Object.entries(condition as Record<string, unknown>)) {
      const to = textOperators[operator as keyof typeof textOperators]
      if (!to || typeof value !== 'string') {
        replaced[operator] = value
        continue
      }
      const term = value.toLowerCase()
      replaced[to] = options.filter((o) => o.value.toLowerCase().includes(term) || o.label.toLowerCase().includes(term)).map((o) => o.value)
    }
    out[key] = replaced
  }
  return out
}

/**
 * Text search that behaves as a learner list search should (on REST, GraphQL and the admin list
 * alike). Select fields: The admin list searches every `listSearchableFields` entry
 * with `like`, and PostgreSQL has no `LIKE` for the enum types select fields are stored as (a
 * 500). Here `like`/`contains` on a select becomes `in` the options whose value or label
 * contains the term, so searching "board" finds the audience "Board members"; `not_like`
 * becomes `not_in`. Other fields: wildcards in the term are literal.
 */
export const listSearch: CollectionBeforeOperationHook = ({ args, collection, operation }) => {
  if (operation !== 'read' && operation !== 'count') return args
  const where = (args as { where?: Where }).where
  if (!where) return args
  return { ...args, where: rewrite(where, collection.flattenedFields) }
}
