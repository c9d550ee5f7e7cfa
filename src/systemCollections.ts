import { Forbidden } from 'payload'
import type { PayloadHandler, SanitizedConfig } from 'payload'

import { hasRole } from './access/roles'
import { isAdmin } from './access/isAdmin'
import { isEditor } from './access/isEditor'
import { nobodyWrites } from './access/nobodyWrites'
import { ownPreferencesOfStaff } from './access/ownPreferencesOfStaff'

/**
 * Payload's own collections come with "any signed-in user" access: a learner could lock a
 * knowledge block as if editing it, list every lock (who edits what) and delete an author's
 * lock, and keep preferences. They are added while the config is sanitised, so their access is
 * set here, on the sanitised config:
 * - `payload-locked-documents`: staff only. The admin panel creates locks through the database
 *   adapter and reads, takes over and releases them over REST and the Local API as the editor.
 * - `payload-preferences`: staff, their own rows only; its `/:key` endpoints skip collection
 *   access (they only ask for a user), so they are closed to everyone else too.
 * - `payload-migrations`: admins read, nobody writes (migrations write through the adapter).
 * `payload-kv` (closed by Payload) and `payload-jobs` (admins read: jobsCollectionOverrides in
 * payload.config.ts) need nothing more; tests/security/systemCollections.test.ts checks all five.
 */
export function lockSystemCollections(config: SanitizedConfig): SanitizedConfig {
  for (const collection of config.collections) {
    if (collection.slug === 'payload-locked-documents') {
      collection.access = { ...collection.access, create: isEditor, read: isEditor, update: isEditor, delete: isEditor, readVersions: isEditor }
    } else if (collection.slug === 'payload-preferences') {
      collection.access = { ...collection.access, create: isEditor, read: ownPreferencesOfStaff, update: ownPreferencesOfStaff, delete: ownPreferencesOfStaff, readVersions: isEditor }
      if (Array.isArray(collection.endpoints)) {
        collection.endpoints = collection.endpoints.map((endpoint) => ({ ...endpoint, handler: staffOnly(endpoint.handler) }))
      }
    } else if (collection.slug === 'payload-migrations') {
      collection.access = { ...collection.access, create: nobodyWrites, read: isAdmin, update: nobodyWrites, delete: nobodyWrites, readVersions: isAdmin }
    }
  }
  return config
}

const staffOnly =
  (handler: PayloadHandler): PayloadHandler =>
  (req) => {
    if (!hasRole(req.user, 'admin', 'author')) throw new Forbidden(req.t)
    return handler(req)
  }
