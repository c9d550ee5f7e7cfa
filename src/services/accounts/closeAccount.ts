import { sql } from '@payloadcms/db-postgres'

import type { Tx } from '../../db/transaction'

/** Tables of one learner's own activity, children first. */
const learnerActivityTables = [
  'stakes_maps',
  'lesson_step_responses',
  'lesson_sessions',
  'venue_practice',
  'venue_entries',
  'exercise_attempts',
  'review_logs',
  'review_cards',
  'coach_conversations',
  'amphitheatre_records',
  'amphitheatre_sessions',
  'amphitheatre_settings',
  'user_progress',
  'venue_unlocks',
  'district_access',
  'milestone_attempts',
  'daily_quests',
  'idempotency_keys',
] as const

export type ClosedAccount = { outcome: 'anonymised' | 'deleted' }

/**
 * "Delete my account". A learner with ledger rows is never hard-deleted (the ledger is
 * append-only and balances must stay explainable): their personal data is erased instead —
 * email, username, name, onboarding answers, stakes maps, credentials and sessions — and their recordings
 * are deleted. A learner with no ledger history is deleted outright.
 */
export async function closeAccount(tx: Tx, user: number): Promise<ClosedAccount> {
  await tx.payload.delete({ collection: 'recordings', where: { owner: { equals: user } }, overrideAccess: true, req: tx.req })
  const [ledger] = await tx.query<{ exists: boolean }>(sql`SELECT EXISTS (SELECT 1 FROM reward_ledger WHERE user_id = ${user}) AS exists`)
  if (!ledger?.exists) {
    // Their activity goes with them (its foreign keys would otherwise try to null a required
    // column); analytics rows stay, anonymous (their user is nulled).
    for (const table of learnerActivityTables) {
      await tx.query(sql`DELETE FROM ${sql.identifier(table)} WHERE user_id = ${user}`)
    }
    await tx.payload.delete({ collection: 'users', id: user, overrideAccess: true, req: tx.req })
    return { outcome: 'deleted' }
  }
  await tx.query(sql`DELETE FROM users_sessions WHERE _parent_id = ${user}`)
  // Stakes maps are the learner's own words about their life: personal data, erased too.
  await tx.query(sql`DELETE FROM stakes_maps WHERE user_id = ${user}`)
  await tx.query(
    sql`UPDATE users SET
          email = ${`deleted-${user}@deleted.invalid`}, username = ${`deleted-${user}`}, display_name = NULL,
          profile_job_role = NULL, profile_typical_audience = NULL, profile_main_goal = NULL,
          profile_comfort_under_pressure = NULL, profile_time_pressure_profile = NULL,
          profile_preferred_practice_time = NULL, profile_timezone = 'UTC',
          salt = NULL, hash = NULL, reset_password_token = NULL, reset_password_expiration = NULL,
          updated_at = now()
        WHERE id = ${user}`,
  )
  return { outcome: 'anonymised' }
}
