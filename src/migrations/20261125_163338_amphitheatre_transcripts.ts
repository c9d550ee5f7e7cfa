import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_amphitheatre_records_transcription_status" AS ENUM('none', 'pending', 'done', 'failed');
  CREATE TABLE "amphitheatre_settings" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"user_id" integer NOT NULL,
  	"language" varchar DEFAULT 'en' NOT NULL,
  	"reduced_motion" boolean DEFAULT false NOT NULL,
  	"audio_device" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "amphitheatre_records" ADD COLUMN "transcription_status" "enum_amphitheatre_records_transcription_status" DEFAULT 'none' NOT NULL;
  ALTER TABLE "amphitheatre_records" ADD COLUMN "transcription_error" varchar;
  ALTER TABLE "amphitheatre_records" ADD COLUMN "transcript" varchar;
  ALTER TABLE "amphitheatre_records" ADD COLUMN "delivery_note" varchar;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "amphitheatre_settings_id" integer;
  ALTER TABLE "amphitheatre_settings" ADD CONSTRAINT "amphitheatre_settings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  CREATE UNIQUE INDEX "amphitheatre_settings_user_idx" ON "amphitheatre_settings" USING btree ("user_id");
  CREATE INDEX "amphitheatre_settings_updated_at_idx" ON "amphitheatre_settings" USING btree ("updated_at");
  CREATE INDEX "amphitheatre_settings_created_at_idx" ON "amphitheatre_settings" USING btree ("created_at");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_amphitheatre_settings_fk" FOREIGN KEY ("amphitheatre_settings_id") REFERENCES "public"."amphitheatre_settings"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_amphitheatre_settings_id_idx" ON "payload_locked_documents_rels" USING btree ("amphitheatre_settings_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "amphitheatre_settings" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "amphitheatre_settings" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_amphitheatre_settings_fk";
  
  DROP INDEX "payload_locked_documents_rels_amphitheatre_settings_id_idx";
  ALTER TABLE "amphitheatre_records" DROP COLUMN "transcription_status";
  ALTER TABLE "amphitheatre_records" DROP COLUMN "transcription_error";
  ALTER TABLE "amphitheatre_records" DROP COLUMN "transcript";
  ALTER TABLE "amphitheatre_records" DROP COLUMN "delivery_note";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "amphitheatre_settings_id";
  DROP TYPE "public"."enum_amphitheatre_records_transcription_status";`)
}
