import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_daily_quests_activity" AS ENUM('lesson_step', 'module_complete', 'exercise', 'venue_practice', 'venue_complete', 'amphitheatre_submission', 'milestone_attempt', 'review', 'coach_message');
  CREATE TABLE "daily_quests" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"user_id" integer NOT NULL,
  	"quest_definition_id" integer NOT NULL,
  	"day" varchar NOT NULL,
  	"activity" "enum_daily_quests_activity" NOT NULL,
  	"progress" numeric DEFAULT 0 NOT NULL,
  	"target" numeric NOT NULL,
  	"xp_reward" numeric NOT NULL,
  	"coin_reward" numeric NOT NULL,
  	"completed" boolean DEFAULT false NOT NULL,
  	"completed_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "daily_quests_id" integer;
  ALTER TABLE "daily_quests" ADD CONSTRAINT "daily_quests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "daily_quests" ADD CONSTRAINT "daily_quests_quest_definition_id_quest_definitions_id_fk" FOREIGN KEY ("quest_definition_id") REFERENCES "public"."quest_definitions"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "daily_quests_user_idx" ON "daily_quests" USING btree ("user_id");
  CREATE INDEX "daily_quests_quest_definition_idx" ON "daily_quests" USING btree ("quest_definition_id");
  CREATE INDEX "daily_quests_updated_at_idx" ON "daily_quests" USING btree ("updated_at");
  CREATE INDEX "daily_quests_created_at_idx" ON "daily_quests" USING btree ("created_at");
  CREATE UNIQUE INDEX "user_questDefinition_day_idx" ON "daily_quests" USING btree ("user_id","quest_definition_id","day");
  CREATE INDEX "user_day_idx" ON "daily_quests" USING btree ("user_id","day");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_daily_quests_fk" FOREIGN KEY ("daily_quests_id") REFERENCES "public"."daily_quests"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_daily_quests_id_idx" ON "payload_locked_documents_rels" USING btree ("daily_quests_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "daily_quests" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "daily_quests" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_daily_quests_fk";
  
  DROP INDEX "payload_locked_documents_rels_daily_quests_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "daily_quests_id";
  DROP TYPE "public"."enum_daily_quests_activity";`)
}
