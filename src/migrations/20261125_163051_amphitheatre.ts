import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_amphitheatre_sessions_tier" AS ENUM('alpha', 'beta', 'gamma');
  CREATE TYPE "public"."enum_amphitheatre_sessions_status" AS ENUM('active', 'completed');
  CREATE TYPE "public"."enum_amphitheatre_records_state" AS ENUM('pending', 'done');
  CREATE TABLE "amphitheatre_sessions" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"user_id" integer NOT NULL,
  	"visit_number" numeric NOT NULL,
  	"tier" "enum_amphitheatre_sessions_tier" NOT NULL,
  	"status" "enum_amphitheatre_sessions_status" DEFAULT 'active' NOT NULL,
  	"points" numeric DEFAULT 0 NOT NULL,
  	"current_index" numeric DEFAULT 0 NOT NULL,
  	"plan" jsonb NOT NULL,
  	"completed_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "amphitheatre_records" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"session_id" integer NOT NULL,
  	"user_id" integer NOT NULL,
  	"exercise_id" integer NOT NULL,
  	"exercise_key" varchar NOT NULL,
  	"prompt_key" varchar,
  	"sequence_index" numeric NOT NULL,
  	"state" "enum_amphitheatre_records_state" DEFAULT 'pending' NOT NULL,
  	"selections" jsonb,
  	"markers" jsonb,
  	"reflection_text" varchar,
  	"recording_id" integer,
  	"philosopher_response" varchar,
  	"best_score" numeric DEFAULT 0 NOT NULL,
  	"completed_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "amphitheatre_sessions_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "amphitheatre_records_id" integer;
  ALTER TABLE "amphitheatre_sessions" ADD CONSTRAINT "amphitheatre_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "amphitheatre_records" ADD CONSTRAINT "amphitheatre_records_session_id_amphitheatre_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."amphitheatre_sessions"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "amphitheatre_records" ADD CONSTRAINT "amphitheatre_records_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "amphitheatre_records" ADD CONSTRAINT "amphitheatre_records_exercise_id_amphitheatre_exercises_id_fk" FOREIGN KEY ("exercise_id") REFERENCES "public"."amphitheatre_exercises"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "amphitheatre_records" ADD CONSTRAINT "amphitheatre_records_recording_id_recordings_id_fk" FOREIGN KEY ("recording_id") REFERENCES "public"."recordings"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "amphitheatre_sessions_user_idx" ON "amphitheatre_sessions" USING btree ("user_id");
  CREATE INDEX "amphitheatre_sessions_updated_at_idx" ON "amphitheatre_sessions" USING btree ("updated_at");
  CREATE INDEX "amphitheatre_sessions_created_at_idx" ON "amphitheatre_sessions" USING btree ("created_at");
  CREATE INDEX "user_createdAt_1_idx" ON "amphitheatre_sessions" USING btree ("user_id","created_at");
  CREATE UNIQUE INDEX "amphitheatre_sessions_one_active" ON "amphitheatre_sessions" USING btree ("user_id") WHERE "amphitheatre_sessions"."status" = 'active';
  CREATE INDEX "amphitheatre_records_session_idx" ON "amphitheatre_records" USING btree ("session_id");
  CREATE INDEX "amphitheatre_records_user_idx" ON "amphitheatre_records" USING btree ("user_id");
  CREATE INDEX "amphitheatre_records_exercise_idx" ON "amphitheatre_records" USING btree ("exercise_id");
  CREATE INDEX "amphitheatre_records_recording_idx" ON "amphitheatre_records" USING btree ("recording_id");
  CREATE INDEX "amphitheatre_records_updated_at_idx" ON "amphitheatre_records" USING btree ("updated_at");
  CREATE INDEX "amphitheatre_records_created_at_idx" ON "amphitheatre_records" USING btree ("created_at");
  CREATE UNIQUE INDEX "session_exercise_idx" ON "amphitheatre_records" USING btree ("session_id","exercise_id");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_amphitheatre_sessions_fk" FOREIGN KEY ("amphitheatre_sessions_id") REFERENCES "public"."amphitheatre_sessions"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_amphitheatre_records_fk" FOREIGN KEY ("amphitheatre_records_id") REFERENCES "public"."amphitheatre_records"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_amphitheatre_sessions_id_idx" ON "payload_locked_documents_rels" USING btree ("amphitheatre_sessions_id");
  CREATE INDEX "payload_locked_documents_rels_amphitheatre_records_id_idx" ON "payload_locked_documents_rels" USING btree ("amphitheatre_records_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "amphitheatre_sessions" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "amphitheatre_records" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "amphitheatre_sessions" CASCADE;
  DROP TABLE "amphitheatre_records" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_amphitheatre_sessions_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_amphitheatre_records_fk";
  
  DROP INDEX "payload_locked_documents_rels_amphitheatre_sessions_id_idx";
  DROP INDEX "payload_locked_documents_rels_amphitheatre_records_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "amphitheatre_sessions_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "amphitheatre_records_id";
  DROP TYPE "public"."enum_amphitheatre_sessions_tier";
  DROP TYPE "public"."enum_amphitheatre_sessions_status";
  DROP TYPE "public"."enum_amphitheatre_records_state";`)
}
