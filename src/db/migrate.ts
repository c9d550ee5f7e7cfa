import type { Migration, Payload } from 'payload'

import { migrations } from '../migrations'

// Any constant works; all app nodes must agree on it.
const MIGRATION_LOCK = 727_101_001

/**
 * Applies the committed migrations (whatever NODE_ENV is). Several app nodes may boot at once,
 * so a session-level advisory lock lets one migrate while the others wait and then find
 * nothing to do. A database that dev `push` touched is refused with a clear message, because
 * Payload would otherwise stop at an interactive prompt.
 */
export async function runMigrations(payload: Payload): Promise<void> {
  const client = await payload.db.pool.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
    const { rows } = await client.query<{ exists: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_name = 'payload_migrations') AS exists`,
    )
    if (rows[0]?.exists) {
      const pushed = await client.query('SELECT 1 FROM payload_migrations WHERE batch = -1 LIMIT 1')
      if (pushed.rowCount) {
        throw new Error(
          'This database was changed by dev `push` and cannot take migrations. Use a fresh database (or DB_PUSH=true for push-only development).',
        )
      }
    }
    // Generated migrations type their arguments; Payload's list type takes `unknown`.
    await payload.db.migrate({ migrations: migrations as unknown as Migration[] })
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined)
    client.release()
  }
}
