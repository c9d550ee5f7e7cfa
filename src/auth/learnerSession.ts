import { jwtVerify } from 'jose'
import { JWT_AUTH_VERSION } from 'payload'
import type { AuthStrategy, AuthStrategyFunctionArgs, Payload, TypedUser } from 'payload'

import { isDatabaseUnavailable } from '../db/unavailable'
import { counterHit, counterUpsertSql, isWriteMethod, learnerWriteKey, limits } from '../services/rateLimit'
import type { RateLimitResult } from '../services/rateLimit'

/** The learner API: every request there needs only who is calling, not the user document. */
const LEARNER_API = '/api/learn/'

/**
 * A narrow authentication for the learner API (`/api/learn/*`), the hot path of the apps.
 *
 * Payload's own JWT strategy verifies the token and then loads the whole user through the
 * Local API (all 33 columns, hash and salt included, plus the sessions as JSON) on every
 * request. Here the same token is verified the same way, and one indexed, prepared statement
 * confirms the session is still live and returns the identity: id, role, email, username and
 * whether onboarding is done (the gate of every learner endpoint); for a write it also bumps the
 * learner's write counter.
 * The learner endpoints read whatever else they need inside their own transaction.
 *
 * It is a fast path, not a policy: the checks are exactly Payload's (the token's signature,
 * auth version and expiry; a user of this collection; a session id that still exists, since
 * logout deletes it), and whatever it does not accept falls through to Payload's strategy,
 * which runs next and decides as it always would. Every other route is left to Payload (the
 * admin panel needs the full document).
 */
export const learnerSession: AuthStrategy = {
  name: 'learner-session',
  authenticate: async ({ headers, payload, req }: AuthStrategyFunctionArgs) => {
    const pathname = req?.pathname ?? (req?.url ? new URL(req.url).pathname : '')
    if (!pathname.startsWith(LEARNER_API)) return { user: null }
    const token = tokenFrom(headers, payload)
    if (!token) return { user: null }
    try {
      const claims = await verifiedClaims(token, payload)
      if (!claims) return { user: null }
      const { id, sid } = claims
      // A write also counts against the learner's write allowance (RATE_LIMIT_LEARNER_WRITES)
      // in this same statement: one round trip less on every write. Only a live session's writes
      // count; src/endpoints/http.ts reads the result back and refuses over the limit.
      const write = req && isWriteMethod(req.method) ? counterHit(learnerWriteKey(Number(id)), limits.learnerWrites()) : undefined
      const found = await payload.db.pool.query<{ id: number; role: string; email: string; username: string; onboarded: boolean; writes?: string }>(
        write
          ? { name: 'learner-session-write', text: SESSION_AND_WRITE_SQL, values: [sid, Number(id), ...write.values] }
          : // Named: each connection plans it once.
            { name: 'learner-session', text: SESSION_SQL, values: [sid, Number(id)] },
      )
      const row = found.rows[0]
      if (!row) return { user: null }
      const { onboarded, writes, ...identity } = row
      if (req && write) countedWrites.set(req, write.result(Number(writes ?? 1)))
      const user = { ...identity, profile: { onboardingCompleted: Boolean(onboarded) }, collection: 'users', _strategy: 'learner-session', _sid: sid }
      return { user: user as unknown as TypedUser & { collection: 'users'; _strategy: string } }
    } catch (error) {
      // The session could not be looked up because the database is down: the caller is not
      // known to be signed out, so the learner endpoints answer 503, not 401 (requireUser).
      if (req && isDatabaseUnavailable(error)) unchecked.add(req)
      // A bad signature, an expired token or a malformed one: not signed in.
      return { user: null }
    }
  },
}

const SESSION_SQL = `SELECT u.id, u.role, u.email, u.username, u.profile_onboarding_completed AS onboarded
                       FROM users_sessions s JOIN users u ON u.id = s._parent_id
                      WHERE s.id = $1 AND s._parent_id = $2`

const SESSION_AND_WRITE_SQL = `WITH session AS (${SESSION_SQL}), counted AS (${counterUpsertSql(3, 'FROM session')})
  SELECT session.*, (SELECT count FROM counted) AS writes FROM session`

/** Writes counted against the learner's allowance by the session check, per request. */
const countedWrites = new WeakMap<object, RateLimitResult>()

/** The count of this write against `RATE_LIMIT_LEARNER_WRITES`, if the session check made it. */
export const countedLearnerWrite = (req: object): RateLimitResult | undefined => countedWrites.get(req)

/** Requests whose token was never checked because the database was unreachable. */
const unchecked = new WeakSet<object>()

export const sessionCheckUnavailable = (req: object): boolean => unchecked.has(req)

type Claims = { id: number | string; sid: string; expiresAt: number }

/** Tokens this process has verified, per secret (bounded; only valid tokens get in). */
const verified = new WeakMap<Payload, { secret: string; tokens: Map<string, Claims> }>()
const VERIFIED_TOKENS_KEPT = 10_000

/**
 * The token's claims when it is a valid learner token: signed with Payload's secret, of the
 * current auth version, unexpired, of a `users` session. A token verified once is remembered
 * until it expires, since an app sends the same one with every call and checking its HMAC again
 * gives the same answer; whether its session is still live is asked of the database on every
 * request all the same (logout deletes the session).
 */
async function verifiedClaims(token: string, payload: Payload): Promise<Claims | null> {
  let cache = verified.get(payload)
  if (!cache || cache.secret !== payload.secret) verified.set(payload, (cache = { secret: payload.secret, tokens: new Map() }))
  const known = cache.tokens.get(token)
  if (known && known.expiresAt > Date.now()) return known
  if (known) cache.tokens.delete(token)
  const { payload: claims, protectedHeader } = await jwtVerify(token, secretKey(payload))
  if (protectedHeader.authVersion !== JWT_AUTH_VERSION) return null
  const { collection, id, sid, exp } = claims as { collection?: unknown; id?: unknown; sid?: unknown; exp?: unknown }
  if (collection !== 'users' || typeof sid !== 'string' || (typeof id !== 'number' && typeof id !== 'string')) return null
  // Without an expiry (never issued by Payload) it is checked every time.
  if (typeof exp !== 'number') return { id, sid, expiresAt: 0 }
  const entry = { id, sid, expiresAt: exp * 1000 }
  if (cache.tokens.size >= VERIFIED_TOKENS_KEPT) cache.tokens.delete(cache.tokens.keys().next().value as string)
  cache.tokens.set(token, entry)
  return entry
}

const keys = new WeakMap<Payload, { secret: string; key: Uint8Array }>()

/** The HMAC key Payload signs with, encoded once per secret rather than on every request. */
function secretKey(payload: Payload): Uint8Array {
  const cached = keys.get(payload)
  if (cached && cached.secret === payload.secret) return cached.key
  const key = new TextEncoder().encode(payload.secret)
  keys.set(payload, { secret: payload.secret, key })
  return key
}

/**
 * The token, looked up in the configured order (`auth.jwtOrder`) with Payload's rules: an
 * `Authorization: JWT …` or `Bearer …` header, or the cookie, which counts only when the
 * request's origin passes the CSRF allow-list (Payload's own rule, repeated here because its
 * extractor is not exported).
 */
function tokenFrom(headers: Headers, payload: Payload): string | null {
  for (const method of payload.config.auth.jwtOrder) {
    if (method === 'JWT' || method === 'Bearer') {
      const value = headers.get('authorization')
      if (value?.startsWith(`${method} `)) return value.slice(method.length + 1)
    } else if (method === 'cookie') {
      const token = cookie(headers.get('cookie'), `${payload.config.cookiePrefix}-token`)
      if (token && cookieAllowed(headers, payload.config.csrf)) return token
    }
  }
  return null
}

function cookieAllowed(headers: Headers, csrf: string[]): boolean {
  const origin = headers.get('origin')
  if (origin) return csrf.length === 0 || csrf.includes(origin)
  if (csrf.length === 0) return true
  const site = headers.get('sec-fetch-site')
  return site === 'same-origin' || site === 'same-site' || site === 'none'
}

function cookie(header: string | null, name: string): string | null {
  if (!header) return null
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURI(part.slice(eq + 1))
      } catch {
        return null // Payload ignores a badly encoded cookie too
      }
    }
  }
  return null
}
