import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TABLE "exercise_attempts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"user_id" integer NOT NULL,
  	"knowledge_block_id" integer NOT NULL,
  	"exercise_index" numeric NOT NULL,
  	"exercise_type" varchar NOT NULL,
  	"answer" jsonb,
  	"correct" boolean,
  	"rewarded" boolean DEFAULT false NOT NULL,
  	"xp_earned" numeric DEFAULT 0 NOT NULL,
  	"coins_earned" numeric DEFAULT 0 NOT NULL,
  	"local_day" varchar NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "exercise_attempts_id" integer;
  ALTER TABLE "exercise_attempts" ADD CONSTRAINT "exercise_attempts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "exercise_attempts" ADD CONSTRAINT "exercise_attempts_knowledge_block_id_knowledge_blocks_id_fk" FOREIGN KEY ("knowledge_block_id") REFERENCES "public"."knowledge_blocks"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "exercise_attempts_user_idx" ON "exercise_attempts" USING btree ("user_id");
  CREATE INDEX "exercise_attempts_knowledge_block_idx" ON "exercise_attempts" USING btree ("knowledge_block_id");
  CREATE INDEX "exercise_attempts_updated_at_idx" ON "exercise_attempts" USING btree ("updated_at");
  CREATE INDEX "exercise_attempts_created_at_idx" ON "exercise_attempts" USING btree ("created_at");
  CREATE INDEX "user_knowledgeBlock_exerciseIndex_localDay_idx" ON "exercise_attempts" USING btree ("user_id","knowledge_block_id","exercise_index","local_day");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_exercise_attempts_fk" FOREIGN KEY ("exercise_attempts_id") REFERENCES "public"."exercise_attempts"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_exercise_attempts_id_idx" ON "payload_locked_documents_rels" USING btree ("exercise_attempts_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "exercise_attempts" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "exercise_attempts" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_exercise_attempts_fk";
  
  DROP INDEX "payload_locked_documents_rels_exercise_attempts_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "exercise_attempts_id";`)
}
