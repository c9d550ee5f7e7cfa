import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TABLE "weekly_xp" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"user_id" integer NOT NULL,
  	"week_start" timestamp(3) with time zone NOT NULL,
  	"xp" numeric DEFAULT 0 NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "weekly_xp_id" integer;
  ALTER TABLE "weekly_xp" ADD CONSTRAINT "weekly_xp_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  CREATE UNIQUE INDEX "user_weekStart_idx" ON "weekly_xp" USING btree ("user_id","week_start");
  CREATE INDEX "weekStart_xp_idx" ON "weekly_xp" USING btree ("week_start","xp");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_weekly_xp_fk" FOREIGN KEY ("weekly_xp_id") REFERENCES "public"."weekly_xp"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_weekly_xp_id_idx" ON "payload_locked_documents_rels" USING btree ("weekly_xp_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "weekly_xp" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "weekly_xp" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_weekly_xp_fk";
  
  DROP INDEX "payload_locked_documents_rels_weekly_xp_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "weekly_xp_id";`)
}
