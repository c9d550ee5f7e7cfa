import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "users" ADD COLUMN "last_action_at" timestamp(3) with time zone;
  ALTER TABLE "users" ADD COLUMN "timezone_previous" varchar;
  ALTER TABLE "users" ADD COLUMN "timezone_changes_at" timestamp(3) with time zone;
  ALTER TABLE "economy" ADD COLUMN "amphitheatre_xp_per_day" numeric DEFAULT 30 NOT NULL;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "users" DROP COLUMN "last_action_at";
  ALTER TABLE "users" DROP COLUMN "timezone_previous";
  ALTER TABLE "users" DROP COLUMN "timezone_changes_at";
  ALTER TABLE "economy" DROP COLUMN "amphitheatre_xp_per_day";`)
}
