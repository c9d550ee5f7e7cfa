import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_review_cards_state" AS ENUM('new', 'learning', 'review', 'relearning');
  CREATE TYPE "public"."enum_review_logs_rating" AS ENUM('again', 'hard', 'good', 'easy');
  CREATE TYPE "public"."enum_review_logs_state_before" AS ENUM('new', 'learning', 'review', 'relearning');
  CREATE TYPE "public"."enum_review_logs_state" AS ENUM('new', 'learning', 'review', 'relearning');
  CREATE TABLE "review_cards" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"user_id" integer NOT NULL,
  	"knowledge_block_id" integer NOT NULL,
  	"module_id" integer NOT NULL,
  	"state" "enum_review_cards_state" DEFAULT 'new' NOT NULL,
  	"due" timestamp(3) with time zone NOT NULL,
  	"stability" numeric DEFAULT 0 NOT NULL,
  	"difficulty" numeric DEFAULT 0 NOT NULL,
  	"elapsed_days" numeric DEFAULT 0 NOT NULL,
  	"scheduled_days" numeric DEFAULT 0 NOT NULL,
  	"learning_steps" numeric DEFAULT 0 NOT NULL,
  	"reps" numeric DEFAULT 0 NOT NULL,
  	"lapses" numeric DEFAULT 0 NOT NULL,
  	"last_review" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "review_logs" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"user_id" integer NOT NULL,
  	"card_id" integer NOT NULL,
  	"knowledge_block_id" integer NOT NULL,
  	"client_id" varchar NOT NULL,
  	"rating" "enum_review_logs_rating" NOT NULL,
  	"reviewed_at" timestamp(3) with time zone NOT NULL,
  	"client_reviewed_at" timestamp(3) with time zone,
  	"local_day" varchar NOT NULL,
  	"state_before" "enum_review_logs_state_before" NOT NULL,
  	"state" "enum_review_logs_state" NOT NULL,
  	"scheduled_days" numeric NOT NULL,
  	"next_due" timestamp(3) with time zone NOT NULL,
  	"xp_earned" numeric DEFAULT 0 NOT NULL,
  	"response" jsonb,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "review_cards_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "review_logs_id" integer;
  ALTER TABLE "economy" ADD COLUMN "review_xp" numeric DEFAULT 5 NOT NULL;
  ALTER TABLE "review_cards" ADD CONSTRAINT "review_cards_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "review_cards" ADD CONSTRAINT "review_cards_knowledge_block_id_knowledge_blocks_id_fk" FOREIGN KEY ("knowledge_block_id") REFERENCES "public"."knowledge_blocks"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "review_cards" ADD CONSTRAINT "review_cards_module_id_modules_id_fk" FOREIGN KEY ("module_id") REFERENCES "public"."modules"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "review_logs" ADD CONSTRAINT "review_logs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "review_logs" ADD CONSTRAINT "review_logs_card_id_review_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."review_cards"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "review_logs" ADD CONSTRAINT "review_logs_knowledge_block_id_knowledge_blocks_id_fk" FOREIGN KEY ("knowledge_block_id") REFERENCES "public"."knowledge_blocks"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "review_cards_user_idx" ON "review_cards" USING btree ("user_id");
  CREATE INDEX "review_cards_knowledge_block_idx" ON "review_cards" USING btree ("knowledge_block_id");
  CREATE INDEX "review_cards_module_idx" ON "review_cards" USING btree ("module_id");
  CREATE INDEX "review_cards_updated_at_idx" ON "review_cards" USING btree ("updated_at");
  CREATE INDEX "review_cards_created_at_idx" ON "review_cards" USING btree ("created_at");
  CREATE UNIQUE INDEX "user_knowledgeBlock_idx" ON "review_cards" USING btree ("user_id","knowledge_block_id");
  CREATE INDEX "user_due_idx" ON "review_cards" USING btree ("user_id","due");
  CREATE INDEX "review_logs_user_idx" ON "review_logs" USING btree ("user_id");
  CREATE INDEX "review_logs_card_idx" ON "review_logs" USING btree ("card_id");
  CREATE INDEX "review_logs_knowledge_block_idx" ON "review_logs" USING btree ("knowledge_block_id");
  CREATE INDEX "review_logs_updated_at_idx" ON "review_logs" USING btree ("updated_at");
  CREATE INDEX "review_logs_created_at_idx" ON "review_logs" USING btree ("created_at");
  CREATE UNIQUE INDEX "user_clientId_idx" ON "review_logs" USING btree ("user_id","client_id");
  CREATE INDEX "user_localDay_idx" ON "review_logs" USING btree ("user_id","local_day");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_review_cards_fk" FOREIGN KEY ("review_cards_id") REFERENCES "public"."review_cards"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_review_logs_fk" FOREIGN KEY ("review_logs_id") REFERENCES "public"."review_logs"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_review_cards_id_idx" ON "payload_locked_documents_rels" USING btree ("review_cards_id");
  CREATE INDEX "payload_locked_documents_rels_review_logs_id_idx" ON "payload_locked_documents_rels" USING btree ("review_logs_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "review_cards" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "review_logs" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "review_cards" CASCADE;
  DROP TABLE "review_logs" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_review_cards_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_review_logs_fk";
  
  DROP INDEX "payload_locked_documents_rels_review_cards_id_idx";
  DROP INDEX "payload_locked_documents_rels_review_logs_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "review_cards_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "review_logs_id";
  ALTER TABLE "economy" DROP COLUMN "review_xp";
  DROP TYPE "public"."enum_review_cards_state";
  DROP TYPE "public"."enum_review_logs_rating";
  DROP TYPE "public"."enum_review_logs_state_before";
  DROP TYPE "public"."enum_review_logs_state";`)
}
