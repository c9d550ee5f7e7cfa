import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_lesson_sessions_state" AS ENUM('asking', 'waiting', 'completed');
  CREATE TYPE "public"."enum_milestone_attempts_status" AS ENUM('pending', 'scored', 'failed');
  CREATE TYPE "public"."enum_analytics_events_type" AS ENUM('user_signup', 'user_login', 'onboarding_complete', 'home_view', 'district_view', 'lesson_start', 'module_learn_view', 'lesson_guided_view', 'lesson_guided_start', 'lesson_guided_session_created', 'lesson_guided_step_submitted', 'lesson_guided_complete', 'lesson_complete', 'module_completed', 'module_unlocked_next', 'venue_unlocked', 'district_full_access_granted', 'ai_lesson_request', 'coach_question', 'ai_chat_view', 'ai_chat_message', 'landing_chat_message', 'milestone_start', 'milestone_complete', 'venue_entered', 'venue_completed', 'venue_session_webhook_success', 'venue_session_feedback_error', 'exercise_complete', 'amphitheatre_session_started', 'amphitheatre_exercise_submitted', 'amphitheatre_session_completed', 'amphitheatre_transcription_saved');
  CREATE TYPE "public"."enum_analytics_events_source" AS ENUM('server', 'client');
  CREATE TABLE "user_progress" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"user_id" integer NOT NULL,
  	"module_id" integer NOT NULL,
  	"started" boolean DEFAULT false NOT NULL,
  	"started_at" timestamp(3) with time zone,
  	"completed" boolean DEFAULT false NOT NULL,
  	"completed_at" timestamp(3) with time zone,
  	"last_activity_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "lesson_sessions" (
  	"id" varchar PRIMARY KEY NOT NULL,
  	"user_id" integer NOT NULL,
  	"module_id" integer NOT NULL,
  	"flow_id" integer NOT NULL,
  	"flow_version" varchar NOT NULL,
  	"steps" jsonb NOT NULL,
  	"state" "enum_lesson_sessions_state" DEFAULT 'asking' NOT NULL,
  	"current_step_id" varchar,
  	"current_index" numeric DEFAULT 0 NOT NULL,
  	"total_steps" numeric NOT NULL,
  	"answers" jsonb,
  	"current_prompt" jsonb,
  	"completed_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "lesson_step_responses" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"session_id" varchar NOT NULL,
  	"user_id" integer NOT NULL,
  	"step_id" varchar NOT NULL,
  	"field_name" varchar NOT NULL,
  	"value" jsonb,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "venue_unlocks" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"user_id" integer NOT NULL,
  	"venue_id" integer NOT NULL,
  	"module_id" integer,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "district_access" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"user_id" integer NOT NULL,
  	"district_id" integer NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "milestone_attempts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"user_id" integer NOT NULL,
  	"level_id" integer NOT NULL,
  	"status" "enum_milestone_attempts_status" DEFAULT 'pending' NOT NULL,
  	"recording_id" integer,
  	"transcript" varchar,
  	"rubric_clarity" numeric,
  	"rubric_structure" numeric,
  	"rubric_presence" numeric,
  	"rubric_influence" numeric,
  	"score" numeric,
  	"passed" boolean DEFAULT false NOT NULL,
  	"feedback" varchar,
  	"local_day" varchar,
  	"scored_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "analytics_events" (
  	"id" varchar PRIMARY KEY NOT NULL,
  	"type" "enum_analytics_events_type" NOT NULL,
  	"user_id" integer,
  	"occurred_at" timestamp(3) with time zone NOT NULL,
  	"data" jsonb,
  	"source" "enum_analytics_events_source" DEFAULT 'server' NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "rate_limit_counters" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"key" varchar NOT NULL,
  	"window_start" timestamp(3) with time zone NOT NULL,
  	"count" numeric DEFAULT 0 NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "user_progress_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "lesson_sessions_id" varchar;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "lesson_step_responses_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "venue_unlocks_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "district_access_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "milestone_attempts_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "analytics_events_id" varchar;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "rate_limit_counters_id" integer;
  ALTER TABLE "user_progress" ADD CONSTRAINT "user_progress_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "user_progress" ADD CONSTRAINT "user_progress_module_id_modules_id_fk" FOREIGN KEY ("module_id") REFERENCES "public"."modules"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "lesson_sessions" ADD CONSTRAINT "lesson_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "lesson_sessions" ADD CONSTRAINT "lesson_sessions_module_id_modules_id_fk" FOREIGN KEY ("module_id") REFERENCES "public"."modules"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "lesson_sessions" ADD CONSTRAINT "lesson_sessions_flow_id_guided_flows_id_fk" FOREIGN KEY ("flow_id") REFERENCES "public"."guided_flows"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "lesson_step_responses" ADD CONSTRAINT "lesson_step_responses_session_id_lesson_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."lesson_sessions"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "lesson_step_responses" ADD CONSTRAINT "lesson_step_responses_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "venue_unlocks" ADD CONSTRAINT "venue_unlocks_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "venue_unlocks" ADD CONSTRAINT "venue_unlocks_venue_id_venues_id_fk" FOREIGN KEY ("venue_id") REFERENCES "public"."venues"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "venue_unlocks" ADD CONSTRAINT "venue_unlocks_module_id_modules_id_fk" FOREIGN KEY ("module_id") REFERENCES "public"."modules"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "district_access" ADD CONSTRAINT "district_access_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "district_access" ADD CONSTRAINT "district_access_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "milestone_attempts" ADD CONSTRAINT "milestone_attempts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "milestone_attempts" ADD CONSTRAINT "milestone_attempts_level_id_levels_id_fk" FOREIGN KEY ("level_id") REFERENCES "public"."levels"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "milestone_attempts" ADD CONSTRAINT "milestone_attempts_recording_id_recordings_id_fk" FOREIGN KEY ("recording_id") REFERENCES "public"."recordings"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "analytics_events" ADD CONSTRAINT "analytics_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "user_progress_user_idx" ON "user_progress" USING btree ("user_id");
  CREATE INDEX "user_progress_module_idx" ON "user_progress" USING btree ("module_id");
  CREATE INDEX "user_progress_updated_at_idx" ON "user_progress" USING btree ("updated_at");
  CREATE INDEX "user_progress_created_at_idx" ON "user_progress" USING btree ("created_at");
  CREATE UNIQUE INDEX "user_module_idx" ON "user_progress" USING btree ("user_id","module_id");
  CREATE INDEX "lesson_sessions_user_idx" ON "lesson_sessions" USING btree ("user_id");
  CREATE INDEX "lesson_sessions_module_idx" ON "lesson_sessions" USING btree ("module_id");
  CREATE INDEX "lesson_sessions_flow_idx" ON "lesson_sessions" USING btree ("flow_id");
  CREATE INDEX "lesson_sessions_updated_at_idx" ON "lesson_sessions" USING btree ("updated_at");
  CREATE INDEX "lesson_sessions_created_at_idx" ON "lesson_sessions" USING btree ("created_at");
  CREATE INDEX "user_module_1_idx" ON "lesson_sessions" USING btree ("user_id","module_id");
  CREATE INDEX "lesson_step_responses_session_idx" ON "lesson_step_responses" USING btree ("session_id");
  CREATE INDEX "lesson_step_responses_user_idx" ON "lesson_step_responses" USING btree ("user_id");
  CREATE INDEX "lesson_step_responses_updated_at_idx" ON "lesson_step_responses" USING btree ("updated_at");
  CREATE INDEX "lesson_step_responses_created_at_idx" ON "lesson_step_responses" USING btree ("created_at");
  CREATE UNIQUE INDEX "session_stepId_idx" ON "lesson_step_responses" USING btree ("session_id","step_id");
  CREATE INDEX "venue_unlocks_user_idx" ON "venue_unlocks" USING btree ("user_id");
  CREATE INDEX "venue_unlocks_venue_idx" ON "venue_unlocks" USING btree ("venue_id");
  CREATE INDEX "venue_unlocks_module_idx" ON "venue_unlocks" USING btree ("module_id");
  CREATE INDEX "venue_unlocks_updated_at_idx" ON "venue_unlocks" USING btree ("updated_at");
  CREATE INDEX "venue_unlocks_created_at_idx" ON "venue_unlocks" USING btree ("created_at");
  CREATE UNIQUE INDEX "user_venue_idx" ON "venue_unlocks" USING btree ("user_id","venue_id");
  CREATE INDEX "district_access_user_idx" ON "district_access" USING btree ("user_id");
  CREATE INDEX "district_access_district_idx" ON "district_access" USING btree ("district_id");
  CREATE INDEX "district_access_updated_at_idx" ON "district_access" USING btree ("updated_at");
  CREATE INDEX "district_access_created_at_idx" ON "district_access" USING btree ("created_at");
  CREATE UNIQUE INDEX "user_district_idx" ON "district_access" USING btree ("user_id","district_id");
  CREATE INDEX "milestone_attempts_user_idx" ON "milestone_attempts" USING btree ("user_id");
  CREATE INDEX "milestone_attempts_level_idx" ON "milestone_attempts" USING btree ("level_id");
  CREATE INDEX "milestone_attempts_recording_idx" ON "milestone_attempts" USING btree ("recording_id");
  CREATE INDEX "milestone_attempts_updated_at_idx" ON "milestone_attempts" USING btree ("updated_at");
  CREATE INDEX "milestone_attempts_created_at_idx" ON "milestone_attempts" USING btree ("created_at");
  CREATE INDEX "user_level_idx" ON "milestone_attempts" USING btree ("user_id","level_id");
  CREATE INDEX "analytics_events_user_idx" ON "analytics_events" USING btree ("user_id");
  CREATE INDEX "analytics_events_updated_at_idx" ON "analytics_events" USING btree ("updated_at");
  CREATE INDEX "analytics_events_created_at_idx" ON "analytics_events" USING btree ("created_at");
  CREATE INDEX "type_occurredAt_idx" ON "analytics_events" USING btree ("type","occurred_at");
  CREATE INDEX "user_occurredAt_idx" ON "analytics_events" USING btree ("user_id","occurred_at");
  CREATE UNIQUE INDEX "rate_limit_counters_key_idx" ON "rate_limit_counters" USING btree ("key");
  CREATE INDEX "rate_limit_counters_updated_at_idx" ON "rate_limit_counters" USING btree ("updated_at");
  CREATE INDEX "rate_limit_counters_created_at_idx" ON "rate_limit_counters" USING btree ("created_at");
  CREATE INDEX "windowStart_idx" ON "rate_limit_counters" USING btree ("window_start");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_user_progress_fk" FOREIGN KEY ("user_progress_id") REFERENCES "public"."user_progress"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_lesson_sessions_fk" FOREIGN KEY ("lesson_sessions_id") REFERENCES "public"."lesson_sessions"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_lesson_step_responses_fk" FOREIGN KEY ("lesson_step_responses_id") REFERENCES "public"."lesson_step_responses"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_venue_unlocks_fk" FOREIGN KEY ("venue_unlocks_id") REFERENCES "public"."venue_unlocks"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_district_access_fk" FOREIGN KEY ("district_access_id") REFERENCES "public"."district_access"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_milestone_attempts_fk" FOREIGN KEY ("milestone_attempts_id") REFERENCES "public"."milestone_attempts"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_analytics_events_fk" FOREIGN KEY ("analytics_events_id") REFERENCES "public"."analytics_events"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_rate_limit_counters_fk" FOREIGN KEY ("rate_limit_counters_id") REFERENCES "public"."rate_limit_counters"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_user_progress_id_idx" ON "payload_locked_documents_rels" USING btree ("user_progress_id");
  CREATE INDEX "payload_locked_documents_rels_lesson_sessions_id_idx" ON "payload_locked_documents_rels" USING btree ("lesson_sessions_id");
  CREATE INDEX "payload_locked_documents_rels_lesson_step_responses_id_idx" ON "payload_locked_documents_rels" USING btree ("lesson_step_responses_id");
  CREATE INDEX "payload_locked_documents_rels_venue_unlocks_id_idx" ON "payload_locked_documents_rels" USING btree ("venue_unlocks_id");
  CREATE INDEX "payload_locked_documents_rels_district_access_id_idx" ON "payload_locked_documents_rels" USING btree ("district_access_id");
  CREATE INDEX "payload_locked_documents_rels_milestone_attempts_id_idx" ON "payload_locked_documents_rels" USING btree ("milestone_attempts_id");
  CREATE INDEX "payload_locked_documents_rels_analytics_events_id_idx" ON "payload_locked_documents_rels" USING btree ("analytics_events_id");
  CREATE INDEX "payload_locked_documents_rels_rate_limit_counters_id_idx" ON "payload_locked_documents_rels" USING btree ("rate_limit_counters_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "user_progress" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "lesson_sessions" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "lesson_step_responses" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "venue_unlocks" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "district_access" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "milestone_attempts" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "analytics_events" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "rate_limit_counters" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "user_progress" CASCADE;
  DROP TABLE "lesson_sessions" CASCADE;
  DROP TABLE "lesson_step_responses" CASCADE;
  DROP TABLE "venue_unlocks" CASCADE;
  DROP TABLE "district_access" CASCADE;
  DROP TABLE "milestone_attempts" CASCADE;
  DROP TABLE "analytics_events" CASCADE;
  DROP TABLE "rate_limit_counters" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_user_progress_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_lesson_sessions_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_lesson_step_responses_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_venue_unlocks_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_district_access_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_milestone_attempts_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_analytics_events_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_rate_limit_counters_fk";
  
  DROP INDEX "payload_locked_documents_rels_user_progress_id_idx";
  DROP INDEX "payload_locked_documents_rels_lesson_sessions_id_idx";
  DROP INDEX "payload_locked_documents_rels_lesson_step_responses_id_idx";
  DROP INDEX "payload_locked_documents_rels_venue_unlocks_id_idx";
  DROP INDEX "payload_locked_documents_rels_district_access_id_idx";
  DROP INDEX "payload_locked_documents_rels_milestone_attempts_id_idx";
  DROP INDEX "payload_locked_documents_rels_analytics_events_id_idx";
  DROP INDEX "payload_locked_documents_rels_rate_limit_counters_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "user_progress_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "lesson_sessions_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "lesson_step_responses_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "venue_unlocks_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "district_access_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "milestone_attempts_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "analytics_events_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "rate_limit_counters_id";
  DROP TYPE "public"."enum_lesson_sessions_state";
  DROP TYPE "public"."enum_milestone_attempts_status";
  DROP TYPE "public"."enum_analytics_events_type";
  DROP TYPE "public"."enum_analytics_events_source";`)
}
