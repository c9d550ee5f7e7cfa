import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'scoreMilestone';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'scoreMilestone';
  ALTER TABLE "milestone_attempts" ALTER COLUMN "status" SET DATA TYPE text;
  ALTER TABLE "milestone_attempts" ALTER COLUMN "status" SET DEFAULT 'pending'::text;
  DROP TYPE "public"."enum_milestone_attempts_status";
  CREATE TYPE "public"."enum_milestone_attempts_status" AS ENUM('pending', 'scored', 'failed_to_score');
  ALTER TABLE "milestone_attempts" ALTER COLUMN "status" SET DEFAULT 'pending'::"public"."enum_milestone_attempts_status";
  ALTER TABLE "milestone_attempts" ALTER COLUMN "status" SET DATA TYPE "public"."enum_milestone_attempts_status" USING "status"::"public"."enum_milestone_attempts_status";
  ALTER TABLE "milestone_attempts" ADD COLUMN "scoring_error" varchar;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "milestone_attempts" ALTER COLUMN "status" SET DATA TYPE text;
  ALTER TABLE "milestone_attempts" ALTER COLUMN "status" SET DEFAULT 'pending'::text;
  DROP TYPE "public"."enum_milestone_attempts_status";
  CREATE TYPE "public"."enum_milestone_attempts_status" AS ENUM('pending', 'scored', 'failed');
  ALTER TABLE "milestone_attempts" ALTER COLUMN "status" SET DEFAULT 'pending'::"public"."enum_milestone_attempts_status";
  ALTER TABLE "milestone_attempts" ALTER COLUMN "status" SET DATA TYPE "public"."enum_milestone_attempts_status" USING "status"::"public"."enum_milestone_attempts_status";
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'contentHealth', 'pruneIdempotencyKeys', 'pruneRateLimitCounters');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'contentHealth', 'pruneIdempotencyKeys', 'pruneRateLimitCounters');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  ALTER TABLE "milestone_attempts" DROP COLUMN "scoring_error";`)
}
