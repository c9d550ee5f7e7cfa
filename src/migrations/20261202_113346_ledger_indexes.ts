import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   DROP INDEX "reward_ledger_user_idx";
  DROP INDEX "reward_ledger_updated_at_idx";`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   CREATE INDEX "reward_ledger_user_idx" ON "reward_ledger" USING btree ("user_id");
  CREATE INDEX "reward_ledger_updated_at_idx" ON "reward_ledger" USING btree ("updated_at");`)
}
