import { sql } from '@payloadcms/db-postgres'
import type { MigrateDownArgs, MigrateUpArgs } from '@payloadcms/db-postgres'

/**
 * Hand-written: fills `weekly_xp` (created empty by the migration before this one) with each
 * learner's XP per ISO week (Monday 00:00 UTC), summed from the XP rows already in the ledger,
 * so the ledger's own upsert (src/services/economy/ledger.ts) carries on from correct totals.
 * Then drops `reward_ledger_xp_by_time`: the weekly leaderboard no longer sums ledger rows, and
 * that index would only cost every XP grant.
 */
export const backfillWeeklyXp = (db: MigrateUpArgs['db']) =>
  db.execute(sql`
    INSERT INTO weekly_xp (user_id, week_start, xp, created_at, updated_at)
    SELECT user_id, date_trunc('week', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', sum(delta), now(), now()
      FROM reward_ledger
     WHERE currency = 'xp'
     GROUP BY 1, 2
    ON CONFLICT (user_id, week_start) DO UPDATE SET xp = EXCLUDED.xp, updated_at = EXCLUDED.updated_at`)

export async function up({ db }: MigrateUpArgs): Promise<void> {
  await backfillWeeklyXp(db)
  await db.execute(sql`DROP INDEX IF EXISTS reward_ledger_xp_by_time;`)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
    CREATE INDEX IF NOT EXISTS reward_ledger_xp_by_time ON reward_ledger (created_at) INCLUDE (user_id, delta) WHERE currency = 'xp';
  `)
}
