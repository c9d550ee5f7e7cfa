import type { FieldAccess } from 'payload'

/**
 * Server-owned fields (balances, roles, flags): nobody writes them through REST or GraphQL.
 * Services write them with `overrideAccess: true` or raw SQL. Used for both `create` and
 * `update`, because Payload checks the two separately.
 */
export const nobody: FieldAccess = () => false
