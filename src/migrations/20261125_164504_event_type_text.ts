import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "analytics_events" ALTER COLUMN "type" SET DATA TYPE varchar;
  DROP TYPE "public"."enum_analytics_events_type";`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_analytics_events_type" AS ENUM('user_signup', 'user_login', 'onboarding_complete', 'home_view', 'district_view', 'lesson_start', 'module_learn_view', 'lesson_guided_view', 'lesson_guided_start', 'lesson_guided_session_created', 'lesson_guided_step_submitted', 'lesson_guided_complete', 'lesson_complete', 'module_completed', 'module_unlocked_next', 'venue_unlocked', 'district_full_access_granted', 'ai_lesson_request', 'coach_question', 'ai_chat_view', 'ai_chat_message', 'landing_chat_message', 'milestone_start', 'milestone_complete', 'venue_entered', 'venue_completed', 'venue_session_webhook_success', 'venue_session_feedback_error', 'exercise_complete', 'amphitheatre_session_started', 'amphitheatre_exercise_submitted', 'amphitheatre_session_completed', 'amphitheatre_transcription_saved');
  ALTER TABLE "analytics_events" ALTER COLUMN "type" SET DATA TYPE "public"."enum_analytics_events_type" USING "type"::"public"."enum_analytics_events_type";`)
}
