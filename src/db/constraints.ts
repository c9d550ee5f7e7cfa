import { sql } from '@payloadcms/db-postgres'
import type { PostgresAdapterArgs } from '@payloadcms/db-postgres'
import { check, uniqueIndex } from '@payloadcms/db-postgres/drizzle/pg-core'

/**
 * Rules the database enforces whatever code runs, declared on Payload's generated tables so
 * `migrate:create` (and dev `push`) produce them: balances never go below zero, and a ledger
 * row always moves something.
 */
type SchemaHook = NonNullable<PostgresAdapterArgs['afterSchemaInit']>[number]

export const schemaConstraints: SchemaHook = ({ extendTable, schema }) => {
  const users = schema.tables.users
  const ledger = schema.tables.reward_ledger
  if (users) {
    extendTable({
      table: users,
      extraConfig: (t) => ({
        balancesNonNegative: check(
          'users_balances_non_negative',
          sql`${t.xp} >= 0 AND ${t.coins} >= 0 AND ${t.tickets} >= 0 AND ${t.streakFreezes} >= 0`,
        ),
      }),
    })
  }
  if (ledger) {
    extendTable({
      table: ledger,
      extraConfig: (t) => ({
        deltaNonZero: check('reward_ledger_delta_non_zero', sql`${t.delta} <> 0`),
      }),
    })
  }
  const entries = schema.tables.venue_entries
  if (entries) {
    extendTable({
      table: entries,
      extraConfig: (t) => ({
        // Rule 2: one open entry per learner and venue, whatever races.
        oneOpenEntry: uniqueIndex('venue_entries_one_open').on(t.user, t.venue).where(sql`${t.status} = 'open'`),
      }),
    })
  }
  const amphitheatre = schema.tables.amphitheatre_sessions
  if (amphitheatre) {
    extendTable({
      table: amphitheatre,
      extraConfig: (t) => ({
        // One active amphitheatre session per learner, whatever races.
        oneActive: uniqueIndex('amphitheatre_sessions_one_active').on(t.user).where(sql`${t.status} = 'active'`),
      }),
    })
  }
  return schema
}
