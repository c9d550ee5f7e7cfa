import { sql } from '@payloadcms/db-postgres'
import type { MigrateDownArgs, MigrateUpArgs } from '@payloadcms/db-postgres'

/**
 * Hand-written: the reward ledger is append-only. Corrections are new rows; an UPDATE or
 * DELETE fails inside the database, whatever code (or person with a SQL prompt) tries it.
 * This also stops a user with ledger rows from being hard-deleted: the foreign key would set
 * `user_id` to NULL, which is an UPDATE of the ledger.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
    CREATE FUNCTION reward_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'reward_ledger is append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
    END
    $$;
    CREATE TRIGGER reward_ledger_append_only
      BEFORE UPDATE OR DELETE ON reward_ledger
      FOR EACH ROW EXECUTE FUNCTION reward_ledger_append_only();
  `)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
    DROP TRIGGER IF EXISTS reward_ledger_append_only ON reward_ledger;
    DROP FUNCTION IF EXISTS reward_ledger_append_only();
  `)
}
