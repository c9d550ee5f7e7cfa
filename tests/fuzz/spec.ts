import fs from 'node:fs'
import path from 'node:path'

import { Ajv2020 } from 'ajv/dist/2020.js'
import type { ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { parse } from 'yaml'

import { projectRoot } from '../../src/paths'

/**
 * docs/openapi.yaml as the fuzzer's map: which operations exist, what their parameters and
 * request bodies look like, and an Ajv check that says whether a value is one the spec refuses.
 */

export type Schema = { [key: string]: unknown }
type Ref = { $ref?: string }
type Parameter = { name: string; in: 'path' | 'query' | 'header' | 'cookie'; required?: boolean; schema?: Schema }
export type Operation = {
  method: string
  path: string
  builtin: boolean
  security?: unknown[]
  parameters?: (Parameter & Ref)[]
  requestBody?: Ref & { content?: Record<string, { schema?: Schema }> }
}

export const spec = parse(fs.readFileSync(path.join(projectRoot, 'docs/openapi.yaml'), 'utf8')) as {
  paths: Record<string, Record<string, Omit<Operation, 'method' | 'path' | 'builtin'> & { 'x-payload-builtin'?: boolean }>>
}

export function resolve<T>(node: T & Ref): T {
  if (!node.$ref) return node
  const target = node.$ref.replace(/^#\//, '').split('/').reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], spec)
  if (target === undefined) throw new Error(`dangling $ref ${node.$ref}`)
  return resolve(target as T & Ref)
}

/** Every operation of the spec, in document order. */
export const operations: Operation[] = Object.entries(spec.paths).flatMap(([p, item]) =>
  Object.entries(item)
    .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
    .map(([method, op]) => ({ ...op, method: method.toUpperCase(), path: p, builtin: op['x-payload-builtin'] === true })),
)

export const operationKey = (op: Pick<Operation, 'method' | 'path'>) => `${op.method} ${op.path}`

export const parametersOf = (op: Operation, where: Parameter['in']): Parameter[] =>
  (op.parameters ?? []).map((p) => resolve<Parameter>(p)).filter((p) => p.in === where)

export function requestSchema(op: Operation): Schema | undefined {
  return op.requestBody ? resolve(op.requestBody).content?.['application/json']?.schema : undefined
}

/** A schema with `$ref`s followed, one level deep (enough to read a property's type and bounds). */
export const deref = (schema: Schema): Schema => resolve(schema as Schema & Ref)

/** Properties and required names of an object schema, merged over `oneOf` branches. */
export function objectShape(schema: Schema): { properties: Record<string, Schema>; required: Set<string>; strict: boolean } {
  const s = deref(schema)
  const branches = (s.oneOf as Schema[] | undefined)?.map(deref) ?? [s]
  const properties: Record<string, Schema> = {}
  const required = new Set<string>()
  for (const b of branches) {
    Object.assign(properties, (b.properties as Record<string, Schema> | undefined) ?? {})
    for (const r of (b.required as string[] | undefined) ?? []) required.add(r)
  }
  return { properties, required, strict: branches.every((b) => b.additionalProperties === false) }
}

// The whole spec is one Ajv schema so `#/components/...` references resolve inside it; strict
// mode is off only because `example` and `x-*` are not JSON Schema keywords.
const ajv = new Ajv2020({ strict: false, allErrors: false })
addFormats(ajv)
ajv.addSchema(spec as object, 'openapi')
const compiled = new WeakMap<object, ValidateFunction>()

/** Whether the spec accepts `value` for `schema`. */
export function specAccepts(schema: Schema, value: unknown): boolean {
  let check = compiled.get(schema)
  if (!check) {
    check = ajv.compile(JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\//g, '"$ref":"openapi#/')) as object)
    compiled.set(schema, check)
  }
  return check(value)
}
