import type { FlattenedField } from 'payload'

/**
 * Filters that @payloadcms/db-postgres cannot run: each of these reached it from a JSON
 * `where`, GraphQL or the Local API and failed inside the adapter or PostgreSQL (a 500). The
 * checks are by operator and value shape, with the few field types that need their own rule:
 * - `all` on any field (the adapter's operator map leaves it out), the geometry operators on
 *   anything but a point, and text matching on a date;
 * - `like`/`not_like` take text; `contains` text, a list (has-many fields) or a nested filter;
 * - `in`/`not_in`/`all` take a comma-separated text or a list of plain values; the other
 *   operators one plain value (text, number, boolean, null or a Date);
 * - a date compares with a valid date (text or number), never a boolean;
 * - the `value` of a polymorphic relationship takes only (lists of) ids, with `equals`,
 *   `not_equals`, and `in`/`not_in` with a list (a comma-separated text fails there).
 */

type Target = { type?: FlattenedField['type']; polymorphicValue: boolean }

// The Local API takes Date objects (the admin panel's lock check compares updatedAt with one).
const isValidDate = (v: unknown): boolean => v instanceof Date && !Number.isNaN(v.getTime())
const isPlain = (v: unknown): boolean => v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || isValidDate(v)
const isId = (v: unknown): boolean => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))
const isDate = (v: unknown): boolean => isValidDate(v) || ((typeof v === 'string' || typeof v === 'number') && !Number.isNaN(new Date(v).getTime()))
const LISTS = new Set(['in', 'not_in', 'all'])

/** Why `operator` with `value` cannot filter the field, or undefined when the adapter can run it. */
export function filterProblem(operator: string, value: unknown, { type, polymorphicValue }: Target): string | undefined {
  if (operator === 'all') return 'is not supported by the database'
  if (operator === 'near' || operator === 'within' || operator === 'intersects') return type === 'point' ? undefined : 'applies to point fields only'
  if (polymorphicValue) {
    if (!['equals', 'not_equals', 'in', 'not_in'].includes(operator)) return 'is not supported on the value of a polymorphic relationship'
    const ok = LISTS.has(operator) ? Array.isArray(value) && value.every(isId) : isId(value)
    return ok ? undefined : 'takes document ids here'
  }
  if (operator === 'exists') return typeof value === 'boolean' || typeof value === 'string' ? undefined : 'takes true or false'
  if (type === 'date' && (operator === 'like' || operator === 'not_like' || operator === 'contains')) return 'does not apply to dates'
  if (operator === 'like' || operator === 'not_like') return typeof value === 'string' ? undefined : 'takes text'
  if (operator === 'contains') {
    if (typeof value === 'string' || (typeof value === 'object' && value !== null && !Array.isArray(value))) return undefined
    return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' || typeof v === 'number') ? undefined : 'takes text, a list of values or a filter'
  }
  const values = LISTS.has(operator) ? (typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : undefined) : [value]
  if (!values || !values.every(isPlain) || (LISTS.has(operator) && values.some((v) => v === null))) return LISTS.has(operator) ? 'takes a list of plain values' : 'takes one plain value'
  if (type === 'date' && !values.every((v) => v === null || v === '' || isDate(v))) return 'takes a date'
  return undefined
}
