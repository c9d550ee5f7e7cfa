import { sql } from '@payloadcms/db-postgres'
import { AuthenticationError } from 'payload'
import type { BaseDatabaseAdapter, DatabaseAdapterObj, PayloadRequest, UpdateOneArgs } from 'payload'

import { isPasswordChange } from './passwordChanges'

/**
 * Keeps Payload's writes of a user document from undoing a password change.
 *
 * Payload's auth code reads the whole user, works for a while (a login hashes the password it
 * was given, tens of milliseconds) and then writes the whole document back to change only its
 * sessions; a plain `PATCH /api/users/:id` also writes back the sessions, hash and salt it read.
 * So a login with the old password that started before a password change and finished after it
 * put the old hash and every revoked session back (seen in 3 rounds of 6 against this server).
 *
 * Here every such write of a `users` row first locks the row, so it cannot interleave with a
 * change, and then:
 *   - writes a hash and salt only when this request is setting that account's password
 *     (src/auth/passwordChanges.ts, after the policy passed); otherwise the stored ones stay;
 *   - writes back only sessions that still exist, so a revoked one never returns, plus the
 *     session this very write creates (a login's), and that one only if the password it was
 *     checked against is still the account's: otherwise the login is refused;
 *   - and when the write is session bookkeeping (`returning: false`: login, refresh, logout),
 *     writes the sessions alone, not the stale rest of the document.
 */
export function withSessionGuard<T extends DatabaseAdapterObj>(base: T): T {
  return {
    ...base,
    init: (args) => {
      const adapter = base.init(args) as GuardedAdapter
      const updateOne = adapter.updateOne
      adapter.updateOne = async function (this: GuardedAdapter, write: UpdateOneArgs) {
        const data = write.data as AuthState | undefined
        if (write.collection !== 'users' || write.id == null || !data || !('sessions' in data || 'hash' in data || 'salt' in data)) {
          return updateOne.call(this, write)
        }
        const open = write.req?.transactionID ? await write.req.transactionID : undefined
        if (open !== undefined && this.sessions[open]) return guarded(this, updateOne, write, this.sessions[open].db)
        // No transaction to hold the lock in (Payload's lockout bookkeeping): one of its own.
        const id = await this.beginTransaction()
        if (id === null) return updateOne.call(this, write)
        const req = write.req ? Object.assign(Object.create(write.req) as PayloadRequest, { transactionID: id }) : ({ transactionID: id } as PayloadRequest)
        try {
          const result = await guarded(this, updateOne, { ...write, req }, this.sessions[id]!.db)
          await this.commitTransaction(id)
          return result
        } catch (error) {
          await this.rollbackTransaction(id)
          throw error
        }
      }
      return adapter as never
    },
  }
}

type AuthState = { hash?: unknown; salt?: unknown; sessions?: Array<{ id: string; createdAt?: unknown }> } & Record<string, unknown>
type Executor = { execute: (query: ReturnType<typeof sql>) => Promise<{ rows: Record<string, unknown>[] }> }
type GuardedAdapter = BaseDatabaseAdapter & { sessions: Record<string, { db: unknown }> }

async function guarded(adapter: GuardedAdapter, updateOne: BaseDatabaseAdapter['updateOne'], write: UpdateOneArgs, db: unknown): Promise<unknown> {
  const id = Number(write.id)
  const executor = db as Executor
  const locked = await executor.execute(sql`SELECT hash FROM users WHERE id = ${id} FOR UPDATE`)
  const stored = locked.rows[0] as { hash: string | null } | undefined
  if (!stored) return updateOne.call(adapter, write)
  const live = new Set((await executor.execute(sql`SELECT id FROM users_sessions WHERE _parent_id = ${id}`)).rows.map((r) => String(r.id)))

  const data: AuthState = { ...(write.data as AuthState) }
  const settingPassword = isPasswordChange(write.req, id)
  const checkedAgainstStoredHash = data.hash === undefined || data.hash === stored.hash || settingPassword
  if (!settingPassword) {
    delete data.hash
    delete data.salt
  }
  if (Array.isArray(data.sessions)) {
    // A session this write creates was made in this process a moment ago (a Date); the ones
    // read back from the database carry their times as text.
    const created = data.sessions.filter((s) => s.createdAt instanceof Date && !live.has(String(s.id)))
    if (created.length && !checkedAgainstStoredHash) throw new AuthenticationError(write.req?.t)
    data.sessions = data.sessions.filter((s) => live.has(String(s.id)) || created.includes(s))
  }
  const bookkeeping = write.returning === false && Array.isArray(data.sessions)
  return updateOne.call(adapter, { ...write, data: bookkeeping ? { sessions: data.sessions } : data })
}
