import type { CollectionBeforeOperationHook, SanitizedConfig } from 'payload'

import { MAX_JSON_DEPTH, valueNestsDeeper } from './jsonDepth'
import { QueryRefused } from './queryRefusal'

/**
 * One set of paging limits for every REST and GraphQL caller, admins included:
 * - `limit`: a whole number; at most MAX_PAGE_SIZE, and 0 (Payload's "no limit") or
 *   `pagination=false` mean a page of MAX_PAGE_SIZE, so no request reads a whole table;
 * - `page`: a whole number from 1 to MAX_PAGE (a negative page became a negative OFFSET, a 500);
 * - `depth`: a whole number, clamped to the config's `maxDepth`.
 * Anything else is a 400 (`invalid_limit`, `invalid_page`, `invalid_depth`), and so is data
 * nested deeper than MAX_JSON_DEPTH (`body_too_deep`).
 *
 * REST handlers and GraphQL resolvers call Payload's operations without `overrideAccess`,
 * while the Local API always passes it (true unless told otherwise): the server's own queries
 * (services, jobs, seeds, the admin panel's server components) keep the limits they ask for.
 */
export const MAX_PAGE_SIZE = 100
export const MAX_PAGE = 2_147_483_647

const PAGED_OPERATIONS = new Set(['read', 'readDistinct'])

type PagingArgs = { overrideAccess?: boolean; limit?: unknown; page?: unknown; depth?: unknown; pagination?: unknown }

const wholeNumber = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0

export const limitQueries: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  const paging = args as PagingArgs
  if (paging.overrideAccess !== undefined) return args
  // JSON bodies are bounded in src/app.ts; a multipart upload's `_payload` only here, once parsed.
  if ((operation === 'create' || operation === 'update') && valueNestsDeeper((args as { data?: unknown }).data)) {
    throw new QueryRefused('body_too_deep', `The data nests deeper than ${MAX_JSON_DEPTH} levels.`)
  }
  if (paging.depth !== undefined) {
    if (!wholeNumber(paging.depth)) throw new QueryRefused('invalid_depth', '`depth` must be a whole number from 0.')
    paging.depth = Math.min(paging.depth, req.payload.config.maxDepth)
  }
  if (!PAGED_OPERATIONS.has(operation)) return args
  if (paging.page !== undefined && (!wholeNumber(paging.page) || paging.page < 1 || paging.page > MAX_PAGE)) {
    throw new QueryRefused('invalid_page', `\`page\` must be a whole number from 1 to ${MAX_PAGE}.`)
  }
  if (paging.limit !== undefined && !wholeNumber(paging.limit)) throw new QueryRefused('invalid_limit', `\`limit\` must be a whole number (at most ${MAX_PAGE_SIZE} are returned).`)
  const everything = paging.pagination === false
  paging.pagination = true
  if (paging.limit === 0 || (everything && paging.limit === undefined) || (typeof paging.limit === 'number' && paging.limit > MAX_PAGE_SIZE)) paging.limit = MAX_PAGE_SIZE
  return args
}

/** Puts the limits first on every collection of the sanitised config (Payload's own included). */
export function limitEveryQuery(config: SanitizedConfig): SanitizedConfig {
  for (const collection of config.collections) {
    collection.hooks.beforeOperation = [limitQueries, ...(collection.hooks.beforeOperation ?? [])]
  }
  return config
}
