import { GraphQLError, GraphQLObjectType, GraphQLSchema, GraphQLString, Kind, NoFragmentCyclesRule, parse, validate } from 'graphql'
import type { DocumentNode, FragmentDefinitionNode, SelectionSetNode } from 'graphql'

import { isJsonMediaType } from './jsonDepth'

/**
 * Checks of a GraphQL document that must come before Payload's handler: its validation runs
 * graphql's rules together with Payload's query-complexity rule, and the complexity rule follows
 * fragment spreads without a guard, so a fragment cycle overflowed the stack (a 500) before
 * NoFragmentCycles could report it. Here a cycle, a selection nested deeper than
 * MAX_GRAPHQL_DEPTH, or a document too deep to parse is a 400; anything else (syntax errors,
 * unknown fields, complexity) is left to Payload's validation.
 */
export const MAX_GRAPHQL_DEPTH = 20

// The rules run here read only the document, so a schema of one field is enough to run them.
const documentOnly = new GraphQLSchema({ query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }) })

type Problem = { message: string; code: string }

/** Selection depth of the deepest operation, counted up to MAX_GRAPHQL_DEPTH + 1 (fragments once each). */
function depthOf(document: DocumentNode): number {
  const cap = MAX_GRAPHQL_DEPTH + 1
  const fragments = new Map<string, FragmentDefinitionNode>()
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d)
  const known = new Map<string, number>()
  const measure = (set: SelectionSetNode): number => {
    let deepest = 0
    for (const s of set.selections) {
      let d = 0
      if (s.kind === Kind.FIELD) d = 1 + (s.selectionSet ? measure(s.selectionSet) : 0)
      else if (s.kind === Kind.INLINE_FRAGMENT) d = measure(s.selectionSet)
      else {
        const name = s.name.value
        if (!known.has(name)) {
          known.set(name, 0) // no cycles reach here; this only ends a repeated visit early
          const fragment = fragments.get(name)
          known.set(name, fragment ? measure(fragment.selectionSet) : 0)
        }
        d = known.get(name)!
      }
      deepest = Math.max(deepest, Math.min(d, cap))
      if (deepest >= cap) return cap
    }
    return deepest
  }
  let deepest = 0
  for (const d of document.definitions) if (d.kind === Kind.OPERATION_DEFINITION) deepest = Math.max(deepest, measure(d.selectionSet))
  return deepest
}

export function graphqlDocumentProblem(query: string): Problem | undefined {
  let document: DocumentNode
  try {
    document = parse(query)
  } catch (error) {
    // A syntax error is Payload's to answer; a stack overflow in the parser is nesting.
    if (error instanceof GraphQLError) return undefined
    return { message: `The query nests deeper than ${MAX_GRAPHQL_DEPTH} levels.`, code: 'graphql_too_deep' }
  }
  const cycle = validate(documentOnly, document, [NoFragmentCyclesRule])[0]
  if (cycle) return { message: cycle.message, code: 'graphql_fragment_cycle' }
  if (depthOf(document) > MAX_GRAPHQL_DEPTH) return { message: `The query nests deeper than ${MAX_GRAPHQL_DEPTH} levels.`, code: 'graphql_too_deep' }
  return undefined
}

/** A 400 answer for a GraphQL request whose document must not reach Payload, or undefined to pass it on. */
export async function refusedGraphqlRequest(request: Request): Promise<Response | undefined> {
  if (request.method !== 'POST' || !isJsonMediaType(request.headers.get('content-type') ?? undefined)) return undefined
  let body: unknown
  try {
    body = JSON.parse(await request.clone().text())
  } catch {
    return undefined // broken JSON: Payload's handler answers it
  }
  const query = (body as { query?: unknown } | null)?.query
  if (typeof query !== 'string') return undefined
  const problem = graphqlDocumentProblem(query)
  if (!problem) return undefined
  return Response.json({ errors: [{ message: problem.message, code: problem.code, extensions: { code: problem.code } }] }, { status: 400 })
}
