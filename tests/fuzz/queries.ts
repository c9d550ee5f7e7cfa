import http from 'node:http'

import fc from 'fast-check'
import { formatNames } from 'payload'
import type { Payload, TypedUser } from 'payload'

import { MAX_PAGE_SIZE } from '../../src/queryLimits'
import { canReadCollection, graphqlListName, hiddenPathsOf, pathsBelow, singleRelationships } from '../helpers/fieldPaths'
import { encodeText, weirdNumber, weirdString } from './arbitraries'

/**
 * The fuzz suite's query families (issue 23): `where` and `sort` on every field of every
 * collection, one relationship deep, over REST and GraphQL; extreme `limit`/`page`/`depth`;
 * and paths with `..`, `.`, percent-encoded dots and slashes, `//`, backslashes and NUL. Each
 * request says what the server must do with it: every answer must stay a clean 2xx/4xx (the
 * suite's checks), a filter or sort on a field the caller cannot read must be refused, a list
 * never holds more than one page, and a path trick is 400 `invalid_path`.
 */

export type Caller = 'anonymous' | 'learner' | 'admin'

export type QueryRequest = {
  who: Caller
  kind: 'rest' | 'graphql' | 'path'
  method: string
  /** Sent on the wire exactly as written (path requests go through node:http, which resolves nothing). */
  path: string
  body?: string
  /** Why it must be refused (4xx), empty when it may succeed. */
  mustRefuse: string[]
  /** The GraphQL list queried, whose data must then be null. */
  list?: string
  how: string
}

/** `own`: paths of its own fields; `paths`: those and the paths one relationship away (REST can query both, GraphQL only its own). */
type Collection = { slug: string; own: string[]; paths: string[]; graphql: string | null; singular: string; versions: boolean }

/** A GraphQL where input's filters: field (as the schema spells it) → operator → the type of its value. */
type GraphqlWhere = Map<string, Map<string, GraphqlType>>
type GraphqlType = { kind: 'scalar'; name: string } | { kind: 'enum'; values: string[] } | { kind: 'list'; of: GraphqlType } | { kind: 'other' }

/** Every collection's paths and, per caller, the paths they cannot read ("<slug> <path>"). */
export type QueryModel = { collections: Collection[]; hidden: Record<Caller, Set<string>>; graphqlWhere: Map<string, GraphqlWhere> }

type TypeRef = { kind: string; name: string | null; ofType: TypeRef | null }

/** The where inputs of the served GraphQL schema, so most fuzzed filters get past its validation to the resolvers. */
async function graphqlWhereInputs(baseUrl: string): Promise<Map<string, GraphqlWhere>> {
  const ref = 'kind name ofType { kind name ofType { kind name ofType { kind name } } }'
  const query = `{ __schema { types { name kind enumValues { name } inputFields { name type { ${ref} } } } } }`
  const res = await fetch(`${baseUrl}/api/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })
  const types = ((await res.json()) as { data: { __schema: { types: { name: string; kind: string; enumValues: { name: string }[] | null; inputFields: { name: string; type: TypeRef }[] | null }[] } } }).data.__schema.types
  const byName = new Map(types.map((t) => [t.name, t]))
  const typeOf = (t: TypeRef): GraphqlType => {
    if (t.kind === 'NON_NULL' && t.ofType) return typeOf(t.ofType)
    if (t.kind === 'LIST' && t.ofType) return { kind: 'list', of: typeOf(t.ofType) }
    if (t.kind === 'SCALAR') return { kind: 'scalar', name: t.name ?? '' }
    if (t.kind === 'ENUM') return { kind: 'enum', values: (byName.get(t.name ?? '')?.enumValues ?? []).map((v) => v.name) }
    return { kind: 'other' }
  }
  const out = new Map<string, GraphqlWhere>()
  for (const t of types) {
    if (t.kind !== 'INPUT_OBJECT' || !t.name.endsWith('_where') || !t.inputFields) continue
    const where: GraphqlWhere = new Map()
    for (const f of t.inputFields) {
      const operators = byName.get(f.type.name ?? '')?.inputFields
      if (!operators || f.name === 'AND' || f.name === 'OR') continue
      where.set(f.name, new Map(operators.map((o) => [o.name, typeOf(o.type)])))
    }
    out.set(t.name, where)
  }
  return out
}

const OPERATORS = ['equals', 'not_equals', 'in', 'not_in', 'all', 'exists', 'greater_than', 'greater_than_equal', 'less_than', 'less_than_equal', 'like', 'not_like', 'contains', 'near', 'within', 'intersects']
const BAD_OPERATORS = ['eq', '', 'EQUALS', '__proto__', 'constructor', 'and', 'or', 'equals ']
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

export async function buildQueryModel(payload: Payload, baseUrl: string, users: Record<Caller, TypedUser | null>): Promise<QueryModel> {
  const configs = payload.config.collections
  const bySlug = new Map<string, (typeof configs)[number]>(configs.map((c) => [c.slug, c]))
  const collections: Collection[] = configs.map((c) => {
    const own = pathsBelow(c.flattenedFields)
    const hops = singleRelationships(c).flatMap(({ name, to }) => pathsBelow(bySlug.get(to)?.flattenedFields ?? []).map((p) => `${name}.${p}`))
    return { slug: c.slug, own: ['id', ...own], paths: [...new Set(['id', ...own, ...hops])], graphql: c.graphQL === false ? null : graphqlListName(c.slug), singular: formatNames(c.slug).singular, versions: Boolean(c.versions) }
  })
  const hidden = {} as Record<Caller, Set<string>>
  for (const who of ['anonymous', 'learner', 'admin'] as Caller[]) {
    const user = users[who]
    const set = new Set<string>()
    const hiddenOf = new Map<string, string[]>()
    for (const c of configs) hiddenOf.set(c.slug, await hiddenPathsOf(payload, c.flattenedFields, user))
    for (const c of configs) {
      for (const p of hiddenOf.get(c.slug)!) set.add(`${c.slug} ${p}`)
      for (const { name, to } of singleRelationships(c)) {
        const target = bySlug.get(to)!
        // Through a relationship into a collection the caller cannot read, every field but the id is theirs to keep.
        const unseen = (await canReadCollection(payload, target, user)) ? hiddenOf.get(to)! : pathsBelow(target.flattenedFields).filter((p) => p !== 'id')
        for (const p of unseen) set.add(`${c.slug} ${name}.${p}`)
      }
    }
    hidden[who] = set
  }
  return { collections, hidden, graphqlWhere: await graphqlWhereInputs(baseUrl) }
}

const callers = fc.constantFrom<Caller>('anonymous', 'anonymous', 'learner', 'learner', 'learner', 'admin')

const junkPath = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'a.b.c', '', 'id.id', 'x..y', '.id', 'id.', 'hash', 'salt', 'version.id', 'parent', '_id', 'exercises__answerKey__correct', 'user.hash', 'user.sessions.id'), weirdString)

const value = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('b', 'a', 'true', 'false', '0', '-1', '1', '1e309', '2026-01-01', '2026-02-30T25:00:00Z', 'null', '', '%', '_', '%_%', 'x'.repeat(300), '1,2,3', 'learner', 'admin', 'published', 'draft') },
  { weight: 2, arbitrary: weirdString },
  { weight: 1, arbitrary: weirdNumber.map(String) },
)

/** A raw value for a JSON `where` (objects are nested filters, meaningful only under `contains`). */
const jsonValue = fc.oneof(value, fc.integer(), fc.boolean(), fc.constant(null), fc.array(value, { maxLength: 3 }), fc.dictionary(fc.constantFrom('id', 'equals', 'exists', 'and', 'title'), value, { maxKeys: 2 }))

const PAGING_VALUES = ['-5', '-1', '0', '1', '2', '100', '101', '1000000000', '2147483647', '2147483648', '99999999999999999999', '1e308', '1e3', '-0', '1.5', 'NaN', 'Infinity', 'abc', '', '0x10', ' 1', '1 ', '+1']

/** Optional `limit`, `page` and `depth` parameters, each from values at and past every bound. */
const paging = fc
  .record({ limit: fc.option(fc.constantFrom(...PAGING_VALUES), { freq: 2 }), page: fc.option(fc.constantFrom(...PAGING_VALUES), { freq: 2 }), depth: fc.option(fc.constantFrom(...PAGING_VALUES, '10', '11', '1000'), { freq: 2 }), pagination: fc.option(fc.constantFrom('false', 'true', 'no'), { freq: 4 }) })
  .map((p) => Object.entries(p).filter((e): e is [string, string] => e[1] !== null))

const pageRefused = (params: [string, string][]): string[] => {
  const reasons: string[] = []
  for (const [name, raw] of params) {
    const n = Number(raw)
    // Payload reads a parameter as a number when it looks like one; the server refuses the rest.
    const isNumberText = raw.trim() !== '' && !Number.isNaN(n)
    if (name === 'page' && (!isNumberText || !Number.isSafeInteger(n) || n < 1 || n > 2_147_483_647)) reasons.push(`page=${raw}`)
    if ((name === 'limit' || name === 'depth') && (!isNumberText || !Number.isSafeInteger(n) || n < 0)) reasons.push(`${name}=${raw}`)
  }
  return reasons
}

const normalise = (path: string) => (path === '_id' ? 'id' : path.replace(/^[-+]/, '').replace(/__/g, '.'))

/** The hidden paths among `paths` for this caller on this collection (a versions list names them under `version.`). */
function hiddenAmong(model: QueryModel, who: Caller, slug: string, paths: string[], versions: boolean): string[] {
  return paths.map(normalise).filter((p) => model.hidden[who].has(`${slug} ${p}`) || (versions && p.startsWith('version.') && model.hidden[who].has(`${slug} ${p.slice(8)}`)))
}

type Filter = { query: string; paths: string[]; how: string }

function filterOn(path: fc.Arbitrary<string>): fc.Arbitrary<Filter> {
  const op = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...OPERATORS) }, { weight: 1, arbitrary: fc.constantFrom(...BAD_OPERATORS) })
  const key = (p: string) => encodeText(p)
  // The query-string parser drops prototype keys, so such a condition compares nothing.
  const compared = (p: string, o: string) => (PROTOTYPE_KEYS.has(o) || PROTOTYPE_KEYS.has(p) ? [] : [p])
  const plain = fc.tuple(path, op, value).map(([p, o, v]) => ({ query: `where[${key(p)}][${key(o)}]=${encodeText(v)}`, paths: compared(p, o), how: `where ${p} ${o}` }))
  const list = fc.tuple(path, fc.constantFrom('in', 'not_in', 'all'), value, value).map(([p, o, v, w]) => ({ query: `where[${key(p)}][${o}][0]=${encodeText(v)}&where[${key(p)}][${o}][1]=${encodeText(w)}`, paths: [p], how: `where ${p} ${o} list` }))
  const nested = fc.tuple(fc.constantFrom('or', 'and', 'OR'), path, op, value, path).map(([join, p, o, v, q]) => ({
    query: `where[${join}][0][${key(p)}][${key(o)}]=${encodeText(v)}&where[${join}][1][and][0][${key(q)}][exists]=true`,
    paths: [...compared(p, o), ...compared(q, 'exists')],
    how: `where ${join} of ${p} ${o}, ${q}`,
  }))
  const json = fc.tuple(path, op, jsonValue, fc.integer({ min: 0, max: 40 })).map(([p, o, v, depth]) => {
    let where: unknown = { [p]: { [o]: v } }
    for (let i = 0; i < depth; i++) where = { [i % 2 ? 'or' : 'and']: [where] }
    return { query: `where=${encodeText(JSON.stringify(where))}`, paths: [p], how: `JSON where ${p} ${o} under ${depth} and/or` }
  })
  const broken = fc.tuple(path, value, fc.nat(5)).map(([p, v, i]) => ({
    query: [`where[${key(p)}]=${encodeText(v)}`, `where=%7B%22${key(p)}%22`, `where[${key(p)}][equals][x][y]=1`, 'where=[]', 'where=null', `where[and]=${encodeText(v)}`][i]!,
    paths: i < 3 ? [p] : [],
    how: `malformed where on ${p}`,
  }))
  return fc.oneof({ weight: 6, arbitrary: plain }, { weight: 1, arbitrary: list }, { weight: 2, arbitrary: nested }, { weight: 2, arbitrary: json }, { weight: 1, arbitrary: broken })
}

/** `where`/`sort` (and sometimes paging) on a REST list, count or versions list of any collection. */
export function restQueries(model: QueryModel): fc.Arbitrary<QueryRequest> {
  return fc
    .tuple(callers, fc.constantFrom(...model.collections))
    .chain(([who, c]) => {
      const path = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...c.paths) }, { weight: 1, arbitrary: junkPath })
      const sort = fc.option(
        fc.oneof(
          fc.tuple(fc.constantFrom('', '-', '+'), path).map(([sign, p]) => ({ text: `${sign}${p}`, paths: [p] })),
          fc.tuple(path, path).map(([p, q]) => ({ text: `${p},-${q}`, paths: [p, q] })),
        ),
        { freq: 2 },
      )
      const endpoint = fc.constantFrom(...['', '', '', '/count', ...(c.versions ? ['/versions'] : [])])
      return fc.record({ who: fc.constant(who), c: fc.constant(c), filter: fc.option(filterOn(path), { freq: 5 }), sort, endpoint, paging: fc.option(paging, { freq: 2 }) })
    })
    .map(({ who, c, filter, sort, endpoint, paging: params }) => {
      const parts = [filter?.query, sort ? `sort=${encodeText(sort.text)}` : undefined, ...(params ?? []).map(([k, v]) => `${k}=${encodeText(v)}`)].filter(Boolean)
      // A count takes no sort (the parameter is ignored, so it cannot match anything).
      const used = [...(filter?.paths ?? []), ...(endpoint === '/count' ? [] : (sort?.paths ?? []))]
      const hidden = hiddenAmong(model, who, c.slug, used, endpoint === '/versions')
      const mustRefuse = [...hidden.map((p) => `hidden ${p}`), ...(endpoint === '/count' ? [] : pageRefused(params ?? []))]
      return { who, kind: 'rest' as const, method: 'GET', path: `/api/${c.slug}${endpoint}${parts.length ? `?${parts.join('&')}` : ''}`, mustRefuse, how: [filter?.how, sort && `sort ${sort.text}`, params?.map(([k, v]) => `${k}=${v}`).join(' ')].filter(Boolean).join('; ') || 'plain list' }
    })
}

/** A value of a GraphQL input type (enums as their names, which `graphqlLiteral` writes bare). */
function literalOf(type: GraphqlType): fc.Arbitrary<unknown> {
  switch (type.kind) {
    case 'enum':
      return type.values.length ? fc.constantFrom(...type.values).map((v) => new EnumValue(v)) : fc.constant(null)
    case 'list':
      return fc.array(literalOf(type.of), { maxLength: 3 })
    case 'scalar':
      if (type.name === 'Int') return fc.oneof(fc.constantFrom(0, 1, -1, 2 ** 31 - 1), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }))
      if (type.name === 'Float') return fc.oneof(fc.constantFrom(0, -1.5, 1e300), fc.double({ noNaN: true, noDefaultInfinity: true }))
      if (type.name === 'Boolean') return fc.boolean()
      return value
    default:
      return fc.constant(null)
  }
}

class EnumValue {
  constructor(readonly name: string) {}
}

const graphqlLiteral = (v: unknown): string =>
  v instanceof EnumValue ? v.name : (typeof v === 'string' ? JSON.stringify(v) : Array.isArray(v) ? `[${v.map(graphqlLiteral).join(', ')}]` : v === null ? 'null' : String(v))

/** The same over GraphQL lists: `where` as the schema spells it (`a__b`), `sort`, `limit`, `page`. */
export function graphqlQueries(model: QueryModel): fc.Arbitrary<QueryRequest> {
  const withGraphql = model.collections.filter((c) => c.graphql)
  // GraphQL's Int is 32 bits: larger literals are the schema's to refuse, and are sent sometimes.
  const int = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(-5, -1, 0, 1, 2, 100, 101, 1_000_000_000, 2_147_483_647, -2_147_483_648) }, { weight: 1, arbitrary: fc.integer() }, { weight: 1, arbitrary: fc.constant(2 ** 40) })
  return fc
    .tuple(callers, fc.constantFrom(...withGraphql))
    .chain(([who, c]) => {
      const path = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...c.own) }, { weight: 1, arbitrary: fc.constantFrom(...c.paths) }, { weight: 1, arbitrary: junkPath })
      const anyLiteral = fc.oneof({ weight: 4, arbitrary: value }, { weight: 1, arbitrary: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }) }, { weight: 1, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.array(value, { maxLength: 2 }) })
      // Mostly a filter the schema takes (its field, operator and value type), so the resolvers run; sometimes anything.
      const filters = [...(model.graphqlWhere.get(`${c.singular}_where`) ?? new Map()).entries()]
        .flatMap(([field, operators]) => [...operators].map(([operator, type]) => ({ field, operator, type })))
        .filter((f) => f.type.kind !== 'other')
      const typed = filters.length
        ? fc.constantFrom(...filters).chain(({ field, operator, type }) => literalOf(type).map((v) => [field.replace(/__/g, '.'), operator, v] as [string, string, unknown]))
        : fc.tuple(path, fc.constantFrom(...OPERATORS), anyLiteral)
      const loose = fc.tuple(path, fc.oneof(fc.constantFrom(...OPERATORS), fc.constantFrom(...BAD_OPERATORS)), anyLiteral)
      return fc.record({
        who: fc.constant(who),
        c: fc.constant(c),
        where: fc.option(fc.oneof({ weight: 4, arbitrary: typed }, { weight: 1, arbitrary: loose }), { freq: 3 }),
        sort: fc.option(fc.tuple(fc.constantFrom('', '-'), path), { freq: 2 }),
        limit: fc.option(int, { freq: 2 }),
        page: fc.option(int, { freq: 2 }),
      })
    })
    .map(({ who, c, where, sort, limit, page }) => {
      const list = c.graphql!
      const args = [
        where ? `where: { ${where[0].replace(/\./g, '__')}: { ${where[1]}: ${graphqlLiteral(where[2])} } }` : undefined,
        sort ? `sort: ${JSON.stringify(sort[0] + sort[1])}` : undefined,
        limit !== null ? `limit: ${limit}` : undefined,
        page !== null ? `page: ${page}` : undefined,
      ].filter(Boolean)
      const query = `{ ${list}${args.length ? `(${args.join(', ')})` : ''} { totalDocs docs { id } } }`
      const hidden = hiddenAmong(model, who, c.slug, [...(where ? [where[0]] : []), ...(sort ? [sort[1]] : [])], false)
      const mustRefuse = [...hidden.map((p) => `hidden ${p}`), ...(page !== null && (page < 1 || page > 2_147_483_647) ? [`page ${page}`] : []), ...(limit !== null && limit < 0 ? [`limit ${limit}`] : [])]
      return { who, kind: 'graphql' as const, method: 'POST', path: '/api/graphql', body: JSON.stringify({ query }), list, mustRefuse, how: query.slice(0, 200) }
    })
}

const TARGETS = ['/api/users/login', '/api/users/signup', '/api/learn/home', '/api/learn/events', '/api/knowledge-blocks', '/api/users/me', '/api/graphql', '/api/payload-locked-documents', '/api/docs', '/api/learn/shop/purchases', '/healthz', '/admin/login']
const TRICKS = ['..', '.', '%2e%2e', '%2E%2e', '.%2e', '%2e', '%2e.', '%2f', '%2F', 'a%2fb', '%5c', '\\', 'a\\b', '%00', 'x%00', '..%2f', '%2e%2e%2f']

/** A target path with a `..`, `.`, encoded dot or slash, backslash, NUL or empty segment put in. */
export function trickPaths(): fc.Arbitrary<QueryRequest> {
  return fc
    .record({
      who: callers,
      target: fc.constantFrom(...TARGETS),
      trick: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...TRICKS) }, { weight: 1, arbitrary: fc.constant('') }),
      at: fc.nat(),
      extra: fc.option(fc.constantFrom('x', 'graphql-playground', 'api', 'users', 'learn'), { freq: 2 }),
      method: fc.constantFrom('GET', 'GET', 'POST', 'PATCH', 'DELETE'),
      query: fc.constantFrom('', '', '?depth=0', '?limit=1000000000&page=-5', '?where[id][equals]=1'),
      body: fc.constantFrom('{}', '{"email":"nobody@example.com","password":"not the password"}', '{"events":[]}', '{'),
    })
    .map(({ who, target, trick, at, extra, method, query, body }) => {
      const segments = target.split('/').slice(1)
      if (extra) segments.splice(at % segments.length, 0, extra)
      // Never last: an empty last segment is only a trailing slash, which is a canonical path.
      segments.splice(at % segments.length, 0, trick)
      const path = `/${segments.join('/')}${query}`
      return { who, kind: 'path' as const, method, path, body: method === 'GET' || method === 'DELETE' ? undefined : body, mustRefuse: [`path trick ${JSON.stringify(trick)}`], how: `${method} with ${JSON.stringify(trick)}` }
    })
}

export type Answer = { status: number; text: string; type: string }

/** Sends a request with its path exactly as written. */
export function sendRaw(baseUrl: string, r: QueryRequest, token?: string): Promise<Answer> {
  const { hostname, port } = new URL(baseUrl)
  const headers: Record<string, string> = {}
  if (token) headers.authorization = `JWT ${token}`
  if (r.body !== undefined) headers['content-type'] = 'application/json'
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, method: r.method, path: r.path, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), type: String(res.headers['content-type'] ?? '') }))
      res.on('error', reject)
    })
    req.on('error', reject)
    if (r.body !== undefined) req.write(r.body)
    req.end()
  })
}

/** What the answer must be beyond the suite's common checks; a reason it is wrong, or undefined. */
export function queryAnswerProblem(r: QueryRequest, res: Answer): string | undefined {
  // Node's HTTP parser refuses a request line over 16 KB before any of our code runs.
  if (res.status === 431) return undefined
  let body: any
  try {
    body = JSON.parse(res.text)
  } catch {
    return 'not JSON'
  }
  if (r.kind === 'path') return res.status === 400 && body?.errors?.[0]?.code === 'invalid_path' ? undefined : 'a path trick must be 400 invalid_path'
  if (r.kind === 'graphql') {
    const errors: any[] = Array.isArray(body?.errors) ? body.errors : []
    // GraphQL answers a resolver's 500 inside a 200.
    const internal = errors.find((e) => Number(e?.extensions?.statusCode) >= 500 || e?.message === 'Something went wrong.')
    if (internal) return `an internal error inside the answer: ${JSON.stringify(internal).slice(0, 200)}`
    const data = body?.data?.[r.list!]
    if (r.mustRefuse.length && (data !== null && data !== undefined)) return 'answered a query it must refuse'
    if (data?.docs && data.docs.length > MAX_PAGE_SIZE) return `${data.docs.length} documents in one page`
    return undefined
  }
  if (r.mustRefuse.length && res.status < 400) return 'answered a query it must refuse'
  if (res.status < 300 && Array.isArray(body?.docs) && body.docs.length > MAX_PAGE_SIZE) return `${body.docs.length} documents in one page`
  return undefined
}
