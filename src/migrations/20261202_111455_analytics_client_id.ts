import { sql } from '@payloadcms/db-postgres'
import type { MigrateDownArgs, MigrateUpArgs } from '@payloadcms/db-postgres'

/**
 * Generated, plus one hand-written step: client events stored so far were keyed by the app's own
 * id, so that id becomes their `client_id` before the unique (user, occurred_at, client_id) index
 * exists, and a batch an app resends after this migration is still recognised. Server events
 * have none. The new index serves what (user, occurred_at) served, which goes.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   DROP INDEX "user_occurredAt_idx";
  ALTER TABLE "analytics_events" ADD COLUMN "client_id" varchar;
  UPDATE "analytics_events" SET "client_id" = "id" WHERE "source" = 'client';
  CREATE UNIQUE INDEX "user_occurredAt_clientId_idx" ON "analytics_events" USING btree ("user_id","occurred_at","client_id");`)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   DROP INDEX "user_occurredAt_clientId_idx";
  CREATE INDEX "user_occurredAt_idx" ON "analytics_events" USING btree ("user_id","occurred_at");
  ALTER TABLE "analytics_events" DROP COLUMN "client_id";`)
}
