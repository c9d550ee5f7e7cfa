import { formatNames } from 'payload'
import type { FlattenedField, Payload, PayloadRequest, SanitizedCollectionConfig, TypedUser } from 'payload'

/**
 * Field paths read from the sanitised config, for tests that try every field: every path of a
 * collection (through groups, arrays, tabs and every block) and the paths a caller cannot read
 * (hidden fields, and fields whose `access.read` denies them, with everything inside).
 */

const inner = (f: FlattenedField): FlattenedField[] => ('flattenedFields' in f ? f.flattenedFields : f.type === 'blocks' ? f.blocks.flatMap((b) => b.flattenedFields) : [])

/** Every path below `fields`, each once. */
export function pathsBelow(fields: FlattenedField[], prefix = ''): string[] {
  const out = fields.flatMap((f) => {
    const path = `${prefix}${f.name}`
    return [path, ...pathsBelow(inner(f), `${path}.`)]
  })
  return [...new Set(out)]
}

const reqOf = (payload: Payload, user: TypedUser | null) => ({ req: { user, payload } as PayloadRequest })

/** Whether `user` may read `field` (hidden fields never; a rule that needs a document, or throws, denies). */
export async function canReadField(payload: Payload, field: FlattenedField, user: TypedUser | null): Promise<boolean> {
  if ('hidden' in field && field.hidden) return false
  if (!field.access?.read) return true
  try {
    return Boolean(await field.access.read(reqOf(payload, user)))
  } catch {
    return false
  }
}

export async function canReadCollection(payload: Payload, collection: SanitizedCollectionConfig, user: TypedUser | null): Promise<boolean> {
  return (await collection.access.read(reqOf(payload, user))) !== false
}

/** The paths of `fields` that `user` cannot read: each hidden field and everything inside it. */
export async function hiddenPathsOf(payload: Payload, fields: FlattenedField[], user: TypedUser | null, prefix = ''): Promise<string[]> {
  const out: string[] = []
  for (const f of fields) {
    const path = `${prefix}${f.name}`
    if (!(await canReadField(payload, f, user))) out.push(...pathsBelow([f], prefix))
    else out.push(...(await hiddenPathsOf(payload, inner(f), user, `${path}.`)))
  }
  return [...new Set(out)]
}

/** Relationships to one collection (not polymorphic), by name, as a path prefix and the collection it reaches. */
export const singleRelationships = (collection: SanitizedCollectionConfig): { name: string; to: string; field: FlattenedField }[] =>
  collection.flattenedFields.flatMap((f) => ((f.type === 'relationship' || f.type === 'upload') && typeof f.relationTo === 'string' ? [{ name: f.name, to: f.relationTo, field: f }] : []))

/** The GraphQL list query of a collection, named as @payloadcms/graphql names it. */
export function graphqlListName(slug: string): string {
  const { singular, plural } = formatNames(slug)
  return singular === plural ? `all${singular}` : plural
}
