import fc from 'fast-check'

import { deref, objectShape, specAccepts } from './spec'
import type { Schema } from './spec'

/**
 * Generators of malformed input. Strings here never contain the markers the leak check looks
 * for in responses (`SELECT `, `Error: `, `node_modules` …): an error message that quotes the
 * input back must not read as a leak.
 */

// ── strings ──
const nastyStrings = [
  '',
  ' ',
  '   ',
  '\t\r\n',
  '\u0000',
  'a\u0000b',
  '\u0000'.repeat(50),
  '\uD800', // lone high surrogate
  'x\uDC00y', // lone low surrogate
  '\u202Eevil\u202C', // right-to-left override
  '\u200F\u200E\u200B\u2060\uFEFF', // RTL/LTR marks, zero-width space, word joiner, BOM
  '🙂',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  'e\u0301'.repeat(300), // combining accents
  'Z̵̢̛̗̫̪̩͎͙̳̠̈́̈́̏a̷̧̛͕͈̺͓͉̙̒̇͆͝l̴̢̢̫̥̣̹̞̯̔̓g̸̡̨̛̞̖̳̗̅́o̴',
  'ＡＢＣ１２３', // full-width
  '١٢٣', // Arabic-Indic digits
  'İıßﬀ', // case mapping changes the length
  'NaN',
  'Infinity',
  '-Infinity',
  'null',
  'undefined',
  'true',
  '0',
  '-1',
  '1e30',
  '0x1F',
  '1.5',
  '9'.repeat(40),
  "' or 1=1 --",
  "'; drop table users; --",
  '" union select null --',
  '$1',
  '%s%s%n',
  '../../../../etc/passwd',
  '..\\..\\windows',
  '%00',
  '%E0%A4%A',
  '${process.exit()}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '=cmd|" /C calc"!A0',
  'javascript:alert(1)',
  'x'.repeat(1001),
  'x'.repeat(5001),
  'x'.repeat(20_001),
]

export const weirdString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...nastyStrings) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('\u0000', '\uD800', '\u202E', '🙂', 'a', ' ', '"', '\\', '\n'), maxLength: 30 }) },
)

/** Long enough to cross the 64 KB buffering threshold in src/app.ts, or many times any field's limit. */
export const hugeString: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(2_001, 20_001, 70_000, 100_000), fc.constantFrom('x', '🙂', 'é', '\u0000', ' '))
  .map(([n, c]) => c.repeat(n))

export const weirdNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, -1, 0.5, 1.5, -1.5, 2 ** 31, 2 ** 31 - 1 + 0.5, 2 ** 32, 2 ** 53 + 2, 1e30, -1e30, Number.MAX_VALUE, Number.MIN_VALUE, 1e-7, 601, 1001, 1_000_001),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
)

/** JSON number texts that `JSON.stringify` cannot produce (spliced into raw bodies). */
export const rawNumberTokens = ['1e400', '-1e400', '1E-400', '-0', '0.0000000000000000000001', '9007199254740993', '1e2', '1.0', '01', '.5', '+1', '0x10', 'NaN', 'Infinity']

/** Values a JSON body can carry, nested a little, including odd keys. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.anything({ maxDepth: 3, key: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', '\u0000', '')) }) },
  { weight: 1, arbitrary: weirdString },
  { weight: 1, arbitrary: weirdNumber },
)

/** `depth` levels of arrays or objects around a leaf, as JSON text (the parser handles it; recursive code may not). */
export const deepJsonText = (depth: number, kind: 'array' | 'object', leaf = '1'): string =>
  kind === 'array' ? '['.repeat(depth) + leaf + ']'.repeat(depth) : '{"a":'.repeat(depth) + leaf + '}'.repeat(depth)

/** A parsed deep value (JSON.parse of the text above); fine for depths `JSON.stringify` can still write. */
export const deepValue = (depth: number, kind: 'array' | 'object'): unknown => JSON.parse(deepJsonText(depth, kind))

/** Stands for a value nested deeper than `JSON.stringify` can write; `toJsonText` spells it out. */
export class Deep {
  constructor(
    readonly depth: number,
    readonly kind: 'array' | 'object',
  ) {}
}

/** JSON text of a body, with every `Deep` written out in place. */
export function toJsonText(value: unknown): string | undefined {
  const deep: Deep[] = []
  const text = JSON.stringify(value, (_key, v: unknown) => (v instanceof Deep ? `\u0001deep${deep.push(v) - 1}\u0001` : v))
  return text?.replace(/"\\u0001deep(\d+)\\u0001"/g, (_m, i: string) => deepJsonText(deep[Number(i)]!.depth, deep[Number(i)]!.kind))
}

// ── schema-driven violations ──

/** Near misses for a property's schema: just outside its bounds, its enum, its format or its type. */
function nearMisses(schema: Schema): unknown[] {
  const s = deref(schema)
  const out: unknown[] = []
  const types = ([] as unknown[]).concat(s.type ?? [])
  if (types.includes('integer') || types.includes('number')) {
    const min = typeof s.minimum === 'number' ? s.minimum : undefined
    const max = typeof s.maximum === 'number' ? s.maximum : undefined
    if (min !== undefined) out.push(min - 1, min - 0.5, -min - 1)
    if (max !== undefined) out.push(max + 1, max + 0.5, max * 10)
    out.push(1.5, -1, String(min ?? 1), [min ?? 1], { value: min ?? 1 }, true, null)
  }
  if (types.includes('string')) {
    if (typeof s.maxLength === 'number') out.push('x'.repeat(s.maxLength + 1), '🙂'.repeat(s.maxLength + 1))
    if (typeof s.minLength === 'number' && s.minLength > 0) out.push('x'.repeat(s.minLength - 1), ' '.repeat(s.minLength + 2))
    out.push(42, true, ['x'], { x: 'x' })
  }
  if (Array.isArray(s.enum)) {
    for (const v of s.enum.slice(0, 3)) if (typeof v === 'string') out.push(v.toUpperCase(), ` ${v}`, `${v}\u0000`, `${v}s`, v.replace(/_/g, '-'))
  }
  switch (s.format) {
    case 'date':
      out.push('2026-02-30', '2026-13-01', '2026-1-1', '26-01-01', '2026-01-01T00:00:00Z', '2026/01/01', '01-01-2026', '0000-00-00', '9999-99-99', '+020260-01-01')
      break
    case 'date-time':
      out.push('2026-11-25 10:00:00', '2026-11-25', 'Nov 25 2026', '2026-11-25T25:00:00Z', String(Date.now()), new Date().toString(), new Date().toUTCString(), '1')
      break
    case 'uuid':
      out.push('0f8fad5b-d9cb-469f-a165-70867728950', '0f8fad5b-d9cb-469f-a165-70867728950eZ', '0f8fad5bd9cb469fa16570867728950e', 'g0000000-0000-0000-0000-000000000000', '{0f8fad5b-d9cb-469f-a165-70867728950e}')
      break
    case 'email':
      out.push('x@a-.com', 'a..b@example.com', '.a@example.com', 'a@example', 'a b@example.com', 'a@@example.com', '@example.com', 'a@', 'a@example..com', 'a@-example.com')
      break
  }
  if (typeof s.pattern === 'string') out.push('-abc', 'ab', 'a'.repeat(40), 'a b c', 'ab/cd', 'A_B!')
  if (s.type === 'object') out.push([], 'x', 1, { ['\u0000']: 1 }, { a: deepValue(50, 'object') })
  if (s.type === 'array') out.push({}, 'x', new Array(501).fill('x'), [[[]]])
  return out
}

/** Values that violate `schema` (checked against the spec, so each one really is refused there). */
export function violating(schema: Schema): fc.Arbitrary<unknown> {
  const misses = nearMisses(schema)
  return fc
    .oneof(
      ...(misses.length ? [{ weight: 4, arbitrary: fc.constantFrom(...misses) }] : []),
      { weight: 2, arbitrary: anyJson },
      { weight: 1, arbitrary: hugeString },
      { weight: 1, arbitrary: weirdString },
    )
    .filter((v) => !specAccepts(schema, v))
}

export type Mutation = { body: unknown; how: string }

/**
 * Mutations of a valid object body: a field of the wrong type or out of bounds, required fields
 * missing, unknown fields (only where the schema is strict), several at once, or a body that is
 * not an object at all. Callers keep only the bodies their endpoint must refuse.
 */
export function mutatedBody(schema: Schema, template: Record<string, unknown>): fc.Arbitrary<Mutation> {
  const { properties, required, strict } = objectShape(schema)
  const names = [...new Set([...Object.keys(properties), ...Object.keys(template)])]
  const replaceOne: fc.Arbitrary<Mutation> = fc
    .constantFrom(...names)
    .chain((name) => violating(properties[name] ?? {}).map((value) => ({ body: { ...template, [name]: value }, how: `${name} violates its schema` })))
  const withNasty: fc.Arbitrary<Mutation> = fc
    .tuple(fc.constantFrom(...names), weirdString)
    .map(([name, value]) => ({ body: { ...template, [name]: value }, how: `${name} is an odd string` }))
  const dropRequired: fc.Arbitrary<Mutation> = fc
    .subarray([...required], { minLength: Math.min(1, required.size) })
    .map((drop) => ({ body: Object.fromEntries(Object.entries(template).filter(([k]) => !drop.includes(k))), how: `missing ${drop.join(', ')}` }))
  const extra: fc.Arbitrary<Mutation> = fc
    .tuple(fc.oneof(fc.constantFrom('role', 'xp', 'coins', 'user', 'id', 'isAdmin', '__proto__', 'constructor', '', '\u0000'), fc.string({ minLength: 1, maxLength: 10 })), anyJson)
    .filter(([key]) => !names.includes(key))
    .map(([key, value]) => ({ body: JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(value ?? null)}}`) as Record<string, unknown>, key }))
    .map(({ body }) => ({ body: { ...template, ...body }, how: 'unknown field' }))
  const deepField: fc.Arbitrary<Mutation> = fc
    .tuple(fc.constantFrom(...names), fc.constantFrom(100, 1_000, 10_000), fc.constantFrom<'array' | 'object'>('array', 'object'))
    .map(([name, depth, kind]) => ({ body: { ...template, [name]: new Deep(depth, kind) }, how: `${name} nested ${depth} deep` }))
  const several: fc.Arbitrary<Mutation> = fc
    .array(fc.tuple(fc.constantFrom(...names), anyJson), { minLength: 2, maxLength: 4 })
    .map((pairs) => ({ body: { ...template, ...Object.fromEntries(pairs) }, how: 'several fields replaced' }))
  const notAnObject: fc.Arbitrary<Mutation> = fc
    .oneof(anyJson, fc.constant(null), fc.constant([template]), fc.constant(JSON.stringify(template)))
    .map((body) => ({ body, how: 'not an object' }))
  return fc.oneof(
    { weight: 6, arbitrary: replaceOne },
    { weight: 2, arbitrary: withNasty },
    { weight: required.size ? 2 : 0, arbitrary: dropRequired },
    { weight: strict ? 2 : 0, arbitrary: extra },
    { weight: 1, arbitrary: deepField },
    { weight: 2, arbitrary: several },
    { weight: 1, arbitrary: notAnObject },
  )
}

// ── path and query ──

/** Percent-encoding of any string; a lone surrogate (which UTF-8 cannot carry) becomes U+FFFD, as a browser sends it. */
export const encodeText = (value: string): string => encodeURIComponent(value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'))

/** Path segments that are not a positive whole number of at most 2^31 − 1. */
export const badIntParam: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom('0', '-1', '00', '01', '1.5', '1.0', '1e3', '1e30', '2147483648', '99999999999999999999', 'NaN', 'Infinity', '-0', ' 1', '1 ', '+1', '0x1', 'abc', '..', '.', '../', '%', '١', '１', '1\u0000', '🙂', '\u202E1', '1'.repeat(400), 'null', 'undefined', '[1]', '{"id":1}', "1' or '1'='1", '1;', '1/2'),
  },
  { weight: 2, arbitrary: weirdString.filter((s) => !/^[1-9]\d{0,9}$/.test(s)) },
  { weight: 1, arbitrary: fc.integer({ max: 0 }).map(String) },
  { weight: 1, arbitrary: fc.double({ noNaN: true }).filter((d) => !Number.isInteger(d)).map(String) },
)

/** Path segments that are not a lesson session id (or are an id nobody has). */
export const badUuidParam: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom('not-a-uuid', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '0f8fad5b-d9cb-069f-a165-70867728950e', '0f8fad5bd9cb469fa16570867728950e', '{0f8fad5b-d9cb-469f-a165-70867728950e}', 'urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e', '0f8fad5b-d9cb-469f-a165-70867728950e\u0000', '0F8FAD5B-D9CB-469F-A165-70867728950E', '1', '..', ''),
  },
  { weight: 2, arbitrary: fc.uuid() },
  { weight: 2, arbitrary: weirdString },
)

/** A query string (with its `?`) of odd, duplicate, unknown or malformed parameters. */
export function junkQuery(names: string[]): fc.Arbitrary<string> {
  const key = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...(names.length ? names : ['q'])) },
    { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'where[id][equals]', 'depth', 'locale', 'a[b][c][d][e][f][g][h][i][j][k]', 'page[]', '') },
    { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  )
  const value = fc.oneof(weirdString, weirdNumber.map(String), fc.constantFrom('', '2026-02-30', '2026-01-01', '2099-01-01', 'week', 'core', 'practice', 'x'.repeat(201)))
  const encoded = fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 4 }).map((pairs) => '?' + pairs.map(([k, v]) => `${encodeText(k)}=${encodeText(v)}`).join('&'))
  const raw = fc.constantFrom('?%', '?%zz=1', '?a=%E0%A4%A', '?=', '?&&&', '??', '?a', '?a=1&a=2&a=3', '?' + 'a=1&'.repeat(2000), '?%00=%00', '?page=1&page=x')
  return fc.oneof({ weight: 4, arbitrary: encoded }, { weight: 1, arbitrary: raw })
}
