import type { Access } from 'payload'

/**
 * Server-written collections (ledger, activity): no REST, GraphQL or admin-panel writes.
 * Services write them inside their transactions with raw SQL or `overrideAccess`.
 */
export const nobodyWrites: Access = () => false
