import { sql } from '@payloadcms/db-postgres'
import type { PostgresAdapterArgs } from '@payloadcms/db-postgres'
import { Table } from '@payloadcms/db-postgres/drizzle'
import { check, index, uniqueIndex } from '@payloadcms/db-postgres/drizzle/pg-core'

/**
 * Rules the database enforces whatever code runs, declared on Payload's generated tables so
 * `migrate:create` (and dev `push`) produce them: balances never go below zero, and a ledger
 * row always moves something.
 */
type SchemaHook = NonNullable<PostgresAdapterArgs['afterSchemaInit']>[number]
type DrizzleTable = Parameters<Parameters<SchemaHook>[0]['extendTable']>[0]['table']

/**
 * Removes indexes Payload generates for every collection when nobody reads them: each one costs
 * every insert. Drizzle keeps a table's indexes in its extra-config builder; this filters its
 * output by index name, so `migrate:create` drops them like any other schema change.
 */
function withoutIndexes(table: DrizzleTable, names: string[]): void {
  const key = (Table as unknown as { Symbol: { ExtraConfigBuilder: symbol } }).Symbol.ExtraConfigBuilder
  const target = table as unknown as Record<symbol, ((t: unknown) => Record<string, unknown>) | undefined>
  const original = target[key]
  if (!original) return
  target[key] = (t) =>
    Object.fromEntries(
      Object.entries(original(t)).filter(([, built]) => !names.includes((built as { config?: { name?: string } }).config?.name ?? '')),
    )
}

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
    // Every reward writes ledger rows, and each index is one more write per row. The plain user
    // index repeats the first column of both compound ones, and made PostgreSQL re-plan the
    // replay check on every call (a learner with few rows looked cheaper to scan through it than
    // the generic plan through (user, idempotencyKey)); rows are never updated, so nothing reads
    // updated_at. created_by stays: deleting any user checks it (the foreign key).
    withoutIndexes(ledger, ['reward_ledger_user_idx', 'reward_ledger_updated_at_idx'])
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
  const events = schema.tables.analytics_events
  if (events) {
    // Append-only and mostly in time order: a BRIN index serves the rollup's time ranges at a
    // tiny fraction of a B-tree's size and insert cost. (user, occurredAt, clientId) serves per-user reads
    // and the FK on account deletion, so the plain user index is redundant; rows are never
    // updated, so nothing reads updated_at. created_at stays: the admin lists newest first by it.
    withoutIndexes(events, ['analytics_events_user_idx', 'analytics_events_updated_at_idx'])
    extendTable({
      table: events,
      extraConfig: (t) => ({
        occurredAtBrin: index('analytics_events_occurred_at_brin').using('brin', t.occurredAt),
      }),
    })
  }
  const weeklyXp = schema.tables.weekly_xp
  if (weeklyXp) {
    // Every XP grant upserts a row here: the unique (user, week) index serves lookups by user,
    // and nothing reads by created_at or updated_at (the admin lists by week).
    withoutIndexes(weeklyXp, ['weekly_xp_user_idx', 'weekly_xp_created_at_idx', 'weekly_xp_updated_at_idx'])
  }
  return schema
}
