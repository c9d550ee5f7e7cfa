import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_levels_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum__levels_v_version_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum_modules_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum__modules_v_version_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum_knowledge_blocks_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum__knowledge_blocks_v_version_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum_lessons_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum__lessons_v_version_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum_guided_flows_steps_input_type" AS ENUM('text', 'textarea', 'select', 'rating', 'confirm', 'continue', 'complete');
  CREATE TYPE "public"."enum_guided_flows_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum__guided_flows_v_version_steps_input_type" AS ENUM('text', 'textarea', 'select', 'rating', 'confirm', 'continue', 'complete');
  CREATE TYPE "public"."enum__guided_flows_v_version_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum_districts_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum__districts_v_version_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum_venues_kind" AS ENUM('standard', 'amphitheatre');
  CREATE TYPE "public"."enum_venues_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum__venues_v_version_kind" AS ENUM('standard', 'amphitheatre');
  CREATE TYPE "public"."enum__venues_v_version_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum_venue_task_sheets_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum__venue_task_sheets_v_version_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum_amph_notes_metrics" AS ENUM('duration', 'pause_count', 'energy_level');
  CREATE TYPE "public"."enum_amph_reflection_mode" AS ENUM('text_or_voice', 'text_optional', 'text');
  CREATE TYPE "public"."enum_amph_compression_phases_mode" AS ENUM('record', 'sentence', 'words');
  CREATE TYPE "public"."enum_amphitheatre_exercises_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum__amph_notes_v_metrics" AS ENUM('duration', 'pause_count', 'energy_level');
  CREATE TYPE "public"."enum__amph_reflection_v_mode" AS ENUM('text_or_voice', 'text_optional', 'text');
  CREATE TYPE "public"."enum__amph_compression_v_phases_mode" AS ENUM('record', 'sentence', 'words');
  CREATE TYPE "public"."enum__amphitheatre_exercises_v_version_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum_amphitheatre_prompts_tier" AS ENUM('alpha', 'beta', 'gamma');
  CREATE TYPE "public"."enum_amphitheatre_prompts_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum__amphitheatre_prompts_v_version_tier" AS ENUM('alpha', 'beta', 'gamma');
  CREATE TYPE "public"."enum__amphitheatre_prompts_v_version_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum_quest_definitions_activity" AS ENUM('lesson_step', 'module_complete', 'exercise', 'venue_practice', 'venue_complete', 'amphitheatre_submission', 'milestone_attempt', 'review', 'coach_message');
  CREATE TYPE "public"."enum_quest_definitions_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum__quest_definitions_v_version_activity" AS ENUM('lesson_step', 'module_complete', 'exercise', 'venue_practice', 'venue_complete', 'amphitheatre_submission', 'milestone_attempt', 'review', 'coach_message');
  CREATE TYPE "public"."enum__quest_definitions_v_version_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum_users_role" AS ENUM('admin', 'author', 'learner');
  CREATE TYPE "public"."enum_users_profile_job_role" AS ENUM('executive', 'manager', 'entrepreneur', 'professional', 'student', 'other');
  CREATE TYPE "public"."enum_users_profile_typical_audience" AS ENUM('board_members', 'team_members', 'clients', 'stakeholders', 'general_public', 'mixed');
  CREATE TYPE "public"."enum_users_profile_main_goal" AS ENUM('build_confidence', 'improve_clarity', 'handle_pressure', 'engage_audience', 'persuade_influence', 'all');
  CREATE TYPE "public"."enum_users_profile_comfort_under_pressure" AS ENUM('thrive', 'manage_well', 'get_nervous', 'struggle');
  CREATE TYPE "public"."enum_users_profile_time_pressure_profile" AS ENUM('plenty_of_time', 'deadline', 'last_minute');
  CREATE TYPE "public"."enum_users_profile_preferred_practice_time" AS ENUM('morning', 'afternoon', 'evening', 'flexible');
  CREATE TYPE "public"."enum_users_profile_ab_variant" AS ENUM('A', 'B');
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'contentHealth');
  CREATE TYPE "public"."enum_payload_jobs_log_state" AS ENUM('failed', 'succeeded');
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'contentHealth');
  CREATE TABLE "levels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"number" numeric,
  	"name" varchar,
  	"description" varchar,
  	"milestone_threshold" numeric DEFAULT 70,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"_status" "enum_levels_status" DEFAULT 'draft'
  );
  
  CREATE TABLE "_levels_v" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"parent_id" integer,
  	"version_number" numeric,
  	"version_name" varchar,
  	"version_description" varchar,
  	"version_milestone_threshold" numeric DEFAULT 70,
  	"version_updated_at" timestamp(3) with time zone,
  	"version_created_at" timestamp(3) with time zone,
  	"version__status" "enum__levels_v_version_status" DEFAULT 'draft',
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"latest" boolean
  );
  
  CREATE TABLE "modules" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"level_id" integer,
  	"code" varchar,
  	"name" varchar,
  	"order" numeric DEFAULT 1,
  	"description" varchar,
  	"video_url" varchar,
  	"video_media_id" integer,
  	"transcript" varchar,
  	"duration_seconds" numeric DEFAULT 0,
  	"xp_reward" numeric DEFAULT 50,
  	"unlocks_venue_id" integer,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"_status" "enum_modules_status" DEFAULT 'draft'
  );
  
  CREATE TABLE "_modules_v" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"parent_id" integer,
  	"version_level_id" integer,
  	"version_code" varchar,
  	"version_name" varchar,
  	"version_order" numeric DEFAULT 1,
  	"version_description" varchar,
  	"version_video_url" varchar,
  	"version_video_media_id" integer,
  	"version_transcript" varchar,
  	"version_duration_seconds" numeric DEFAULT 0,
  	"version_xp_reward" numeric DEFAULT 50,
  	"version_unlocks_venue_id" integer,
  	"version_updated_at" timestamp(3) with time zone,
  	"version_created_at" timestamp(3) with time zone,
  	"version__status" "enum__modules_v_version_status" DEFAULT 'draft',
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"latest" boolean
  );
  
  CREATE TABLE "knowledge_blocks_citations" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"text" varchar,
  	"url" varchar
  );
  
  CREATE TABLE "kb_single_options" (
  	"_order" integer NOT NULL,
  	"_parent_id" varchar NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"value" varchar,
  	"label" varchar
  );
  
  CREATE TABLE "kb_single" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"prompt" varchar,
  	"answer_key_correct" varchar,
  	"block_name" varchar
  );
  
  CREATE TABLE "kb_multi_options" (
  	"_order" integer NOT NULL,
  	"_parent_id" varchar NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"value" varchar,
  	"label" varchar
  );
  
  CREATE TABLE "kb_multi" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"prompt" varchar,
  	"block_name" varchar
  );
  
  CREATE TABLE "kb_classify_categories" (
  	"_order" integer NOT NULL,
  	"_parent_id" varchar NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"value" varchar,
  	"label" varchar
  );
  
  CREATE TABLE "kb_classify_items" (
  	"_order" integer NOT NULL,
  	"_parent_id" varchar NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"value" varchar,
  	"label" varchar
  );
  
  CREATE TABLE "kb_classify_answer_key_assignments" (
  	"_order" integer NOT NULL,
  	"_parent_id" varchar NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"item" varchar,
  	"category" varchar
  );
  
  CREATE TABLE "kb_classify" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"prompt" varchar,
  	"block_name" varchar
  );
  
  CREATE TABLE "kb_ordering_items" (
  	"_order" integer NOT NULL,
  	"_parent_id" varchar NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"value" varchar,
  	"label" varchar
  );
  
  CREATE TABLE "kb_ordering" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"prompt" varchar,
  	"block_name" varchar
  );
  
  CREATE TABLE "kb_free" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"prompt" varchar,
  	"min_length" numeric DEFAULT 0,
  	"guidance" varchar,
  	"block_name" varchar
  );
  
  CREATE TABLE "knowledge_blocks" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"module_id" integer,
  	"title" varchar,
  	"order" numeric DEFAULT 1,
  	"summary" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"_status" "enum_knowledge_blocks_status" DEFAULT 'draft'
  );
  
  CREATE TABLE "knowledge_blocks_texts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"text" varchar
  );
  
  CREATE TABLE "_knowledge_blocks_v_version_citations" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"text" varchar,
  	"url" varchar,
  	"_uuid" varchar
  );
  
  CREATE TABLE "_kb_single_v_options" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"value" varchar,
  	"label" varchar,
  	"_uuid" varchar
  );
  
  CREATE TABLE "_kb_single_v" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"prompt" varchar,
  	"answer_key_correct" varchar,
  	"_uuid" varchar,
  	"block_name" varchar
  );
  
  CREATE TABLE "_kb_multi_v_options" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"value" varchar,
  	"label" varchar,
  	"_uuid" varchar
  );
  
  CREATE TABLE "_kb_multi_v" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"prompt" varchar,
  	"_uuid" varchar,
  	"block_name" varchar
  );
  
  CREATE TABLE "_kb_classify_v_categories" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"value" varchar,
  	"label" varchar,
  	"_uuid" varchar
  );
  
  CREATE TABLE "_kb_classify_v_items" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"value" varchar,
  	"label" varchar,
  	"_uuid" varchar
  );
  
  CREATE TABLE "_kb_classify_v_answer_key_assignments" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"item" varchar,
  	"category" varchar,
  	"_uuid" varchar
  );
  
  CREATE TABLE "_kb_classify_v" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"prompt" varchar,
  	"_uuid" varchar,
  	"block_name" varchar
  );
  
  CREATE TABLE "_kb_ordering_v_items" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"value" varchar,
  	"label" varchar,
  	"_uuid" varchar
  );
  
  CREATE TABLE "_kb_ordering_v" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"prompt" varchar,
  	"_uuid" varchar,
  	"block_name" varchar
  );
  
  CREATE TABLE "_kb_free_v" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"prompt" varchar,
  	"min_length" numeric DEFAULT 0,
  	"guidance" varchar,
  	"_uuid" varchar,
  	"block_name" varchar
  );
  
  CREATE TABLE "_knowledge_blocks_v" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"parent_id" integer,
  	"version_module_id" integer,
  	"version_title" varchar,
  	"version_order" numeric DEFAULT 1,
  	"version_summary" varchar,
  	"version_updated_at" timestamp(3) with time zone,
  	"version_created_at" timestamp(3) with time zone,
  	"version__status" "enum__knowledge_blocks_v_version_status" DEFAULT 'draft',
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"latest" boolean
  );
  
  CREATE TABLE "_knowledge_blocks_v_texts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"text" varchar
  );
  
  CREATE TABLE "lessons" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"module_id" integer,
  	"name" varchar,
  	"order" numeric DEFAULT 1,
  	"xp_reward" numeric DEFAULT 10,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"_status" "enum_lessons_status" DEFAULT 'draft'
  );
  
  CREATE TABLE "_lessons_v" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"parent_id" integer,
  	"version_module_id" integer,
  	"version_name" varchar,
  	"version_order" numeric DEFAULT 1,
  	"version_xp_reward" numeric DEFAULT 10,
  	"version_updated_at" timestamp(3) with time zone,
  	"version_created_at" timestamp(3) with time zone,
  	"version__status" "enum__lessons_v_version_status" DEFAULT 'draft',
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"latest" boolean
  );
  
  CREATE TABLE "guided_flows_steps_options" (
  	"_order" integer NOT NULL,
  	"_parent_id" varchar NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"value" varchar,
  	"label" varchar
  );
  
  CREATE TABLE "guided_flows_steps" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"step_id" varchar,
  	"field_name" varchar,
  	"input_type" "enum_guided_flows_steps_input_type" DEFAULT 'textarea',
  	"prompt_title" varchar,
  	"prompt_body" varchar,
  	"validation_required" boolean DEFAULT true,
  	"validation_min_length" numeric,
  	"validation_min_value" numeric,
  	"validation_max_value" numeric,
  	"helper_title" varchar,
  	"icon" varchar
  );
  
  CREATE TABLE "guided_flows" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"module_id" integer,
  	"title" varchar,
  	"version" varchar DEFAULT '1.0.0',
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"_status" "enum_guided_flows_status" DEFAULT 'draft'
  );
  
  CREATE TABLE "guided_flows_texts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"text" varchar
  );
  
  CREATE TABLE "_guided_flows_v_version_steps_options" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"value" varchar,
  	"label" varchar,
  	"_uuid" varchar
  );
  
  CREATE TABLE "_guided_flows_v_version_steps" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"step_id" varchar,
  	"field_name" varchar,
  	"input_type" "enum__guided_flows_v_version_steps_input_type" DEFAULT 'textarea',
  	"prompt_title" varchar,
  	"prompt_body" varchar,
  	"validation_required" boolean DEFAULT true,
  	"validation_min_length" numeric,
  	"validation_min_value" numeric,
  	"validation_max_value" numeric,
  	"helper_title" varchar,
  	"icon" varchar,
  	"_uuid" varchar
  );
  
  CREATE TABLE "_guided_flows_v" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"parent_id" integer,
  	"version_module_id" integer,
  	"version_title" varchar,
  	"version_version" varchar DEFAULT '1.0.0',
  	"version_updated_at" timestamp(3) with time zone,
  	"version_created_at" timestamp(3) with time zone,
  	"version__status" "enum__guided_flows_v_version_status" DEFAULT 'draft',
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"latest" boolean
  );
  
  CREATE TABLE "_guided_flows_v_texts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"text" varchar
  );
  
  CREATE TABLE "districts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"number" numeric,
  	"name" varchar,
  	"description" varchar,
  	"unlock_requirement" varchar,
  	"overview_video_url" varchar,
  	"overview_video_media_id" integer,
  	"overview_transcript" varchar,
  	"overview_duration_seconds" numeric DEFAULT 0,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"_status" "enum_districts_status" DEFAULT 'draft'
  );
  
  CREATE TABLE "_districts_v" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"parent_id" integer,
  	"version_number" numeric,
  	"version_name" varchar,
  	"version_description" varchar,
  	"version_unlock_requirement" varchar,
  	"version_overview_video_url" varchar,
  	"version_overview_video_media_id" integer,
  	"version_overview_transcript" varchar,
  	"version_overview_duration_seconds" numeric DEFAULT 0,
  	"version_updated_at" timestamp(3) with time zone,
  	"version_created_at" timestamp(3) with time zone,
  	"version__status" "enum__districts_v_version_status" DEFAULT 'draft',
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"latest" boolean
  );
  
  CREATE TABLE "venues" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"district_id" integer,
  	"name" varchar,
  	"slug" varchar,
  	"order" numeric DEFAULT 1,
  	"kind" "enum_venues_kind" DEFAULT 'standard',
  	"description" varchar,
  	"ticket_cost" numeric DEFAULT 1,
  	"xp_reward" numeric DEFAULT 20,
  	"coin_reward" numeric DEFAULT 10,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"_status" "enum_venues_status" DEFAULT 'draft'
  );
  
  CREATE TABLE "_venues_v" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"parent_id" integer,
  	"version_district_id" integer,
  	"version_name" varchar,
  	"version_slug" varchar,
  	"version_order" numeric DEFAULT 1,
  	"version_kind" "enum__venues_v_version_kind" DEFAULT 'standard',
  	"version_description" varchar,
  	"version_ticket_cost" numeric DEFAULT 1,
  	"version_xp_reward" numeric DEFAULT 20,
  	"version_coin_reward" numeric DEFAULT 10,
  	"version_updated_at" timestamp(3) with time zone,
  	"version_created_at" timestamp(3) with time zone,
  	"version__status" "enum__venues_v_version_status" DEFAULT 'draft',
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"latest" boolean
  );
  
  CREATE TABLE "task_timed" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"title" varchar,
  	"instructions" varchar,
  	"duration_seconds" numeric,
  	"block_name" varchar
  );
  
  CREATE TABLE "task_written" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"title" varchar,
  	"prompt" varchar,
  	"min_length" numeric DEFAULT 0,
  	"block_name" varchar
  );
  
  CREATE TABLE "task_rounds" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"title" varchar,
  	"instructions" varchar,
  	"rounds" numeric,
  	"block_name" varchar
  );
  
  CREATE TABLE "venue_task_sheets" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"venue_id" integer,
  	"title" varchar,
  	"order" numeric DEFAULT 1,
  	"description" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"_status" "enum_venue_task_sheets_status" DEFAULT 'draft'
  );
  
  CREATE TABLE "_task_timed_v" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"title" varchar,
  	"instructions" varchar,
  	"duration_seconds" numeric,
  	"_uuid" varchar,
  	"block_name" varchar
  );
  
  CREATE TABLE "_task_written_v" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"title" varchar,
  	"prompt" varchar,
  	"min_length" numeric DEFAULT 0,
  	"_uuid" varchar,
  	"block_name" varchar
  );
  
  CREATE TABLE "_task_rounds_v" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"title" varchar,
  	"instructions" varchar,
  	"rounds" numeric,
  	"_uuid" varchar,
  	"block_name" varchar
  );
  
  CREATE TABLE "_venue_task_sheets_v" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"parent_id" integer,
  	"version_venue_id" integer,
  	"version_title" varchar,
  	"version_order" numeric DEFAULT 1,
  	"version_description" varchar,
  	"version_updated_at" timestamp(3) with time zone,
  	"version_created_at" timestamp(3) with time zone,
  	"version__status" "enum__venue_task_sheets_v_version_status" DEFAULT 'draft',
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"latest" boolean
  );
  
  CREATE TABLE "amph_tags_options" (
  	"_order" integer NOT NULL,
  	"_parent_id" varchar NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"value" varchar,
  	"label" varchar,
  	"hint" varchar
  );
  
  CREATE TABLE "amph_tags" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"label" varchar,
  	"max_select" numeric DEFAULT 3,
  	"block_name" varchar
  );
  
  CREATE TABLE "amph_levers_options" (
  	"_order" integer NOT NULL,
  	"_parent_id" varchar NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"value" varchar,
  	"label" varchar,
  	"micro_priming" varchar
  );
  
  CREATE TABLE "amph_levers" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"label" varchar,
  	"block_name" varchar
  );
  
  CREATE TABLE "amph_recorder" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"label" varchar,
  	"seconds" numeric DEFAULT 30,
  	"retake_limit" numeric DEFAULT 1,
  	"block_name" varchar
  );
  
  CREATE TABLE "amph_notes_metrics" (
  	"order" integer NOT NULL,
  	"parent_id" varchar NOT NULL,
  	"value" "enum_amph_notes_metrics",
  	"id" serial PRIMARY KEY NOT NULL
  );
  
  CREATE TABLE "amph_notes" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"block_name" varchar
  );
  
  CREATE TABLE "amph_card" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"label" varchar,
  	"block_name" varchar
  );
  
  CREATE TABLE "amph_reflection" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"label" varchar,
  	"mode" "enum_amph_reflection_mode" DEFAULT 'text_or_voice',
  	"block_name" varchar
  );
  
  CREATE TABLE "amph_compression_phases" (
  	"_order" integer NOT NULL,
  	"_parent_id" varchar NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"key" varchar,
  	"mode" "enum_amph_compression_phases_mode",
  	"seconds" numeric,
  	"max_chars" numeric,
  	"label" varchar
  );
  
  CREATE TABLE "amph_compression" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"block_name" varchar
  );
  
  CREATE TABLE "amphitheatre_exercises" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"key" varchar,
  	"title" varchar,
  	"rotation_order" numeric,
  	"description" varchar,
  	"timed_delivery" boolean DEFAULT false,
  	"hint_title" varchar,
  	"hint_body" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"_status" "enum_amphitheatre_exercises_status" DEFAULT 'draft'
  );
  
  CREATE TABLE "_amph_tags_v_options" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"value" varchar,
  	"label" varchar,
  	"hint" varchar,
  	"_uuid" varchar
  );
  
  CREATE TABLE "_amph_tags_v" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"label" varchar,
  	"max_select" numeric DEFAULT 3,
  	"_uuid" varchar,
  	"block_name" varchar
  );
  
  CREATE TABLE "_amph_levers_v_options" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"value" varchar,
  	"label" varchar,
  	"micro_priming" varchar,
  	"_uuid" varchar
  );
  
  CREATE TABLE "_amph_levers_v" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"label" varchar,
  	"_uuid" varchar,
  	"block_name" varchar
  );
  
  CREATE TABLE "_amph_recorder_v" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"label" varchar,
  	"seconds" numeric DEFAULT 30,
  	"retake_limit" numeric DEFAULT 1,
  	"_uuid" varchar,
  	"block_name" varchar
  );
  
  CREATE TABLE "_amph_notes_v_metrics" (
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"value" "enum__amph_notes_v_metrics",
  	"id" serial PRIMARY KEY NOT NULL
  );
  
  CREATE TABLE "_amph_notes_v" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"_uuid" varchar,
  	"block_name" varchar
  );
  
  CREATE TABLE "_amph_card_v" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"label" varchar,
  	"_uuid" varchar,
  	"block_name" varchar
  );
  
  CREATE TABLE "_amph_reflection_v" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"label" varchar,
  	"mode" "enum__amph_reflection_v_mode" DEFAULT 'text_or_voice',
  	"_uuid" varchar,
  	"block_name" varchar
  );
  
  CREATE TABLE "_amph_compression_v_phases" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"key" varchar,
  	"mode" "enum__amph_compression_v_phases_mode",
  	"seconds" numeric,
  	"max_chars" numeric,
  	"label" varchar,
  	"_uuid" varchar
  );
  
  CREATE TABLE "_amph_compression_v" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"_path" text NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"_uuid" varchar,
  	"block_name" varchar
  );
  
  CREATE TABLE "_amphitheatre_exercises_v" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"parent_id" integer,
  	"version_key" varchar,
  	"version_title" varchar,
  	"version_rotation_order" numeric,
  	"version_description" varchar,
  	"version_timed_delivery" boolean DEFAULT false,
  	"version_hint_title" varchar,
  	"version_hint_body" varchar,
  	"version_updated_at" timestamp(3) with time zone,
  	"version_created_at" timestamp(3) with time zone,
  	"version__status" "enum__amphitheatre_exercises_v_version_status" DEFAULT 'draft',
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"latest" boolean
  );
  
  CREATE TABLE "amphitheatre_prompts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"exercise_id" integer,
  	"key" varchar,
  	"tier" "enum_amphitheatre_prompts_tier",
  	"headline" varchar,
  	"scenario" varchar,
  	"why_it_matters" varchar,
  	"rotating_prompt" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"_status" "enum_amphitheatre_prompts_status" DEFAULT 'draft'
  );
  
  CREATE TABLE "_amphitheatre_prompts_v" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"parent_id" integer,
  	"version_exercise_id" integer,
  	"version_key" varchar,
  	"version_tier" "enum__amphitheatre_prompts_v_version_tier",
  	"version_headline" varchar,
  	"version_scenario" varchar,
  	"version_why_it_matters" varchar,
  	"version_rotating_prompt" varchar,
  	"version_updated_at" timestamp(3) with time zone,
  	"version_created_at" timestamp(3) with time zone,
  	"version__status" "enum__amphitheatre_prompts_v_version_status" DEFAULT 'draft',
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"latest" boolean
  );
  
  CREATE TABLE "quest_definitions" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"key" varchar,
  	"title" varchar,
  	"description" varchar,
  	"activity" "enum_quest_definitions_activity",
  	"target" numeric DEFAULT 1,
  	"xp_reward" numeric DEFAULT 10,
  	"coin_reward" numeric DEFAULT 5,
  	"active" boolean DEFAULT true,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"_status" "enum_quest_definitions_status" DEFAULT 'draft'
  );
  
  CREATE TABLE "_quest_definitions_v" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"parent_id" integer,
  	"version_key" varchar,
  	"version_title" varchar,
  	"version_description" varchar,
  	"version_activity" "enum__quest_definitions_v_version_activity",
  	"version_target" numeric DEFAULT 1,
  	"version_xp_reward" numeric DEFAULT 10,
  	"version_coin_reward" numeric DEFAULT 5,
  	"version_active" boolean DEFAULT true,
  	"version_updated_at" timestamp(3) with time zone,
  	"version_created_at" timestamp(3) with time zone,
  	"version__status" "enum__quest_definitions_v_version_status" DEFAULT 'draft',
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"latest" boolean
  );
  
  CREATE TABLE "users_sessions" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"created_at" timestamp(3) with time zone,
  	"expires_at" timestamp(3) with time zone NOT NULL
  );
  
  CREATE TABLE "users" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"role" "enum_users_role" DEFAULT 'learner' NOT NULL,
  	"display_name" varchar,
  	"profile_job_role" "enum_users_profile_job_role",
  	"profile_typical_audience" "enum_users_profile_typical_audience",
  	"profile_main_goal" "enum_users_profile_main_goal",
  	"profile_comfort_under_pressure" "enum_users_profile_comfort_under_pressure",
  	"profile_time_pressure_profile" "enum_users_profile_time_pressure_profile",
  	"profile_preferred_practice_time" "enum_users_profile_preferred_practice_time",
  	"profile_daily_goal_minutes" numeric DEFAULT 15,
  	"profile_timezone" varchar DEFAULT 'UTC',
  	"profile_ab_variant" "enum_users_profile_ab_variant",
  	"profile_onboarding_completed" boolean DEFAULT false,
  	"xp" numeric DEFAULT 0 NOT NULL,
  	"coins" numeric DEFAULT 0 NOT NULL,
  	"tickets" numeric DEFAULT 0 NOT NULL,
  	"learner_level" numeric DEFAULT 1 NOT NULL,
  	"current_streak" numeric DEFAULT 0 NOT NULL,
  	"longest_streak" numeric DEFAULT 0 NOT NULL,
  	"streak_freezes" numeric DEFAULT 0 NOT NULL,
  	"last_active_day" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"email" varchar NOT NULL,
  	"username" varchar NOT NULL,
  	"reset_password_token" varchar,
  	"reset_password_expiration" timestamp(3) with time zone,
  	"salt" varchar,
  	"hash" varchar,
  	"reset_password_requested_at" timestamp(3) with time zone,
  	"login_attempts" numeric DEFAULT 0,
  	"lock_until" timestamp(3) with time zone
  );
  
  CREATE TABLE "recordings" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"owner_id" integer NOT NULL,
  	"duration_seconds" numeric,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"url" varchar,
  	"thumbnail_u_r_l" varchar,
  	"filename" varchar,
  	"mime_type" varchar,
  	"filesize" numeric,
  	"width" numeric,
  	"height" numeric,
  	"focal_x" numeric,
  	"focal_y" numeric
  );
  
  CREATE TABLE "media" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"alt" varchar NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"url" varchar,
  	"thumbnail_u_r_l" varchar,
  	"filename" varchar,
  	"mime_type" varchar,
  	"filesize" numeric,
  	"width" numeric,
  	"height" numeric,
  	"focal_x" numeric,
  	"focal_y" numeric,
  	"sizes_thumbnail_url" varchar,
  	"sizes_thumbnail_width" numeric,
  	"sizes_thumbnail_height" numeric,
  	"sizes_thumbnail_mime_type" varchar,
  	"sizes_thumbnail_filesize" numeric,
  	"sizes_thumbnail_filename" varchar,
  	"sizes_card_url" varchar,
  	"sizes_card_width" numeric,
  	"sizes_card_height" numeric,
  	"sizes_card_mime_type" varchar,
  	"sizes_card_filesize" numeric,
  	"sizes_card_filename" varchar,
  	"sizes_hero_url" varchar,
  	"sizes_hero_width" numeric,
  	"sizes_hero_height" numeric,
  	"sizes_hero_mime_type" varchar,
  	"sizes_hero_filesize" numeric,
  	"sizes_hero_filename" varchar
  );
  
  CREATE TABLE "payload_kv" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"key" varchar NOT NULL,
  	"data" jsonb NOT NULL
  );
  
  CREATE TABLE "payload_jobs_log" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"executed_at" timestamp(3) with time zone NOT NULL,
  	"completed_at" timestamp(3) with time zone NOT NULL,
  	"task_slug" "enum_payload_jobs_log_task_slug" NOT NULL,
  	"task_i_d" varchar NOT NULL,
  	"input" jsonb,
  	"output" jsonb,
  	"state" "enum_payload_jobs_log_state" NOT NULL,
  	"error" jsonb
  );
  
  CREATE TABLE "payload_jobs" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"input" jsonb,
  	"completed_at" timestamp(3) with time zone,
  	"total_tried" numeric DEFAULT 0,
  	"has_error" boolean DEFAULT false,
  	"error" jsonb,
  	"task_slug" "enum_payload_jobs_task_slug",
  	"queue" varchar DEFAULT 'default',
  	"wait_until" timestamp(3) with time zone,
  	"processing" boolean DEFAULT false,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "payload_locked_documents" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"global_slug" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "payload_locked_documents_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"levels_id" integer,
  	"modules_id" integer,
  	"knowledge_blocks_id" integer,
  	"lessons_id" integer,
  	"guided_flows_id" integer,
  	"districts_id" integer,
  	"venues_id" integer,
  	"venue_task_sheets_id" integer,
  	"amphitheatre_exercises_id" integer,
  	"amphitheatre_prompts_id" integer,
  	"quest_definitions_id" integer,
  	"users_id" integer,
  	"recordings_id" integer,
  	"media_id" integer
  );
  
  CREATE TABLE "payload_preferences" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"key" varchar,
  	"value" jsonb,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "payload_preferences_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"users_id" integer
  );
  
  CREATE TABLE "payload_migrations" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"name" varchar,
  	"batch" numeric,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "economy_learner_levels" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"level" numeric NOT NULL,
  	"min_xp" numeric NOT NULL
  );
  
  CREATE TABLE "economy" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"streak_multiplier_step" numeric DEFAULT 0.1 NOT NULL,
  	"streak_multiplier_cap" numeric DEFAULT 2 NOT NULL,
  	"tickets_per_module" numeric DEFAULT 1 NOT NULL,
  	"exercise_xp_correct" numeric DEFAULT 5 NOT NULL,
  	"exercise_xp_practice" numeric DEFAULT 2 NOT NULL,
  	"milestone_pass_xp" numeric DEFAULT 100 NOT NULL,
  	"milestone_pass_tickets" numeric DEFAULT 3 NOT NULL,
  	"milestone_fail_xp" numeric DEFAULT 25 NOT NULL,
  	"exercise_rewards_per_day" numeric DEFAULT 3 NOT NULL,
  	"milestone_attempts_per_day" numeric DEFAULT 3 NOT NULL,
  	"review_xp_per_day" numeric DEFAULT 50 NOT NULL,
  	"shop_ticket_price_coins" numeric DEFAULT 20 NOT NULL,
  	"shop_streak_freeze_price_coins" numeric DEFAULT 50 NOT NULL,
  	"shop_max_streak_freezes" numeric DEFAULT 2 NOT NULL,
  	"updated_at" timestamp(3) with time zone,
  	"created_at" timestamp(3) with time zone
  );
  
  CREATE TABLE "landing_method_steps" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"title" varchar NOT NULL,
  	"body" varchar,
  	"icon" varchar
  );
  
  CREATE TABLE "landing_pricing_plans" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"name" varchar NOT NULL,
  	"price" varchar NOT NULL,
  	"period" varchar,
  	"highlighted" boolean DEFAULT false,
  	"cta_label" varchar,
  	"cta_url" varchar
  );
  
  CREATE TABLE "landing_testimonials" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"quote" varchar NOT NULL,
  	"author" varchar NOT NULL,
  	"role" varchar
  );
  
  CREATE TABLE "landing_faq" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"question" varchar NOT NULL,
  	"answer" varchar NOT NULL
  );
  
  CREATE TABLE "landing" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"hero_headline" varchar NOT NULL,
  	"hero_subheadline" varchar,
  	"hero_image_id" integer,
  	"hero_primary_cta_label" varchar,
  	"hero_primary_cta_url" varchar,
  	"hero_secondary_cta_label" varchar,
  	"hero_secondary_cta_url" varchar,
  	"chat_persona" varchar,
  	"updated_at" timestamp(3) with time zone,
  	"created_at" timestamp(3) with time zone
  );
  
  CREATE TABLE "landing_texts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"text" varchar
  );
  
  ALTER TABLE "_levels_v" ADD CONSTRAINT "_levels_v_parent_id_levels_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."levels"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "modules" ADD CONSTRAINT "modules_level_id_levels_id_fk" FOREIGN KEY ("level_id") REFERENCES "public"."levels"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "modules" ADD CONSTRAINT "modules_video_media_id_media_id_fk" FOREIGN KEY ("video_media_id") REFERENCES "public"."media"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "modules" ADD CONSTRAINT "modules_unlocks_venue_id_venues_id_fk" FOREIGN KEY ("unlocks_venue_id") REFERENCES "public"."venues"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_modules_v" ADD CONSTRAINT "_modules_v_parent_id_modules_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."modules"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_modules_v" ADD CONSTRAINT "_modules_v_version_level_id_levels_id_fk" FOREIGN KEY ("version_level_id") REFERENCES "public"."levels"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_modules_v" ADD CONSTRAINT "_modules_v_version_video_media_id_media_id_fk" FOREIGN KEY ("version_video_media_id") REFERENCES "public"."media"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_modules_v" ADD CONSTRAINT "_modules_v_version_unlocks_venue_id_venues_id_fk" FOREIGN KEY ("version_unlocks_venue_id") REFERENCES "public"."venues"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "knowledge_blocks_citations" ADD CONSTRAINT "knowledge_blocks_citations_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."knowledge_blocks"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "kb_single_options" ADD CONSTRAINT "kb_single_options_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."kb_single"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "kb_single" ADD CONSTRAINT "kb_single_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."knowledge_blocks"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "kb_multi_options" ADD CONSTRAINT "kb_multi_options_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."kb_multi"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "kb_multi" ADD CONSTRAINT "kb_multi_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."knowledge_blocks"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "kb_classify_categories" ADD CONSTRAINT "kb_classify_categories_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."kb_classify"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "kb_classify_items" ADD CONSTRAINT "kb_classify_items_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."kb_classify"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "kb_classify_answer_key_assignments" ADD CONSTRAINT "kb_classify_answer_key_assignments_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."kb_classify"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "kb_classify" ADD CONSTRAINT "kb_classify_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."knowledge_blocks"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "kb_ordering_items" ADD CONSTRAINT "kb_ordering_items_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."kb_ordering"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "kb_ordering" ADD CONSTRAINT "kb_ordering_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."knowledge_blocks"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "kb_free" ADD CONSTRAINT "kb_free_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."knowledge_blocks"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "knowledge_blocks" ADD CONSTRAINT "knowledge_blocks_module_id_modules_id_fk" FOREIGN KEY ("module_id") REFERENCES "public"."modules"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "knowledge_blocks_texts" ADD CONSTRAINT "knowledge_blocks_texts_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."knowledge_blocks"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_knowledge_blocks_v_version_citations" ADD CONSTRAINT "_knowledge_blocks_v_version_citations_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_knowledge_blocks_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_kb_single_v_options" ADD CONSTRAINT "_kb_single_v_options_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_kb_single_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_kb_single_v" ADD CONSTRAINT "_kb_single_v_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_knowledge_blocks_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_kb_multi_v_options" ADD CONSTRAINT "_kb_multi_v_options_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_kb_multi_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_kb_multi_v" ADD CONSTRAINT "_kb_multi_v_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_knowledge_blocks_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_kb_classify_v_categories" ADD CONSTRAINT "_kb_classify_v_categories_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_kb_classify_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_kb_classify_v_items" ADD CONSTRAINT "_kb_classify_v_items_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_kb_classify_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_kb_classify_v_answer_key_assignments" ADD CONSTRAINT "_kb_classify_v_answer_key_assignments_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_kb_classify_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_kb_classify_v" ADD CONSTRAINT "_kb_classify_v_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_knowledge_blocks_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_kb_ordering_v_items" ADD CONSTRAINT "_kb_ordering_v_items_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_kb_ordering_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_kb_ordering_v" ADD CONSTRAINT "_kb_ordering_v_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_knowledge_blocks_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_kb_free_v" ADD CONSTRAINT "_kb_free_v_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_knowledge_blocks_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_knowledge_blocks_v" ADD CONSTRAINT "_knowledge_blocks_v_parent_id_knowledge_blocks_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."knowledge_blocks"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_knowledge_blocks_v" ADD CONSTRAINT "_knowledge_blocks_v_version_module_id_modules_id_fk" FOREIGN KEY ("version_module_id") REFERENCES "public"."modules"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_knowledge_blocks_v_texts" ADD CONSTRAINT "_knowledge_blocks_v_texts_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."_knowledge_blocks_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "lessons" ADD CONSTRAINT "lessons_module_id_modules_id_fk" FOREIGN KEY ("module_id") REFERENCES "public"."modules"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_lessons_v" ADD CONSTRAINT "_lessons_v_parent_id_lessons_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."lessons"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_lessons_v" ADD CONSTRAINT "_lessons_v_version_module_id_modules_id_fk" FOREIGN KEY ("version_module_id") REFERENCES "public"."modules"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "guided_flows_steps_options" ADD CONSTRAINT "guided_flows_steps_options_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."guided_flows_steps"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "guided_flows_steps" ADD CONSTRAINT "guided_flows_steps_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."guided_flows"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "guided_flows" ADD CONSTRAINT "guided_flows_module_id_modules_id_fk" FOREIGN KEY ("module_id") REFERENCES "public"."modules"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "guided_flows_texts" ADD CONSTRAINT "guided_flows_texts_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."guided_flows"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_guided_flows_v_version_steps_options" ADD CONSTRAINT "_guided_flows_v_version_steps_options_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_guided_flows_v_version_steps"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_guided_flows_v_version_steps" ADD CONSTRAINT "_guided_flows_v_version_steps_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_guided_flows_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_guided_flows_v" ADD CONSTRAINT "_guided_flows_v_parent_id_guided_flows_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."guided_flows"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_guided_flows_v" ADD CONSTRAINT "_guided_flows_v_version_module_id_modules_id_fk" FOREIGN KEY ("version_module_id") REFERENCES "public"."modules"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_guided_flows_v_texts" ADD CONSTRAINT "_guided_flows_v_texts_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."_guided_flows_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "districts" ADD CONSTRAINT "districts_overview_video_media_id_media_id_fk" FOREIGN KEY ("overview_video_media_id") REFERENCES "public"."media"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_districts_v" ADD CONSTRAINT "_districts_v_parent_id_districts_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."districts"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_districts_v" ADD CONSTRAINT "_districts_v_version_overview_video_media_id_media_id_fk" FOREIGN KEY ("version_overview_video_media_id") REFERENCES "public"."media"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "venues" ADD CONSTRAINT "venues_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_venues_v" ADD CONSTRAINT "_venues_v_parent_id_venues_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."venues"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_venues_v" ADD CONSTRAINT "_venues_v_version_district_id_districts_id_fk" FOREIGN KEY ("version_district_id") REFERENCES "public"."districts"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "task_timed" ADD CONSTRAINT "task_timed_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."venue_task_sheets"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "task_written" ADD CONSTRAINT "task_written_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."venue_task_sheets"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "task_rounds" ADD CONSTRAINT "task_rounds_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."venue_task_sheets"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "venue_task_sheets" ADD CONSTRAINT "venue_task_sheets_venue_id_venues_id_fk" FOREIGN KEY ("venue_id") REFERENCES "public"."venues"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_task_timed_v" ADD CONSTRAINT "_task_timed_v_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_venue_task_sheets_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_task_written_v" ADD CONSTRAINT "_task_written_v_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_venue_task_sheets_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_task_rounds_v" ADD CONSTRAINT "_task_rounds_v_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_venue_task_sheets_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_venue_task_sheets_v" ADD CONSTRAINT "_venue_task_sheets_v_parent_id_venue_task_sheets_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."venue_task_sheets"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_venue_task_sheets_v" ADD CONSTRAINT "_venue_task_sheets_v_version_venue_id_venues_id_fk" FOREIGN KEY ("version_venue_id") REFERENCES "public"."venues"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "amph_tags_options" ADD CONSTRAINT "amph_tags_options_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."amph_tags"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "amph_tags" ADD CONSTRAINT "amph_tags_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."amphitheatre_exercises"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "amph_levers_options" ADD CONSTRAINT "amph_levers_options_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."amph_levers"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "amph_levers" ADD CONSTRAINT "amph_levers_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."amphitheatre_exercises"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "amph_recorder" ADD CONSTRAINT "amph_recorder_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."amphitheatre_exercises"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "amph_notes_metrics" ADD CONSTRAINT "amph_notes_metrics_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."amph_notes"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "amph_notes" ADD CONSTRAINT "amph_notes_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."amphitheatre_exercises"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "amph_card" ADD CONSTRAINT "amph_card_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."amphitheatre_exercises"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "amph_reflection" ADD CONSTRAINT "amph_reflection_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."amphitheatre_exercises"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "amph_compression_phases" ADD CONSTRAINT "amph_compression_phases_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."amph_compression"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "amph_compression" ADD CONSTRAINT "amph_compression_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."amphitheatre_exercises"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_amph_tags_v_options" ADD CONSTRAINT "_amph_tags_v_options_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_amph_tags_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_amph_tags_v" ADD CONSTRAINT "_amph_tags_v_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_amphitheatre_exercises_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_amph_levers_v_options" ADD CONSTRAINT "_amph_levers_v_options_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_amph_levers_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_amph_levers_v" ADD CONSTRAINT "_amph_levers_v_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_amphitheatre_exercises_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_amph_recorder_v" ADD CONSTRAINT "_amph_recorder_v_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_amphitheatre_exercises_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_amph_notes_v_metrics" ADD CONSTRAINT "_amph_notes_v_metrics_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."_amph_notes_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_amph_notes_v" ADD CONSTRAINT "_amph_notes_v_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_amphitheatre_exercises_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_amph_card_v" ADD CONSTRAINT "_amph_card_v_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_amphitheatre_exercises_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_amph_reflection_v" ADD CONSTRAINT "_amph_reflection_v_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_amphitheatre_exercises_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_amph_compression_v_phases" ADD CONSTRAINT "_amph_compression_v_phases_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_amph_compression_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_amph_compression_v" ADD CONSTRAINT "_amph_compression_v_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_amphitheatre_exercises_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_amphitheatre_exercises_v" ADD CONSTRAINT "_amphitheatre_exercises_v_parent_id_amphitheatre_exercises_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."amphitheatre_exercises"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "amphitheatre_prompts" ADD CONSTRAINT "amphitheatre_prompts_exercise_id_amphitheatre_exercises_id_fk" FOREIGN KEY ("exercise_id") REFERENCES "public"."amphitheatre_exercises"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_amphitheatre_prompts_v" ADD CONSTRAINT "_amphitheatre_prompts_v_parent_id_amphitheatre_prompts_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."amphitheatre_prompts"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_amphitheatre_prompts_v" ADD CONSTRAINT "_amphitheatre_prompts_v_version_exercise_id_amphitheatre_exercises_id_fk" FOREIGN KEY ("version_exercise_id") REFERENCES "public"."amphitheatre_exercises"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_quest_definitions_v" ADD CONSTRAINT "_quest_definitions_v_parent_id_quest_definitions_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."quest_definitions"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "users_sessions" ADD CONSTRAINT "users_sessions_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "recordings" ADD CONSTRAINT "recordings_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payload_jobs_log" ADD CONSTRAINT "payload_jobs_log_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."payload_jobs"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."payload_locked_documents"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_levels_fk" FOREIGN KEY ("levels_id") REFERENCES "public"."levels"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_modules_fk" FOREIGN KEY ("modules_id") REFERENCES "public"."modules"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_knowledge_blocks_fk" FOREIGN KEY ("knowledge_blocks_id") REFERENCES "public"."knowledge_blocks"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_lessons_fk" FOREIGN KEY ("lessons_id") REFERENCES "public"."lessons"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_guided_flows_fk" FOREIGN KEY ("guided_flows_id") REFERENCES "public"."guided_flows"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_districts_fk" FOREIGN KEY ("districts_id") REFERENCES "public"."districts"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_venues_fk" FOREIGN KEY ("venues_id") REFERENCES "public"."venues"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_venue_task_sheets_fk" FOREIGN KEY ("venue_task_sheets_id") REFERENCES "public"."venue_task_sheets"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_amphitheatre_exercises_fk" FOREIGN KEY ("amphitheatre_exercises_id") REFERENCES "public"."amphitheatre_exercises"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_amphitheatre_prompts_fk" FOREIGN KEY ("amphitheatre_prompts_id") REFERENCES "public"."amphitheatre_prompts"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_quest_definitions_fk" FOREIGN KEY ("quest_definitions_id") REFERENCES "public"."quest_definitions"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_users_fk" FOREIGN KEY ("users_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_recordings_fk" FOREIGN KEY ("recordings_id") REFERENCES "public"."recordings"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_media_fk" FOREIGN KEY ("media_id") REFERENCES "public"."media"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_preferences_rels" ADD CONSTRAINT "payload_preferences_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."payload_preferences"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_preferences_rels" ADD CONSTRAINT "payload_preferences_rels_users_fk" FOREIGN KEY ("users_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "economy_learner_levels" ADD CONSTRAINT "economy_learner_levels_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."economy"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "landing_method_steps" ADD CONSTRAINT "landing_method_steps_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."landing"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "landing_pricing_plans" ADD CONSTRAINT "landing_pricing_plans_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."landing"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "landing_testimonials" ADD CONSTRAINT "landing_testimonials_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."landing"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "landing_faq" ADD CONSTRAINT "landing_faq_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."landing"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "landing" ADD CONSTRAINT "landing_hero_image_id_media_id_fk" FOREIGN KEY ("hero_image_id") REFERENCES "public"."media"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "landing_texts" ADD CONSTRAINT "landing_texts_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."landing"("id") ON DELETE cascade ON UPDATE no action;
  CREATE UNIQUE INDEX "levels_number_idx" ON "levels" USING btree ("number");
  CREATE INDEX "levels_updated_at_idx" ON "levels" USING btree ("updated_at");
  CREATE INDEX "levels_created_at_idx" ON "levels" USING btree ("created_at");
  CREATE INDEX "levels__status_idx" ON "levels" USING btree ("_status");
  CREATE INDEX "_levels_v_parent_idx" ON "_levels_v" USING btree ("parent_id");
  CREATE INDEX "_levels_v_version_version_number_idx" ON "_levels_v" USING btree ("version_number");
  CREATE INDEX "_levels_v_version_version_updated_at_idx" ON "_levels_v" USING btree ("version_updated_at");
  CREATE INDEX "_levels_v_version_version_created_at_idx" ON "_levels_v" USING btree ("version_created_at");
  CREATE INDEX "_levels_v_version_version__status_idx" ON "_levels_v" USING btree ("version__status");
  CREATE INDEX "_levels_v_created_at_idx" ON "_levels_v" USING btree ("created_at");
  CREATE INDEX "_levels_v_updated_at_idx" ON "_levels_v" USING btree ("updated_at");
  CREATE INDEX "_levels_v_latest_idx" ON "_levels_v" USING btree ("latest");
  CREATE INDEX "modules_level_idx" ON "modules" USING btree ("level_id");
  CREATE INDEX "modules_order_idx" ON "modules" USING btree ("order");
  CREATE INDEX "modules_video_media_idx" ON "modules" USING btree ("video_media_id");
  CREATE INDEX "modules_unlocks_venue_idx" ON "modules" USING btree ("unlocks_venue_id");
  CREATE INDEX "modules_updated_at_idx" ON "modules" USING btree ("updated_at");
  CREATE INDEX "modules_created_at_idx" ON "modules" USING btree ("created_at");
  CREATE INDEX "modules__status_idx" ON "modules" USING btree ("_status");
  CREATE UNIQUE INDEX "level_code_idx" ON "modules" USING btree ("level_id","code");
  CREATE INDEX "_modules_v_parent_idx" ON "_modules_v" USING btree ("parent_id");
  CREATE INDEX "_modules_v_version_version_level_idx" ON "_modules_v" USING btree ("version_level_id");
  CREATE INDEX "_modules_v_version_version_order_idx" ON "_modules_v" USING btree ("version_order");
  CREATE INDEX "_modules_v_version_version_video_media_idx" ON "_modules_v" USING btree ("version_video_media_id");
  CREATE INDEX "_modules_v_version_version_unlocks_venue_idx" ON "_modules_v" USING btree ("version_unlocks_venue_id");
  CREATE INDEX "_modules_v_version_version_updated_at_idx" ON "_modules_v" USING btree ("version_updated_at");
  CREATE INDEX "_modules_v_version_version_created_at_idx" ON "_modules_v" USING btree ("version_created_at");
  CREATE INDEX "_modules_v_version_version__status_idx" ON "_modules_v" USING btree ("version__status");
  CREATE INDEX "_modules_v_created_at_idx" ON "_modules_v" USING btree ("created_at");
  CREATE INDEX "_modules_v_updated_at_idx" ON "_modules_v" USING btree ("updated_at");
  CREATE INDEX "_modules_v_latest_idx" ON "_modules_v" USING btree ("latest");
  CREATE INDEX "version_level_version_code_idx" ON "_modules_v" USING btree ("version_level_id","version_code");
  CREATE INDEX "knowledge_blocks_citations_order_idx" ON "knowledge_blocks_citations" USING btree ("_order");
  CREATE INDEX "knowledge_blocks_citations_parent_id_idx" ON "knowledge_blocks_citations" USING btree ("_parent_id");
  CREATE INDEX "kb_single_options_order_idx" ON "kb_single_options" USING btree ("_order");
  CREATE INDEX "kb_single_options_parent_id_idx" ON "kb_single_options" USING btree ("_parent_id");
  CREATE INDEX "kb_single_order_idx" ON "kb_single" USING btree ("_order");
  CREATE INDEX "kb_single_parent_id_idx" ON "kb_single" USING btree ("_parent_id");
  CREATE INDEX "kb_single_path_idx" ON "kb_single" USING btree ("_path");
  CREATE INDEX "kb_multi_options_order_idx" ON "kb_multi_options" USING btree ("_order");
  CREATE INDEX "kb_multi_options_parent_id_idx" ON "kb_multi_options" USING btree ("_parent_id");
  CREATE INDEX "kb_multi_order_idx" ON "kb_multi" USING btree ("_order");
  CREATE INDEX "kb_multi_parent_id_idx" ON "kb_multi" USING btree ("_parent_id");
  CREATE INDEX "kb_multi_path_idx" ON "kb_multi" USING btree ("_path");
  CREATE INDEX "kb_classify_categories_order_idx" ON "kb_classify_categories" USING btree ("_order");
  CREATE INDEX "kb_classify_categories_parent_id_idx" ON "kb_classify_categories" USING btree ("_parent_id");
  CREATE INDEX "kb_classify_items_order_idx" ON "kb_classify_items" USING btree ("_order");
  CREATE INDEX "kb_classify_items_parent_id_idx" ON "kb_classify_items" USING btree ("_parent_id");
  CREATE INDEX "kb_classify_answer_key_assignments_order_idx" ON "kb_classify_answer_key_assignments" USING btree ("_order");
  CREATE INDEX "kb_classify_answer_key_assignments_parent_id_idx" ON "kb_classify_answer_key_assignments" USING btree ("_parent_id");
  CREATE INDEX "kb_classify_order_idx" ON "kb_classify" USING btree ("_order");
  CREATE INDEX "kb_classify_parent_id_idx" ON "kb_classify" USING btree ("_parent_id");
  CREATE INDEX "kb_classify_path_idx" ON "kb_classify" USING btree ("_path");
  CREATE INDEX "kb_ordering_items_order_idx" ON "kb_ordering_items" USING btree ("_order");
  CREATE INDEX "kb_ordering_items_parent_id_idx" ON "kb_ordering_items" USING btree ("_parent_id");
  CREATE INDEX "kb_ordering_order_idx" ON "kb_ordering" USING btree ("_order");
  CREATE INDEX "kb_ordering_parent_id_idx" ON "kb_ordering" USING btree ("_parent_id");
  CREATE INDEX "kb_ordering_path_idx" ON "kb_ordering" USING btree ("_path");
  CREATE INDEX "kb_free_order_idx" ON "kb_free" USING btree ("_order");
  CREATE INDEX "kb_free_parent_id_idx" ON "kb_free" USING btree ("_parent_id");
  CREATE INDEX "kb_free_path_idx" ON "kb_free" USING btree ("_path");
  CREATE INDEX "knowledge_blocks_module_idx" ON "knowledge_blocks" USING btree ("module_id");
  CREATE INDEX "knowledge_blocks_order_idx" ON "knowledge_blocks" USING btree ("order");
  CREATE INDEX "knowledge_blocks_updated_at_idx" ON "knowledge_blocks" USING btree ("updated_at");
  CREATE INDEX "knowledge_blocks_created_at_idx" ON "knowledge_blocks" USING btree ("created_at");
  CREATE INDEX "knowledge_blocks__status_idx" ON "knowledge_blocks" USING btree ("_status");
  CREATE UNIQUE INDEX "module_order_idx" ON "knowledge_blocks" USING btree ("module_id","order");
  CREATE INDEX "knowledge_blocks_texts_order_parent" ON "knowledge_blocks_texts" USING btree ("order","parent_id");
  CREATE INDEX "_knowledge_blocks_v_version_citations_order_idx" ON "_knowledge_blocks_v_version_citations" USING btree ("_order");
  CREATE INDEX "_knowledge_blocks_v_version_citations_parent_id_idx" ON "_knowledge_blocks_v_version_citations" USING btree ("_parent_id");
  CREATE INDEX "_kb_single_v_options_order_idx" ON "_kb_single_v_options" USING btree ("_order");
  CREATE INDEX "_kb_single_v_options_parent_id_idx" ON "_kb_single_v_options" USING btree ("_parent_id");
  CREATE INDEX "_kb_single_v_order_idx" ON "_kb_single_v" USING btree ("_order");
  CREATE INDEX "_kb_single_v_parent_id_idx" ON "_kb_single_v" USING btree ("_parent_id");
  CREATE INDEX "_kb_single_v_path_idx" ON "_kb_single_v" USING btree ("_path");
  CREATE INDEX "_kb_multi_v_options_order_idx" ON "_kb_multi_v_options" USING btree ("_order");
  CREATE INDEX "_kb_multi_v_options_parent_id_idx" ON "_kb_multi_v_options" USING btree ("_parent_id");
  CREATE INDEX "_kb_multi_v_order_idx" ON "_kb_multi_v" USING btree ("_order");
  CREATE INDEX "_kb_multi_v_parent_id_idx" ON "_kb_multi_v" USING btree ("_parent_id");
  CREATE INDEX "_kb_multi_v_path_idx" ON "_kb_multi_v" USING btree ("_path");
  CREATE INDEX "_kb_classify_v_categories_order_idx" ON "_kb_classify_v_categories" USING btree ("_order");
  CREATE INDEX "_kb_classify_v_categories_parent_id_idx" ON "_kb_classify_v_categories" USING btree ("_parent_id");
  CREATE INDEX "_kb_classify_v_items_order_idx" ON "_kb_classify_v_items" USING btree ("_order");
  CREATE INDEX "_kb_classify_v_items_parent_id_idx" ON "_kb_classify_v_items" USING btree ("_parent_id");
  CREATE INDEX "_kb_classify_v_answer_key_assignments_order_idx" ON "_kb_classify_v_answer_key_assignments" USING btree ("_order");
  CREATE INDEX "_kb_classify_v_answer_key_assignments_parent_id_idx" ON "_kb_classify_v_answer_key_assignments" USING btree ("_parent_id");
  CREATE INDEX "_kb_classify_v_order_idx" ON "_kb_classify_v" USING btree ("_order");
  CREATE INDEX "_kb_classify_v_parent_id_idx" ON "_kb_classify_v" USING btree ("_parent_id");
  CREATE INDEX "_kb_classify_v_path_idx" ON "_kb_classify_v" USING btree ("_path");
  CREATE INDEX "_kb_ordering_v_items_order_idx" ON "_kb_ordering_v_items" USING btree ("_order");
  CREATE INDEX "_kb_ordering_v_items_parent_id_idx" ON "_kb_ordering_v_items" USING btree ("_parent_id");
  CREATE INDEX "_kb_ordering_v_order_idx" ON "_kb_ordering_v" USING btree ("_order");
  CREATE INDEX "_kb_ordering_v_parent_id_idx" ON "_kb_ordering_v" USING btree ("_parent_id");
  CREATE INDEX "_kb_ordering_v_path_idx" ON "_kb_ordering_v" USING btree ("_path");
  CREATE INDEX "_kb_free_v_order_idx" ON "_kb_free_v" USING btree ("_order");
  CREATE INDEX "_kb_free_v_parent_id_idx" ON "_kb_free_v" USING btree ("_parent_id");
  CREATE INDEX "_kb_free_v_path_idx" ON "_kb_free_v" USING btree ("_path");
  CREATE INDEX "_knowledge_blocks_v_parent_idx" ON "_knowledge_blocks_v" USING btree ("parent_id");
  CREATE INDEX "_knowledge_blocks_v_version_version_module_idx" ON "_knowledge_blocks_v" USING btree ("version_module_id");
  CREATE INDEX "_knowledge_blocks_v_version_version_order_idx" ON "_knowledge_blocks_v" USING btree ("version_order");
  CREATE INDEX "_knowledge_blocks_v_version_version_updated_at_idx" ON "_knowledge_blocks_v" USING btree ("version_updated_at");
  CREATE INDEX "_knowledge_blocks_v_version_version_created_at_idx" ON "_knowledge_blocks_v" USING btree ("version_created_at");
  CREATE INDEX "_knowledge_blocks_v_version_version__status_idx" ON "_knowledge_blocks_v" USING btree ("version__status");
  CREATE INDEX "_knowledge_blocks_v_created_at_idx" ON "_knowledge_blocks_v" USING btree ("created_at");
  CREATE INDEX "_knowledge_blocks_v_updated_at_idx" ON "_knowledge_blocks_v" USING btree ("updated_at");
  CREATE INDEX "_knowledge_blocks_v_latest_idx" ON "_knowledge_blocks_v" USING btree ("latest");
  CREATE INDEX "version_module_version_order_idx" ON "_knowledge_blocks_v" USING btree ("version_module_id","version_order");
  CREATE INDEX "_knowledge_blocks_v_texts_order_parent" ON "_knowledge_blocks_v_texts" USING btree ("order","parent_id");
  CREATE INDEX "lessons_module_idx" ON "lessons" USING btree ("module_id");
  CREATE INDEX "lessons_order_idx" ON "lessons" USING btree ("order");
  CREATE INDEX "lessons_updated_at_idx" ON "lessons" USING btree ("updated_at");
  CREATE INDEX "lessons_created_at_idx" ON "lessons" USING btree ("created_at");
  CREATE INDEX "lessons__status_idx" ON "lessons" USING btree ("_status");
  CREATE UNIQUE INDEX "module_order_1_idx" ON "lessons" USING btree ("module_id","order");
  CREATE INDEX "_lessons_v_parent_idx" ON "_lessons_v" USING btree ("parent_id");
  CREATE INDEX "_lessons_v_version_version_module_idx" ON "_lessons_v" USING btree ("version_module_id");
  CREATE INDEX "_lessons_v_version_version_order_idx" ON "_lessons_v" USING btree ("version_order");
  CREATE INDEX "_lessons_v_version_version_updated_at_idx" ON "_lessons_v" USING btree ("version_updated_at");
  CREATE INDEX "_lessons_v_version_version_created_at_idx" ON "_lessons_v" USING btree ("version_created_at");
  CREATE INDEX "_lessons_v_version_version__status_idx" ON "_lessons_v" USING btree ("version__status");
  CREATE INDEX "_lessons_v_created_at_idx" ON "_lessons_v" USING btree ("created_at");
  CREATE INDEX "_lessons_v_updated_at_idx" ON "_lessons_v" USING btree ("updated_at");
  CREATE INDEX "_lessons_v_latest_idx" ON "_lessons_v" USING btree ("latest");
  CREATE INDEX "version_module_version_order_1_idx" ON "_lessons_v" USING btree ("version_module_id","version_order");
  CREATE INDEX "guided_flows_steps_options_order_idx" ON "guided_flows_steps_options" USING btree ("_order");
  CREATE INDEX "guided_flows_steps_options_parent_id_idx" ON "guided_flows_steps_options" USING btree ("_parent_id");
  CREATE INDEX "guided_flows_steps_order_idx" ON "guided_flows_steps" USING btree ("_order");
  CREATE INDEX "guided_flows_steps_parent_id_idx" ON "guided_flows_steps" USING btree ("_parent_id");
  CREATE UNIQUE INDEX "guided_flows_module_idx" ON "guided_flows" USING btree ("module_id");
  CREATE INDEX "guided_flows_updated_at_idx" ON "guided_flows" USING btree ("updated_at");
  CREATE INDEX "guided_flows_created_at_idx" ON "guided_flows" USING btree ("created_at");
  CREATE INDEX "guided_flows__status_idx" ON "guided_flows" USING btree ("_status");
  CREATE INDEX "guided_flows_texts_order_parent" ON "guided_flows_texts" USING btree ("order","parent_id");
  CREATE INDEX "_guided_flows_v_version_steps_options_order_idx" ON "_guided_flows_v_version_steps_options" USING btree ("_order");
  CREATE INDEX "_guided_flows_v_version_steps_options_parent_id_idx" ON "_guided_flows_v_version_steps_options" USING btree ("_parent_id");
  CREATE INDEX "_guided_flows_v_version_steps_order_idx" ON "_guided_flows_v_version_steps" USING btree ("_order");
  CREATE INDEX "_guided_flows_v_version_steps_parent_id_idx" ON "_guided_flows_v_version_steps" USING btree ("_parent_id");
  CREATE INDEX "_guided_flows_v_parent_idx" ON "_guided_flows_v" USING btree ("parent_id");
  CREATE INDEX "_guided_flows_v_version_version_module_idx" ON "_guided_flows_v" USING btree ("version_module_id");
  CREATE INDEX "_guided_flows_v_version_version_updated_at_idx" ON "_guided_flows_v" USING btree ("version_updated_at");
  CREATE INDEX "_guided_flows_v_version_version_created_at_idx" ON "_guided_flows_v" USING btree ("version_created_at");
  CREATE INDEX "_guided_flows_v_version_version__status_idx" ON "_guided_flows_v" USING btree ("version__status");
  CREATE INDEX "_guided_flows_v_created_at_idx" ON "_guided_flows_v" USING btree ("created_at");
  CREATE INDEX "_guided_flows_v_updated_at_idx" ON "_guided_flows_v" USING btree ("updated_at");
  CREATE INDEX "_guided_flows_v_latest_idx" ON "_guided_flows_v" USING btree ("latest");
  CREATE INDEX "_guided_flows_v_texts_order_parent" ON "_guided_flows_v_texts" USING btree ("order","parent_id");
  CREATE UNIQUE INDEX "districts_number_idx" ON "districts" USING btree ("number");
  CREATE INDEX "districts_overview_overview_video_media_idx" ON "districts" USING btree ("overview_video_media_id");
  CREATE INDEX "districts_updated_at_idx" ON "districts" USING btree ("updated_at");
  CREATE INDEX "districts_created_at_idx" ON "districts" USING btree ("created_at");
  CREATE INDEX "districts__status_idx" ON "districts" USING btree ("_status");
  CREATE INDEX "_districts_v_parent_idx" ON "_districts_v" USING btree ("parent_id");
  CREATE INDEX "_districts_v_version_version_number_idx" ON "_districts_v" USING btree ("version_number");
  CREATE INDEX "_districts_v_version_overview_version_overview_video_med_idx" ON "_districts_v" USING btree ("version_overview_video_media_id");
  CREATE INDEX "_districts_v_version_version_updated_at_idx" ON "_districts_v" USING btree ("version_updated_at");
  CREATE INDEX "_districts_v_version_version_created_at_idx" ON "_districts_v" USING btree ("version_created_at");
  CREATE INDEX "_districts_v_version_version__status_idx" ON "_districts_v" USING btree ("version__status");
  CREATE INDEX "_districts_v_created_at_idx" ON "_districts_v" USING btree ("created_at");
  CREATE INDEX "_districts_v_updated_at_idx" ON "_districts_v" USING btree ("updated_at");
  CREATE INDEX "_districts_v_latest_idx" ON "_districts_v" USING btree ("latest");
  CREATE INDEX "venues_district_idx" ON "venues" USING btree ("district_id");
  CREATE UNIQUE INDEX "venues_slug_idx" ON "venues" USING btree ("slug");
  CREATE INDEX "venues_order_idx" ON "venues" USING btree ("order");
  CREATE INDEX "venues_updated_at_idx" ON "venues" USING btree ("updated_at");
  CREATE INDEX "venues_created_at_idx" ON "venues" USING btree ("created_at");
  CREATE INDEX "venues__status_idx" ON "venues" USING btree ("_status");
  CREATE INDEX "_venues_v_parent_idx" ON "_venues_v" USING btree ("parent_id");
  CREATE INDEX "_venues_v_version_version_district_idx" ON "_venues_v" USING btree ("version_district_id");
  CREATE INDEX "_venues_v_version_version_slug_idx" ON "_venues_v" USING btree ("version_slug");
  CREATE INDEX "_venues_v_version_version_order_idx" ON "_venues_v" USING btree ("version_order");
  CREATE INDEX "_venues_v_version_version_updated_at_idx" ON "_venues_v" USING btree ("version_updated_at");
  CREATE INDEX "_venues_v_version_version_created_at_idx" ON "_venues_v" USING btree ("version_created_at");
  CREATE INDEX "_venues_v_version_version__status_idx" ON "_venues_v" USING btree ("version__status");
  CREATE INDEX "_venues_v_created_at_idx" ON "_venues_v" USING btree ("created_at");
  CREATE INDEX "_venues_v_updated_at_idx" ON "_venues_v" USING btree ("updated_at");
  CREATE INDEX "_venues_v_latest_idx" ON "_venues_v" USING btree ("latest");
  CREATE INDEX "task_timed_order_idx" ON "task_timed" USING btree ("_order");
  CREATE INDEX "task_timed_parent_id_idx" ON "task_timed" USING btree ("_parent_id");
  CREATE INDEX "task_timed_path_idx" ON "task_timed" USING btree ("_path");
  CREATE INDEX "task_written_order_idx" ON "task_written" USING btree ("_order");
  CREATE INDEX "task_written_parent_id_idx" ON "task_written" USING btree ("_parent_id");
  CREATE INDEX "task_written_path_idx" ON "task_written" USING btree ("_path");
  CREATE INDEX "task_rounds_order_idx" ON "task_rounds" USING btree ("_order");
  CREATE INDEX "task_rounds_parent_id_idx" ON "task_rounds" USING btree ("_parent_id");
  CREATE INDEX "task_rounds_path_idx" ON "task_rounds" USING btree ("_path");
  CREATE INDEX "venue_task_sheets_venue_idx" ON "venue_task_sheets" USING btree ("venue_id");
  CREATE INDEX "venue_task_sheets_order_idx" ON "venue_task_sheets" USING btree ("order");
  CREATE INDEX "venue_task_sheets_updated_at_idx" ON "venue_task_sheets" USING btree ("updated_at");
  CREATE INDEX "venue_task_sheets_created_at_idx" ON "venue_task_sheets" USING btree ("created_at");
  CREATE INDEX "venue_task_sheets__status_idx" ON "venue_task_sheets" USING btree ("_status");
  CREATE UNIQUE INDEX "venue_order_idx" ON "venue_task_sheets" USING btree ("venue_id","order");
  CREATE INDEX "_task_timed_v_order_idx" ON "_task_timed_v" USING btree ("_order");
  CREATE INDEX "_task_timed_v_parent_id_idx" ON "_task_timed_v" USING btree ("_parent_id");
  CREATE INDEX "_task_timed_v_path_idx" ON "_task_timed_v" USING btree ("_path");
  CREATE INDEX "_task_written_v_order_idx" ON "_task_written_v" USING btree ("_order");
  CREATE INDEX "_task_written_v_parent_id_idx" ON "_task_written_v" USING btree ("_parent_id");
  CREATE INDEX "_task_written_v_path_idx" ON "_task_written_v" USING btree ("_path");
  CREATE INDEX "_task_rounds_v_order_idx" ON "_task_rounds_v" USING btree ("_order");
  CREATE INDEX "_task_rounds_v_parent_id_idx" ON "_task_rounds_v" USING btree ("_parent_id");
  CREATE INDEX "_task_rounds_v_path_idx" ON "_task_rounds_v" USING btree ("_path");
  CREATE INDEX "_venue_task_sheets_v_parent_idx" ON "_venue_task_sheets_v" USING btree ("parent_id");
  CREATE INDEX "_venue_task_sheets_v_version_version_venue_idx" ON "_venue_task_sheets_v" USING btree ("version_venue_id");
  CREATE INDEX "_venue_task_sheets_v_version_version_order_idx" ON "_venue_task_sheets_v" USING btree ("version_order");
  CREATE INDEX "_venue_task_sheets_v_version_version_updated_at_idx" ON "_venue_task_sheets_v" USING btree ("version_updated_at");
  CREATE INDEX "_venue_task_sheets_v_version_version_created_at_idx" ON "_venue_task_sheets_v" USING btree ("version_created_at");
  CREATE INDEX "_venue_task_sheets_v_version_version__status_idx" ON "_venue_task_sheets_v" USING btree ("version__status");
  CREATE INDEX "_venue_task_sheets_v_created_at_idx" ON "_venue_task_sheets_v" USING btree ("created_at");
  CREATE INDEX "_venue_task_sheets_v_updated_at_idx" ON "_venue_task_sheets_v" USING btree ("updated_at");
  CREATE INDEX "_venue_task_sheets_v_latest_idx" ON "_venue_task_sheets_v" USING btree ("latest");
  CREATE INDEX "version_venue_version_order_idx" ON "_venue_task_sheets_v" USING btree ("version_venue_id","version_order");
  CREATE INDEX "amph_tags_options_order_idx" ON "amph_tags_options" USING btree ("_order");
  CREATE INDEX "amph_tags_options_parent_id_idx" ON "amph_tags_options" USING btree ("_parent_id");
  CREATE INDEX "amph_tags_order_idx" ON "amph_tags" USING btree ("_order");
  CREATE INDEX "amph_tags_parent_id_idx" ON "amph_tags" USING btree ("_parent_id");
  CREATE INDEX "amph_tags_path_idx" ON "amph_tags" USING btree ("_path");
  CREATE INDEX "amph_levers_options_order_idx" ON "amph_levers_options" USING btree ("_order");
  CREATE INDEX "amph_levers_options_parent_id_idx" ON "amph_levers_options" USING btree ("_parent_id");
  CREATE INDEX "amph_levers_order_idx" ON "amph_levers" USING btree ("_order");
  CREATE INDEX "amph_levers_parent_id_idx" ON "amph_levers" USING btree ("_parent_id");
  CREATE INDEX "amph_levers_path_idx" ON "amph_levers" USING btree ("_path");
  CREATE INDEX "amph_recorder_order_idx" ON "amph_recorder" USING btree ("_order");
  CREATE INDEX "amph_recorder_parent_id_idx" ON "amph_recorder" USING btree ("_parent_id");
  CREATE INDEX "amph_recorder_path_idx" ON "amph_recorder" USING btree ("_path");
  CREATE INDEX "amph_notes_metrics_order_idx" ON "amph_notes_metrics" USING btree ("order");
  CREATE INDEX "amph_notes_metrics_parent_idx" ON "amph_notes_metrics" USING btree ("parent_id");
  CREATE INDEX "amph_notes_order_idx" ON "amph_notes" USING btree ("_order");
  CREATE INDEX "amph_notes_parent_id_idx" ON "amph_notes" USING btree ("_parent_id");
  CREATE INDEX "amph_notes_path_idx" ON "amph_notes" USING btree ("_path");
  CREATE INDEX "amph_card_order_idx" ON "amph_card" USING btree ("_order");
  CREATE INDEX "amph_card_parent_id_idx" ON "amph_card" USING btree ("_parent_id");
  CREATE INDEX "amph_card_path_idx" ON "amph_card" USING btree ("_path");
  CREATE INDEX "amph_reflection_order_idx" ON "amph_reflection" USING btree ("_order");
  CREATE INDEX "amph_reflection_parent_id_idx" ON "amph_reflection" USING btree ("_parent_id");
  CREATE INDEX "amph_reflection_path_idx" ON "amph_reflection" USING btree ("_path");
  CREATE INDEX "amph_compression_phases_order_idx" ON "amph_compression_phases" USING btree ("_order");
  CREATE INDEX "amph_compression_phases_parent_id_idx" ON "amph_compression_phases" USING btree ("_parent_id");
  CREATE INDEX "amph_compression_order_idx" ON "amph_compression" USING btree ("_order");
  CREATE INDEX "amph_compression_parent_id_idx" ON "amph_compression" USING btree ("_parent_id");
  CREATE INDEX "amph_compression_path_idx" ON "amph_compression" USING btree ("_path");
  CREATE UNIQUE INDEX "amphitheatre_exercises_key_idx" ON "amphitheatre_exercises" USING btree ("key");
  CREATE UNIQUE INDEX "amphitheatre_exercises_rotation_order_idx" ON "amphitheatre_exercises" USING btree ("rotation_order");
  CREATE INDEX "amphitheatre_exercises_updated_at_idx" ON "amphitheatre_exercises" USING btree ("updated_at");
  CREATE INDEX "amphitheatre_exercises_created_at_idx" ON "amphitheatre_exercises" USING btree ("created_at");
  CREATE INDEX "amphitheatre_exercises__status_idx" ON "amphitheatre_exercises" USING btree ("_status");
  CREATE INDEX "_amph_tags_v_options_order_idx" ON "_amph_tags_v_options" USING btree ("_order");
  CREATE INDEX "_amph_tags_v_options_parent_id_idx" ON "_amph_tags_v_options" USING btree ("_parent_id");
  CREATE INDEX "_amph_tags_v_order_idx" ON "_amph_tags_v" USING btree ("_order");
  CREATE INDEX "_amph_tags_v_parent_id_idx" ON "_amph_tags_v" USING btree ("_parent_id");
  CREATE INDEX "_amph_tags_v_path_idx" ON "_amph_tags_v" USING btree ("_path");
  CREATE INDEX "_amph_levers_v_options_order_idx" ON "_amph_levers_v_options" USING btree ("_order");
  CREATE INDEX "_amph_levers_v_options_parent_id_idx" ON "_amph_levers_v_options" USING btree ("_parent_id");
  CREATE INDEX "_amph_levers_v_order_idx" ON "_amph_levers_v" USING btree ("_order");
  CREATE INDEX "_amph_levers_v_parent_id_idx" ON "_amph_levers_v" USING btree ("_parent_id");
  CREATE INDEX "_amph_levers_v_path_idx" ON "_amph_levers_v" USING btree ("_path");
  CREATE INDEX "_amph_recorder_v_order_idx" ON "_amph_recorder_v" USING btree ("_order");
  CREATE INDEX "_amph_recorder_v_parent_id_idx" ON "_amph_recorder_v" USING btree ("_parent_id");
  CREATE INDEX "_amph_recorder_v_path_idx" ON "_amph_recorder_v" USING btree ("_path");
  CREATE INDEX "_amph_notes_v_metrics_order_idx" ON "_amph_notes_v_metrics" USING btree ("order");
  CREATE INDEX "_amph_notes_v_metrics_parent_idx" ON "_amph_notes_v_metrics" USING btree ("parent_id");
  CREATE INDEX "_amph_notes_v_order_idx" ON "_amph_notes_v" USING btree ("_order");
  CREATE INDEX "_amph_notes_v_parent_id_idx" ON "_amph_notes_v" USING btree ("_parent_id");
  CREATE INDEX "_amph_notes_v_path_idx" ON "_amph_notes_v" USING btree ("_path");
  CREATE INDEX "_amph_card_v_order_idx" ON "_amph_card_v" USING btree ("_order");
  CREATE INDEX "_amph_card_v_parent_id_idx" ON "_amph_card_v" USING btree ("_parent_id");
  CREATE INDEX "_amph_card_v_path_idx" ON "_amph_card_v" USING btree ("_path");
  CREATE INDEX "_amph_reflection_v_order_idx" ON "_amph_reflection_v" USING btree ("_order");
  CREATE INDEX "_amph_reflection_v_parent_id_idx" ON "_amph_reflection_v" USING btree ("_parent_id");
  CREATE INDEX "_amph_reflection_v_path_idx" ON "_amph_reflection_v" USING btree ("_path");
  CREATE INDEX "_amph_compression_v_phases_order_idx" ON "_amph_compression_v_phases" USING btree ("_order");
  CREATE INDEX "_amph_compression_v_phases_parent_id_idx" ON "_amph_compression_v_phases" USING btree ("_parent_id");
  CREATE INDEX "_amph_compression_v_order_idx" ON "_amph_compression_v" USING btree ("_order");
  CREATE INDEX "_amph_compression_v_parent_id_idx" ON "_amph_compression_v" USING btree ("_parent_id");
  CREATE INDEX "_amph_compression_v_path_idx" ON "_amph_compression_v" USING btree ("_path");
  CREATE INDEX "_amphitheatre_exercises_v_parent_idx" ON "_amphitheatre_exercises_v" USING btree ("parent_id");
  CREATE INDEX "_amphitheatre_exercises_v_version_version_key_idx" ON "_amphitheatre_exercises_v" USING btree ("version_key");
  CREATE INDEX "_amphitheatre_exercises_v_version_version_rotation_order_idx" ON "_amphitheatre_exercises_v" USING btree ("version_rotation_order");
  CREATE INDEX "_amphitheatre_exercises_v_version_version_updated_at_idx" ON "_amphitheatre_exercises_v" USING btree ("version_updated_at");
  CREATE INDEX "_amphitheatre_exercises_v_version_version_created_at_idx" ON "_amphitheatre_exercises_v" USING btree ("version_created_at");
  CREATE INDEX "_amphitheatre_exercises_v_version_version__status_idx" ON "_amphitheatre_exercises_v" USING btree ("version__status");
  CREATE INDEX "_amphitheatre_exercises_v_created_at_idx" ON "_amphitheatre_exercises_v" USING btree ("created_at");
  CREATE INDEX "_amphitheatre_exercises_v_updated_at_idx" ON "_amphitheatre_exercises_v" USING btree ("updated_at");
  CREATE INDEX "_amphitheatre_exercises_v_latest_idx" ON "_amphitheatre_exercises_v" USING btree ("latest");
  CREATE INDEX "amphitheatre_prompts_exercise_idx" ON "amphitheatre_prompts" USING btree ("exercise_id");
  CREATE UNIQUE INDEX "amphitheatre_prompts_key_idx" ON "amphitheatre_prompts" USING btree ("key");
  CREATE INDEX "amphitheatre_prompts_tier_idx" ON "amphitheatre_prompts" USING btree ("tier");
  CREATE INDEX "amphitheatre_prompts_updated_at_idx" ON "amphitheatre_prompts" USING btree ("updated_at");
  CREATE INDEX "amphitheatre_prompts_created_at_idx" ON "amphitheatre_prompts" USING btree ("created_at");
  CREATE INDEX "amphitheatre_prompts__status_idx" ON "amphitheatre_prompts" USING btree ("_status");
  CREATE INDEX "_amphitheatre_prompts_v_parent_idx" ON "_amphitheatre_prompts_v" USING btree ("parent_id");
  CREATE INDEX "_amphitheatre_prompts_v_version_version_exercise_idx" ON "_amphitheatre_prompts_v" USING btree ("version_exercise_id");
  CREATE INDEX "_amphitheatre_prompts_v_version_version_key_idx" ON "_amphitheatre_prompts_v" USING btree ("version_key");
  CREATE INDEX "_amphitheatre_prompts_v_version_version_tier_idx" ON "_amphitheatre_prompts_v" USING btree ("version_tier");
  CREATE INDEX "_amphitheatre_prompts_v_version_version_updated_at_idx" ON "_amphitheatre_prompts_v" USING btree ("version_updated_at");
  CREATE INDEX "_amphitheatre_prompts_v_version_version_created_at_idx" ON "_amphitheatre_prompts_v" USING btree ("version_created_at");
  CREATE INDEX "_amphitheatre_prompts_v_version_version__status_idx" ON "_amphitheatre_prompts_v" USING btree ("version__status");
  CREATE INDEX "_amphitheatre_prompts_v_created_at_idx" ON "_amphitheatre_prompts_v" USING btree ("created_at");
  CREATE INDEX "_amphitheatre_prompts_v_updated_at_idx" ON "_amphitheatre_prompts_v" USING btree ("updated_at");
  CREATE INDEX "_amphitheatre_prompts_v_latest_idx" ON "_amphitheatre_prompts_v" USING btree ("latest");
  CREATE UNIQUE INDEX "quest_definitions_key_idx" ON "quest_definitions" USING btree ("key");
  CREATE INDEX "quest_definitions_active_idx" ON "quest_definitions" USING btree ("active");
  CREATE INDEX "quest_definitions_updated_at_idx" ON "quest_definitions" USING btree ("updated_at");
  CREATE INDEX "quest_definitions_created_at_idx" ON "quest_definitions" USING btree ("created_at");
  CREATE INDEX "quest_definitions__status_idx" ON "quest_definitions" USING btree ("_status");
  CREATE INDEX "_quest_definitions_v_parent_idx" ON "_quest_definitions_v" USING btree ("parent_id");
  CREATE INDEX "_quest_definitions_v_version_version_key_idx" ON "_quest_definitions_v" USING btree ("version_key");
  CREATE INDEX "_quest_definitions_v_version_version_active_idx" ON "_quest_definitions_v" USING btree ("version_active");
  CREATE INDEX "_quest_definitions_v_version_version_updated_at_idx" ON "_quest_definitions_v" USING btree ("version_updated_at");
  CREATE INDEX "_quest_definitions_v_version_version_created_at_idx" ON "_quest_definitions_v" USING btree ("version_created_at");
  CREATE INDEX "_quest_definitions_v_version_version__status_idx" ON "_quest_definitions_v" USING btree ("version__status");
  CREATE INDEX "_quest_definitions_v_created_at_idx" ON "_quest_definitions_v" USING btree ("created_at");
  CREATE INDEX "_quest_definitions_v_updated_at_idx" ON "_quest_definitions_v" USING btree ("updated_at");
  CREATE INDEX "_quest_definitions_v_latest_idx" ON "_quest_definitions_v" USING btree ("latest");
  CREATE INDEX "users_sessions_order_idx" ON "users_sessions" USING btree ("_order");
  CREATE INDEX "users_sessions_parent_id_idx" ON "users_sessions" USING btree ("_parent_id");
  CREATE INDEX "users_role_idx" ON "users" USING btree ("role");
  CREATE INDEX "users_updated_at_idx" ON "users" USING btree ("updated_at");
  CREATE INDEX "users_created_at_idx" ON "users" USING btree ("created_at");
  CREATE UNIQUE INDEX "users_email_idx" ON "users" USING btree ("email");
  CREATE UNIQUE INDEX "users_username_idx" ON "users" USING btree ("username");
  CREATE INDEX "recordings_owner_idx" ON "recordings" USING btree ("owner_id");
  CREATE INDEX "recordings_updated_at_idx" ON "recordings" USING btree ("updated_at");
  CREATE INDEX "recordings_created_at_idx" ON "recordings" USING btree ("created_at");
  CREATE UNIQUE INDEX "recordings_filename_idx" ON "recordings" USING btree ("filename");
  CREATE INDEX "media_updated_at_idx" ON "media" USING btree ("updated_at");
  CREATE INDEX "media_created_at_idx" ON "media" USING btree ("created_at");
  CREATE UNIQUE INDEX "media_filename_idx" ON "media" USING btree ("filename");
  CREATE INDEX "media_sizes_thumbnail_sizes_thumbnail_filename_idx" ON "media" USING btree ("sizes_thumbnail_filename");
  CREATE INDEX "media_sizes_card_sizes_card_filename_idx" ON "media" USING btree ("sizes_card_filename");
  CREATE INDEX "media_sizes_hero_sizes_hero_filename_idx" ON "media" USING btree ("sizes_hero_filename");
  CREATE UNIQUE INDEX "payload_kv_key_idx" ON "payload_kv" USING btree ("key");
  CREATE INDEX "payload_jobs_log_order_idx" ON "payload_jobs_log" USING btree ("_order");
  CREATE INDEX "payload_jobs_log_parent_id_idx" ON "payload_jobs_log" USING btree ("_parent_id");
  CREATE INDEX "payload_jobs_completed_at_idx" ON "payload_jobs" USING btree ("completed_at");
  CREATE INDEX "payload_jobs_total_tried_idx" ON "payload_jobs" USING btree ("total_tried");
  CREATE INDEX "payload_jobs_has_error_idx" ON "payload_jobs" USING btree ("has_error");
  CREATE INDEX "payload_jobs_task_slug_idx" ON "payload_jobs" USING btree ("task_slug");
  CREATE INDEX "payload_jobs_queue_idx" ON "payload_jobs" USING btree ("queue");
  CREATE INDEX "payload_jobs_wait_until_idx" ON "payload_jobs" USING btree ("wait_until");
  CREATE INDEX "payload_jobs_processing_idx" ON "payload_jobs" USING btree ("processing");
  CREATE INDEX "payload_jobs_updated_at_idx" ON "payload_jobs" USING btree ("updated_at");
  CREATE INDEX "payload_jobs_created_at_idx" ON "payload_jobs" USING btree ("created_at");
  CREATE INDEX "payload_locked_documents_global_slug_idx" ON "payload_locked_documents" USING btree ("global_slug");
  CREATE INDEX "payload_locked_documents_updated_at_idx" ON "payload_locked_documents" USING btree ("updated_at");
  CREATE INDEX "payload_locked_documents_created_at_idx" ON "payload_locked_documents" USING btree ("created_at");
  CREATE INDEX "payload_locked_documents_rels_order_idx" ON "payload_locked_documents_rels" USING btree ("order");
  CREATE INDEX "payload_locked_documents_rels_parent_idx" ON "payload_locked_documents_rels" USING btree ("parent_id");
  CREATE INDEX "payload_locked_documents_rels_path_idx" ON "payload_locked_documents_rels" USING btree ("path");
  CREATE INDEX "payload_locked_documents_rels_levels_id_idx" ON "payload_locked_documents_rels" USING btree ("levels_id");
  CREATE INDEX "payload_locked_documents_rels_modules_id_idx" ON "payload_locked_documents_rels" USING btree ("modules_id");
  CREATE INDEX "payload_locked_documents_rels_knowledge_blocks_id_idx" ON "payload_locked_documents_rels" USING btree ("knowledge_blocks_id");
  CREATE INDEX "payload_locked_documents_rels_lessons_id_idx" ON "payload_locked_documents_rels" USING btree ("lessons_id");
  CREATE INDEX "payload_locked_documents_rels_guided_flows_id_idx" ON "payload_locked_documents_rels" USING btree ("guided_flows_id");
  CREATE INDEX "payload_locked_documents_rels_districts_id_idx" ON "payload_locked_documents_rels" USING btree ("districts_id");
  CREATE INDEX "payload_locked_documents_rels_venues_id_idx" ON "payload_locked_documents_rels" USING btree ("venues_id");
  CREATE INDEX "payload_locked_documents_rels_venue_task_sheets_id_idx" ON "payload_locked_documents_rels" USING btree ("venue_task_sheets_id");
  CREATE INDEX "payload_locked_documents_rels_amphitheatre_exercises_id_idx" ON "payload_locked_documents_rels" USING btree ("amphitheatre_exercises_id");
  CREATE INDEX "payload_locked_documents_rels_amphitheatre_prompts_id_idx" ON "payload_locked_documents_rels" USING btree ("amphitheatre_prompts_id");
  CREATE INDEX "payload_locked_documents_rels_quest_definitions_id_idx" ON "payload_locked_documents_rels" USING btree ("quest_definitions_id");
  CREATE INDEX "payload_locked_documents_rels_users_id_idx" ON "payload_locked_documents_rels" USING btree ("users_id");
  CREATE INDEX "payload_locked_documents_rels_recordings_id_idx" ON "payload_locked_documents_rels" USING btree ("recordings_id");
  CREATE INDEX "payload_locked_documents_rels_media_id_idx" ON "payload_locked_documents_rels" USING btree ("media_id");
  CREATE INDEX "payload_preferences_key_idx" ON "payload_preferences" USING btree ("key");
  CREATE INDEX "payload_preferences_updated_at_idx" ON "payload_preferences" USING btree ("updated_at");
  CREATE INDEX "payload_preferences_created_at_idx" ON "payload_preferences" USING btree ("created_at");
  CREATE INDEX "payload_preferences_rels_order_idx" ON "payload_preferences_rels" USING btree ("order");
  CREATE INDEX "payload_preferences_rels_parent_idx" ON "payload_preferences_rels" USING btree ("parent_id");
  CREATE INDEX "payload_preferences_rels_path_idx" ON "payload_preferences_rels" USING btree ("path");
  CREATE INDEX "payload_preferences_rels_users_id_idx" ON "payload_preferences_rels" USING btree ("users_id");
  CREATE INDEX "payload_migrations_updated_at_idx" ON "payload_migrations" USING btree ("updated_at");
  CREATE INDEX "payload_migrations_created_at_idx" ON "payload_migrations" USING btree ("created_at");
  CREATE INDEX "economy_learner_levels_order_idx" ON "economy_learner_levels" USING btree ("_order");
  CREATE INDEX "economy_learner_levels_parent_id_idx" ON "economy_learner_levels" USING btree ("_parent_id");
  CREATE INDEX "landing_method_steps_order_idx" ON "landing_method_steps" USING btree ("_order");
  CREATE INDEX "landing_method_steps_parent_id_idx" ON "landing_method_steps" USING btree ("_parent_id");
  CREATE INDEX "landing_pricing_plans_order_idx" ON "landing_pricing_plans" USING btree ("_order");
  CREATE INDEX "landing_pricing_plans_parent_id_idx" ON "landing_pricing_plans" USING btree ("_parent_id");
  CREATE INDEX "landing_testimonials_order_idx" ON "landing_testimonials" USING btree ("_order");
  CREATE INDEX "landing_testimonials_parent_id_idx" ON "landing_testimonials" USING btree ("_parent_id");
  CREATE INDEX "landing_faq_order_idx" ON "landing_faq" USING btree ("_order");
  CREATE INDEX "landing_faq_parent_id_idx" ON "landing_faq" USING btree ("_parent_id");
  CREATE INDEX "landing_hero_hero_image_idx" ON "landing" USING btree ("hero_image_id");
  CREATE INDEX "landing_texts_order_parent" ON "landing_texts" USING btree ("order","parent_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   DROP TABLE "levels" CASCADE;
  DROP TABLE "_levels_v" CASCADE;
  DROP TABLE "modules" CASCADE;
  DROP TABLE "_modules_v" CASCADE;
  DROP TABLE "knowledge_blocks_citations" CASCADE;
  DROP TABLE "kb_single_options" CASCADE;
  DROP TABLE "kb_single" CASCADE;
  DROP TABLE "kb_multi_options" CASCADE;
  DROP TABLE "kb_multi" CASCADE;
  DROP TABLE "kb_classify_categories" CASCADE;
  DROP TABLE "kb_classify_items" CASCADE;
  DROP TABLE "kb_classify_answer_key_assignments" CASCADE;
  DROP TABLE "kb_classify" CASCADE;
  DROP TABLE "kb_ordering_items" CASCADE;
  DROP TABLE "kb_ordering" CASCADE;
  DROP TABLE "kb_free" CASCADE;
  DROP TABLE "knowledge_blocks" CASCADE;
  DROP TABLE "knowledge_blocks_texts" CASCADE;
  DROP TABLE "_knowledge_blocks_v_version_citations" CASCADE;
  DROP TABLE "_kb_single_v_options" CASCADE;
  DROP TABLE "_kb_single_v" CASCADE;
  DROP TABLE "_kb_multi_v_options" CASCADE;
  DROP TABLE "_kb_multi_v" CASCADE;
  DROP TABLE "_kb_classify_v_categories" CASCADE;
  DROP TABLE "_kb_classify_v_items" CASCADE;
  DROP TABLE "_kb_classify_v_answer_key_assignments" CASCADE;
  DROP TABLE "_kb_classify_v" CASCADE;
  DROP TABLE "_kb_ordering_v_items" CASCADE;
  DROP TABLE "_kb_ordering_v" CASCADE;
  DROP TABLE "_kb_free_v" CASCADE;
  DROP TABLE "_knowledge_blocks_v" CASCADE;
  DROP TABLE "_knowledge_blocks_v_texts" CASCADE;
  DROP TABLE "lessons" CASCADE;
  DROP TABLE "_lessons_v" CASCADE;
  DROP TABLE "guided_flows_steps_options" CASCADE;
  DROP TABLE "guided_flows_steps" CASCADE;
  DROP TABLE "guided_flows" CASCADE;
  DROP TABLE "guided_flows_texts" CASCADE;
  DROP TABLE "_guided_flows_v_version_steps_options" CASCADE;
  DROP TABLE "_guided_flows_v_version_steps" CASCADE;
  DROP TABLE "_guided_flows_v" CASCADE;
  DROP TABLE "_guided_flows_v_texts" CASCADE;
  DROP TABLE "districts" CASCADE;
  DROP TABLE "_districts_v" CASCADE;
  DROP TABLE "venues" CASCADE;
  DROP TABLE "_venues_v" CASCADE;
  DROP TABLE "task_timed" CASCADE;
  DROP TABLE "task_written" CASCADE;
  DROP TABLE "task_rounds" CASCADE;
  DROP TABLE "venue_task_sheets" CASCADE;
  DROP TABLE "_task_timed_v" CASCADE;
  DROP TABLE "_task_written_v" CASCADE;
  DROP TABLE "_task_rounds_v" CASCADE;
  DROP TABLE "_venue_task_sheets_v" CASCADE;
  DROP TABLE "amph_tags_options" CASCADE;
  DROP TABLE "amph_tags" CASCADE;
  DROP TABLE "amph_levers_options" CASCADE;
  DROP TABLE "amph_levers" CASCADE;
  DROP TABLE "amph_recorder" CASCADE;
  DROP TABLE "amph_notes_metrics" CASCADE;
  DROP TABLE "amph_notes" CASCADE;
  DROP TABLE "amph_card" CASCADE;
  DROP TABLE "amph_reflection" CASCADE;
  DROP TABLE "amph_compression_phases" CASCADE;
  DROP TABLE "amph_compression" CASCADE;
  DROP TABLE "amphitheatre_exercises" CASCADE;
  DROP TABLE "_amph_tags_v_options" CASCADE;
  DROP TABLE "_amph_tags_v" CASCADE;
  DROP TABLE "_amph_levers_v_options" CASCADE;
  DROP TABLE "_amph_levers_v" CASCADE;
  DROP TABLE "_amph_recorder_v" CASCADE;
  DROP TABLE "_amph_notes_v_metrics" CASCADE;
  DROP TABLE "_amph_notes_v" CASCADE;
  DROP TABLE "_amph_card_v" CASCADE;
  DROP TABLE "_amph_reflection_v" CASCADE;
  DROP TABLE "_amph_compression_v_phases" CASCADE;
  DROP TABLE "_amph_compression_v" CASCADE;
  DROP TABLE "_amphitheatre_exercises_v" CASCADE;
  DROP TABLE "amphitheatre_prompts" CASCADE;
  DROP TABLE "_amphitheatre_prompts_v" CASCADE;
  DROP TABLE "quest_definitions" CASCADE;
  DROP TABLE "_quest_definitions_v" CASCADE;
  DROP TABLE "users_sessions" CASCADE;
  DROP TABLE "users" CASCADE;
  DROP TABLE "recordings" CASCADE;
  DROP TABLE "media" CASCADE;
  DROP TABLE "payload_kv" CASCADE;
  DROP TABLE "payload_jobs_log" CASCADE;
  DROP TABLE "payload_jobs" CASCADE;
  DROP TABLE "payload_locked_documents" CASCADE;
  DROP TABLE "payload_locked_documents_rels" CASCADE;
  DROP TABLE "payload_preferences" CASCADE;
  DROP TABLE "payload_preferences_rels" CASCADE;
  DROP TABLE "payload_migrations" CASCADE;
  DROP TABLE "economy_learner_levels" CASCADE;
  DROP TABLE "economy" CASCADE;
  DROP TABLE "landing_method_steps" CASCADE;
  DROP TABLE "landing_pricing_plans" CASCADE;
  DROP TABLE "landing_testimonials" CASCADE;
  DROP TABLE "landing_faq" CASCADE;
  DROP TABLE "landing" CASCADE;
  DROP TABLE "landing_texts" CASCADE;
  DROP TYPE "public"."enum_levels_status";
  DROP TYPE "public"."enum__levels_v_version_status";
  DROP TYPE "public"."enum_modules_status";
  DROP TYPE "public"."enum__modules_v_version_status";
  DROP TYPE "public"."enum_knowledge_blocks_status";
  DROP TYPE "public"."enum__knowledge_blocks_v_version_status";
  DROP TYPE "public"."enum_lessons_status";
  DROP TYPE "public"."enum__lessons_v_version_status";
  DROP TYPE "public"."enum_guided_flows_steps_input_type";
  DROP TYPE "public"."enum_guided_flows_status";
  DROP TYPE "public"."enum__guided_flows_v_version_steps_input_type";
  DROP TYPE "public"."enum__guided_flows_v_version_status";
  DROP TYPE "public"."enum_districts_status";
  DROP TYPE "public"."enum__districts_v_version_status";
  DROP TYPE "public"."enum_venues_kind";
  DROP TYPE "public"."enum_venues_status";
  DROP TYPE "public"."enum__venues_v_version_kind";
  DROP TYPE "public"."enum__venues_v_version_status";
  DROP TYPE "public"."enum_venue_task_sheets_status";
  DROP TYPE "public"."enum__venue_task_sheets_v_version_status";
  DROP TYPE "public"."enum_amph_notes_metrics";
  DROP TYPE "public"."enum_amph_reflection_mode";
  DROP TYPE "public"."enum_amph_compression_phases_mode";
  DROP TYPE "public"."enum_amphitheatre_exercises_status";
  DROP TYPE "public"."enum__amph_notes_v_metrics";
  DROP TYPE "public"."enum__amph_reflection_v_mode";
  DROP TYPE "public"."enum__amph_compression_v_phases_mode";
  DROP TYPE "public"."enum__amphitheatre_exercises_v_version_status";
  DROP TYPE "public"."enum_amphitheatre_prompts_tier";
  DROP TYPE "public"."enum_amphitheatre_prompts_status";
  DROP TYPE "public"."enum__amphitheatre_prompts_v_version_tier";
  DROP TYPE "public"."enum__amphitheatre_prompts_v_version_status";
  DROP TYPE "public"."enum_quest_definitions_activity";
  DROP TYPE "public"."enum_quest_definitions_status";
  DROP TYPE "public"."enum__quest_definitions_v_version_activity";
  DROP TYPE "public"."enum__quest_definitions_v_version_status";
  DROP TYPE "public"."enum_users_role";
  DROP TYPE "public"."enum_users_profile_job_role";
  DROP TYPE "public"."enum_users_profile_typical_audience";
  DROP TYPE "public"."enum_users_profile_main_goal";
  DROP TYPE "public"."enum_users_profile_comfort_under_pressure";
  DROP TYPE "public"."enum_users_profile_time_pressure_profile";
  DROP TYPE "public"."enum_users_profile_preferred_practice_time";
  DROP TYPE "public"."enum_users_profile_ab_variant";
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  DROP TYPE "public"."enum_payload_jobs_log_state";
  DROP TYPE "public"."enum_payload_jobs_task_slug";`)
}
