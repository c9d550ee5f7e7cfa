import { sql } from '@payloadcms/db-postgres'
import type { MigrateDownArgs, MigrateUpArgs } from '@payloadcms/db-postgres'

/**
 * Hand-written (Payload cannot declare partial or covering indexes): the weekly leaderboard
 * reads XP rows of one week; this index holds exactly those columns for XP rows only.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
    CREATE INDEX reward_ledger_xp_by_time ON reward_ledger (created_at) INCLUDE (user_id, delta) WHERE currency = 'xp';
  `)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`DROP INDEX IF EXISTS reward_ledger_xp_by_time;`)
}
