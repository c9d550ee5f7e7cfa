import type { CollectionBeforeOperationHook } from 'payload'

import { HttpError } from '../endpoints/http'
import { hit, limits, rateLimitHeaders } from '../services/rateLimit'

/**
 * Uploads per user (`RATE_LIMIT_UPLOADS`), counted before the file is processed: each one costs
 * disk and, for images, sharp's CPU. Server-side creates (seeds, scripts) have no user and pass.
 */
export const limitUploads: CollectionBeforeOperationHook = async ({ args, operation, req }) => {
  if (operation !== 'create' || !req.user) return args
  const result = await hit(req.payload.db.pool, `upload:${req.user.id}`, limits.uploads())
  if (!result.allowed) {
    const headers = new Headers(rateLimitHeaders(result))
    req.responseHeaders = req.responseHeaders ? new Headers([...req.responseHeaders, ...headers]) : headers
    throw new HttpError(429, 'rate_limited', 'Too many uploads. Try again later.', { code: 'rate_limited' }, rateLimitHeaders(result))
  }
  return args
}
