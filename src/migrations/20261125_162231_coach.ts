import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TABLE "coach_conversations" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"user_id" integer NOT NULL,
  	"module_id" integer,
  	"messages" jsonb NOT NULL,
  	"message_count" numeric DEFAULT 0 NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "coach_conversations_id" integer;
  ALTER TABLE "coach_conversations" ADD CONSTRAINT "coach_conversations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "coach_conversations" ADD CONSTRAINT "coach_conversations_module_id_modules_id_fk" FOREIGN KEY ("module_id") REFERENCES "public"."modules"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "coach_conversations_user_idx" ON "coach_conversations" USING btree ("user_id");
  CREATE INDEX "coach_conversations_module_idx" ON "coach_conversations" USING btree ("module_id");
  CREATE INDEX "coach_conversations_updated_at_idx" ON "coach_conversations" USING btree ("updated_at");
  CREATE INDEX "coach_conversations_created_at_idx" ON "coach_conversations" USING btree ("created_at");
  CREATE INDEX "user_updatedAt_idx" ON "coach_conversations" USING btree ("user_id","updated_at");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_coach_conversations_fk" FOREIGN KEY ("coach_conversations_id") REFERENCES "public"."coach_conversations"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_coach_conversations_id_idx" ON "payload_locked_documents_rels" USING btree ("coach_conversations_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "coach_conversations" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "coach_conversations" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_coach_conversations_fk";
  
  DROP INDEX "payload_locked_documents_rels_coach_conversations_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "coach_conversations_id";`)
}
