import type { SanitizedConfig } from 'payload'

import { isAdmin } from '../access/isAdmin'
import { nobodyWrites } from '../access/nobodyWrites'

/**
 * Payload adds a `payload-jobs-stats` global once a task has a `schedule`. It keeps when each
 * schedule last ran, and it comes with Payload's default access: any signed-in user could read
 * it and overwrite it through `/api/globals/payload-jobs-stats` and so stop or repeat the
 * maintenance jobs. The scheduler writes it through the database adapter, below access control,
 * so REST and GraphQL can be closed: admins read, nobody writes. The global is added while the
 * config is sanitised, so this runs on the sanitised config.
 */
export function lockJobStats(config: SanitizedConfig): SanitizedConfig {
  const stats = config.globals.find((g) => g.slug === 'payload-jobs-stats')
  if (stats) {
    stats.access = { ...stats.access, read: isAdmin, readVersions: isAdmin, update: nobodyWrites }
  }
  return config
}
