import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_guided_flows_steps_stakes_map_field" AS ENUM('situation', 'pressure', 'visibility', 'irreversibility', 'control', 'trigger', 'lever', 'actionStep');
  CREATE TYPE "public"."enum__guided_flows_v_version_steps_stakes_map_field" AS ENUM('situation', 'pressure', 'visibility', 'irreversibility', 'control', 'trigger', 'lever', 'actionStep');
  CREATE TYPE "public"."enum_stakes_maps_lever" AS ENUM('preparation', 'presence', 'perspective');
  CREATE TYPE "public"."enum_stakes_maps_source" AS ENUM('lesson', 'learner');
  CREATE TABLE "stakes_maps" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"user_id" integer NOT NULL,
  	"module_id" integer NOT NULL,
  	"situation" varchar,
  	"pressure_points_pressure" numeric,
  	"pressure_points_visibility" numeric,
  	"pressure_points_irreversibility" numeric,
  	"pressure_points_control" numeric,
  	"trigger" varchar,
  	"lever" "enum_stakes_maps_lever",
  	"action_step" varchar,
  	"source" "enum_stakes_maps_source" DEFAULT 'lesson' NOT NULL,
  	"lesson_session_id" varchar,
  	"revision" numeric DEFAULT 1 NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "guided_flows_steps" ADD COLUMN "stakes_map_field" "enum_guided_flows_steps_stakes_map_field";
  ALTER TABLE "_guided_flows_v_version_steps" ADD COLUMN "stakes_map_field" "enum__guided_flows_v_version_steps_stakes_map_field";
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "stakes_maps_id" integer;
  ALTER TABLE "stakes_maps" ADD CONSTRAINT "stakes_maps_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "stakes_maps" ADD CONSTRAINT "stakes_maps_module_id_modules_id_fk" FOREIGN KEY ("module_id") REFERENCES "public"."modules"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "stakes_maps" ADD CONSTRAINT "stakes_maps_lesson_session_id_lesson_sessions_id_fk" FOREIGN KEY ("lesson_session_id") REFERENCES "public"."lesson_sessions"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "stakes_maps_user_idx" ON "stakes_maps" USING btree ("user_id");
  CREATE INDEX "stakes_maps_module_idx" ON "stakes_maps" USING btree ("module_id");
  CREATE INDEX "stakes_maps_lesson_session_idx" ON "stakes_maps" USING btree ("lesson_session_id");
  CREATE INDEX "stakes_maps_updated_at_idx" ON "stakes_maps" USING btree ("updated_at");
  CREATE INDEX "stakes_maps_created_at_idx" ON "stakes_maps" USING btree ("created_at");
  CREATE UNIQUE INDEX "user_module_2_idx" ON "stakes_maps" USING btree ("user_id","module_id");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_stakes_maps_fk" FOREIGN KEY ("stakes_maps_id") REFERENCES "public"."stakes_maps"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_stakes_maps_id_idx" ON "payload_locked_documents_rels" USING btree ("stakes_maps_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "stakes_maps" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "stakes_maps" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_stakes_maps_fk";
  
  DROP INDEX "payload_locked_documents_rels_stakes_maps_id_idx";
  ALTER TABLE "guided_flows_steps" DROP COLUMN "stakes_map_field";
  ALTER TABLE "_guided_flows_v_version_steps" DROP COLUMN "stakes_map_field";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "stakes_maps_id";
  DROP TYPE "public"."enum_guided_flows_steps_stakes_map_field";
  DROP TYPE "public"."enum__guided_flows_v_version_steps_stakes_map_field";
  DROP TYPE "public"."enum_stakes_maps_lever";
  DROP TYPE "public"."enum_stakes_maps_source";`)
}
