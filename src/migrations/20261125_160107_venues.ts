import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_venue_entries_status" AS ENUM('open', 'completed');
  CREATE TYPE "public"."enum_venue_practice_kind" AS ENUM('task', 'feedback');
  CREATE TYPE "public"."enum_venue_practice_feedback_source" AS ENUM('webhook', 'ai', 'fallback');
  CREATE TABLE "venue_entries" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"user_id" integer NOT NULL,
  	"venue_id" integer NOT NULL,
  	"status" "enum_venue_entries_status" DEFAULT 'open' NOT NULL,
  	"tickets_spent" numeric DEFAULT 0 NOT NULL,
  	"practice_count" numeric DEFAULT 0 NOT NULL,
  	"completed_at" timestamp(3) with time zone,
  	"xp_earned" numeric DEFAULT 0 NOT NULL,
  	"coins_earned" numeric DEFAULT 0 NOT NULL,
  	"reward_day" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "venue_practice" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"entry_id" integer NOT NULL,
  	"user_id" integer NOT NULL,
  	"kind" "enum_venue_practice_kind" NOT NULL,
  	"task_sheet_id" integer,
  	"exercise_index" numeric,
  	"response" jsonb,
  	"transcript" varchar,
  	"feedback" varchar,
  	"feedback_source" "enum_venue_practice_feedback_source",
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "venue_entries_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "venue_practice_id" integer;
  ALTER TABLE "venue_entries" ADD CONSTRAINT "venue_entries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "venue_entries" ADD CONSTRAINT "venue_entries_venue_id_venues_id_fk" FOREIGN KEY ("venue_id") REFERENCES "public"."venues"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "venue_practice" ADD CONSTRAINT "venue_practice_entry_id_venue_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."venue_entries"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "venue_practice" ADD CONSTRAINT "venue_practice_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "venue_practice" ADD CONSTRAINT "venue_practice_task_sheet_id_venue_task_sheets_id_fk" FOREIGN KEY ("task_sheet_id") REFERENCES "public"."venue_task_sheets"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "venue_entries_user_idx" ON "venue_entries" USING btree ("user_id");
  CREATE INDEX "venue_entries_venue_idx" ON "venue_entries" USING btree ("venue_id");
  CREATE INDEX "venue_entries_updated_at_idx" ON "venue_entries" USING btree ("updated_at");
  CREATE INDEX "venue_entries_created_at_idx" ON "venue_entries" USING btree ("created_at");
  CREATE INDEX "user_venue_1_idx" ON "venue_entries" USING btree ("user_id","venue_id");
  CREATE UNIQUE INDEX "venue_entries_one_open" ON "venue_entries" USING btree ("user_id","venue_id") WHERE "venue_entries"."status" = 'open';
  CREATE INDEX "venue_practice_entry_idx" ON "venue_practice" USING btree ("entry_id");
  CREATE INDEX "venue_practice_user_idx" ON "venue_practice" USING btree ("user_id");
  CREATE INDEX "venue_practice_task_sheet_idx" ON "venue_practice" USING btree ("task_sheet_id");
  CREATE INDEX "venue_practice_updated_at_idx" ON "venue_practice" USING btree ("updated_at");
  CREATE INDEX "venue_practice_created_at_idx" ON "venue_practice" USING btree ("created_at");
  CREATE INDEX "entry_idx" ON "venue_practice" USING btree ("entry_id");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_venue_entries_fk" FOREIGN KEY ("venue_entries_id") REFERENCES "public"."venue_entries"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_venue_practice_fk" FOREIGN KEY ("venue_practice_id") REFERENCES "public"."venue_practice"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_venue_entries_id_idx" ON "payload_locked_documents_rels" USING btree ("venue_entries_id");
  CREATE INDEX "payload_locked_documents_rels_venue_practice_id_idx" ON "payload_locked_documents_rels" USING btree ("venue_practice_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "venue_entries" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "venue_practice" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "venue_entries" CASCADE;
  DROP TABLE "venue_practice" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_venue_entries_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_venue_practice_fk";
  
  DROP INDEX "payload_locked_documents_rels_venue_entries_id_idx";
  DROP INDEX "payload_locked_documents_rels_venue_practice_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "venue_entries_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "venue_practice_id";
  DROP TYPE "public"."enum_venue_entries_status";
  DROP TYPE "public"."enum_venue_practice_kind";
  DROP TYPE "public"."enum_venue_practice_feedback_source";`)
}
