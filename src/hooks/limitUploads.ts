import type { CollectionBeforeOperationHook } from 'payload'

import { enforceRateLimitInHook } from '../endpoints/http'
import { limits } from '../services/rateLimit'

/**
 * Uploads per user (`RATE_LIMIT_UPLOADS`), counted before the file is processed: each one costs
 * disk and, for images, sharp's CPU. Server-side creates (seeds, scripts) have no user and pass.
 */
export const limitUploads: CollectionBeforeOperationHook = async ({ args, operation, req }) => {
  if (operation !== 'create' || !req.user) return args
  await enforceRateLimitInHook(req, `upload:${req.user.id}`, limits.uploads(), 'Too many uploads. Try again later.')
  return args
}
