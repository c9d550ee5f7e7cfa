/**
 * Checks for JSON a client sent, which JavaScript holds happily and PostgreSQL or
 * `JSON.stringify` do not: NUL characters and unpaired UTF-16 surrogates (PostgreSQL stores
 * neither in `text` nor in `jsonb`, and fails the whole statement), and nesting deeper than
 * `JSON.stringify` can recurse (a `RangeError`, not a validation error).
 */

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

export const UNSTORABLE_TEXT_MESSAGE = 'Text may not contain NUL characters or unpaired UTF-16 surrogates.'

/**
 * The path (as segments) of the first string or object key in `value` that PostgreSQL cannot
 * store, or `undefined` when there is none. Iterative: any depth JSON.parse produced is fine.
 */
export function unstorableTextPath(value: unknown): (string | number)[] | undefined {
  // Each entry points at its parent, so a path is built only for the one that is found (copying
  // paths on the way down would be quadratic in the depth).
  type Entry = { value: unknown; key?: string | number; parent?: Entry }
  const pathOf = (entry: Entry | undefined, last?: string): (string | number)[] => {
    const path: (string | number)[] = last === undefined ? [] : [last]
    for (let e = entry; e?.parent; e = e.parent) path.unshift(e.key!)
    return path
  }
  const stack: Entry[] = [{ value }]
  while (stack.length) {
    const entry = stack.pop()!
    const v = entry.value
    if (typeof v === 'string') {
      if (UNSTORABLE.test(v)) return pathOf(entry)
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: i, parent: entry })
    } else if (v && typeof v === 'object') {
      for (const [key, child] of Object.entries(v)) {
        if (UNSTORABLE.test(key)) return pathOf(entry, key)
        stack.push({ value: child, key, parent: entry })
      }
    }
  }
  return undefined
}

/** Length of `value` as JSON text; `Infinity` when it is nested too deep to write at all. */
export function jsonLength(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0
  } catch {
    return Number.POSITIVE_INFINITY
  }
}

/**
 * Length in characters (code points), the way JSON Schema's `minLength` counts and a learner
 * would: `String#length` counts UTF-16 units, so "🙂" is 2 and a minimum of 8 took four emoji.
 */
export const charCount = (text: string): number => [...text].length
