import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_reward_ledger_currency" AS ENUM('xp', 'coins', 'tickets', 'streak_freezes');
  CREATE TABLE "reward_ledger" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"user_id" integer NOT NULL,
  	"currency" "enum_reward_ledger_currency" NOT NULL,
  	"delta" numeric NOT NULL,
  	"balance_after" numeric NOT NULL,
  	"reason" varchar NOT NULL,
  	"source_type" varchar,
  	"source_id" varchar,
  	"idempotency_key" varchar NOT NULL,
  	"created_by_id" integer,
  	"note" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	CONSTRAINT "reward_ledger_delta_non_zero" CHECK ("reward_ledger"."delta" <> 0)
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "reward_ledger_id" integer;
  ALTER TABLE "reward_ledger" ADD CONSTRAINT "reward_ledger_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "reward_ledger" ADD CONSTRAINT "reward_ledger_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "reward_ledger_user_idx" ON "reward_ledger" USING btree ("user_id");
  CREATE INDEX "reward_ledger_created_by_idx" ON "reward_ledger" USING btree ("created_by_id");
  CREATE INDEX "reward_ledger_updated_at_idx" ON "reward_ledger" USING btree ("updated_at");
  CREATE INDEX "reward_ledger_created_at_idx" ON "reward_ledger" USING btree ("created_at");
  CREATE UNIQUE INDEX "user_idempotencyKey_idx" ON "reward_ledger" USING btree ("user_id","idempotency_key");
  CREATE INDEX "user_createdAt_idx" ON "reward_ledger" USING btree ("user_id","created_at");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_reward_ledger_fk" FOREIGN KEY ("reward_ledger_id") REFERENCES "public"."reward_ledger"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_reward_ledger_id_idx" ON "payload_locked_documents_rels" USING btree ("reward_ledger_id");
  ALTER TABLE "users" ADD CONSTRAINT "users_balances_non_negative" CHECK ("users"."xp" >= 0 AND "users"."coins" >= 0 AND "users"."tickets" >= 0 AND "users"."streak_freezes" >= 0);`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "reward_ledger" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "reward_ledger" CASCADE;
  ALTER TABLE "users" DROP CONSTRAINT "users_balances_non_negative";
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_reward_ledger_fk";
  
  DROP INDEX "payload_locked_documents_rels_reward_ledger_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "reward_ledger_id";
  DROP TYPE "public"."enum_reward_ledger_currency";`)
}
