import type { CollectionBeforeChangeHook } from 'payload'

import { now } from '../../../../src/clock'

/**
 * An account's creation time is the server's and never changes: a client-claimed time may not
 * be earlier (src/services/clientTime.ts), so nobody may move it back through the API.
 */
export const stampCreatedAt: CollectionBeforeChangeHook = ({ data, operation }) => {
  const { createdAt: _ignored, ...rest } = data as { createdAt?: unknown }
  return operation === 'create' ? { ...rest, createdAt: now().toISOString() } : rest
}
