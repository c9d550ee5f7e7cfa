import { sql } from '@payloadcms/db-postgres'
import type { MigrateDownArgs, MigrateUpArgs } from '@payloadcms/db-postgres'

/**
 * Hand-written (Payload has no notion of unlogged tables): rate-limit counters are written on
 * every learner write, and losing them in a crash only resets some windows. Unlogged, their
 * updates skip the write-ahead log, so a counter bump costs no WAL flush at commit. (Not
 * replicated either: only the primary counts, which is the only node that takes writes.)
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`ALTER TABLE rate_limit_counters SET UNLOGGED;`)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`ALTER TABLE rate_limit_counters SET LOGGED;`)
}
