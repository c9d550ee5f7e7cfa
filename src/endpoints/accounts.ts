import { randomInt } from 'node:crypto'

import { sql as sqlTag } from '@payloadcms/db-postgres'
import { headersWithCors, ValidationError } from 'payload'
import type { CollectionAfterLoginHook, CollectionBeforeOperationHook, RequiredDataFromCollectionSlug } from 'payload'
import { generatePayloadCookie } from 'payload/shared'
import { z } from 'zod'

import { now } from '../clock'
import { withTransaction } from '../db/transaction'
import { uuidv7 } from '../ids'
import { WeakPasswordError } from '../../collections/learners/Users/hooks/passwordPolicy'
import { normaliseUsername, USERNAME_PATTERN, USERNAME_RULE } from '../services/accounts/usernameRule'
import { recordEvents } from '../services/events'
import { limits, rateLimitHeaders } from '../services/rateLimit'
import { clientIp, endpoint, enforceRateLimit, enforceRateLimitInHook, HttpError, parseBody } from './http'

const signupBody = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  // The Users collection's rule (its username field checks it again on create).
  username: z.string().max(254).transform(normaliseUsername).pipe(z.string().regex(USERNAME_PATTERN, USERNAME_RULE)),
  password: z.string().max(128),
  displayName: z.string().trim().min(1).max(120).optional(),
})
// Not strict: anything else in the body (role, balances, flags …) is dropped, never stored.

/**
 * POST /api/users/signup — anonymous: creates a learner and signs it in the way Payload's login
 * does (token in the body and the auth cookie). The account, its first session and the
 * `user_signup` event are one transaction. The A/B variant is drawn here, once.
 */
export const signup = endpoint('post', '/signup', async (req) => {
  const limit = await enforceRateLimit(req, `signup:${clientIp(req)}`, limits.signup(), 'Too many attempts from your network. Try again later.')
  const body = await parseBody(req, signupBody)

  const variant = randomInt(2) === 0 ? 'A' : 'B'
  const result = await withTransaction(req.payload, async (tx) => {
    const taken = await tx.query<{ email: boolean; username: boolean }>(
      sqlTaken(body.email, body.username),
    )
    if (taken[0]?.email) throw new HttpError(409, 'email_taken', 'An account with this email already exists.')
    if (taken[0]?.username) throw new HttpError(409, 'username_taken', 'This username is taken.')
    const data = {
      email: body.email,
      username: body.username,
      password: body.password,
      displayName: body.displayName,
      role: 'learner',
      profile: { abVariant: variant },
    } as RequiredDataFromCollectionSlug<'users'> & { password: string }
    const user = await tx.payload
      .create({ collection: 'users', data, overrideAccess: true, depth: 0, req: tx.req })
      .catch((error: unknown) => {
        // The password policy is the Users collection's (its beforeValidate hook), answered here as sign-up's 422.
        if (error instanceof WeakPasswordError) {
          throw new HttpError(422, 'weak_password', error.problem, { fields: [{ path: 'password', message: error.problem }] })
        }
        // Lost a race with another sign-up of the same email or username: the unique index said no.
        if (error instanceof ValidationError) {
          const path = error.data.errors[0]?.path
          throw new HttpError(409, path === 'username' ? 'username_taken' : 'email_taken', 'An account with this email or username already exists.')
        }
        throw error
      })
    tx.req.context.signup = true
    const login = await tx.payload.login({ collection: 'users', data: { email: body.email, password: body.password }, req: tx.req })
    await recordEvents(tx, Number(user.id), [{ type: 'user_signup', data: { variant } }])
    return login
  })

  const collection = req.payload.collections.users
  const cookie = generatePayloadCookie({ collectionAuthConfig: collection.config.auth, cookiePrefix: req.payload.config.cookiePrefix, token: result.token! })
  const headers = headersWithCors({ headers: new Headers({ 'Set-Cookie': cookie, ...rateLimitHeaders(limit) }), req })
  return Response.json({ message: 'Account created.', user: result.user, token: result.token, exp: result.exp }, { status: 201, headers })
})

function sqlTaken(email: string, username: string) {
  // Payload stores both lower-cased, so equality is case-insensitive.
  return sqlTag`SELECT EXISTS (SELECT 1 FROM users WHERE email = ${email}) AS email,
                       EXISTS (SELECT 1 FROM users WHERE username = ${username}) AS username`
}

/**
 * Logins per client IP (`RATE_LIMIT_LOGIN`) and per account tried (`RATE_LIMIT_LOGIN_ACCOUNT`,
 * whatever the IP), on top of Payload's lockout after failed attempts. The IP is counted first,
 * so a client over its limit cannot use up an account's allowance.
 */
export const limitLogins: CollectionBeforeOperationHook = async ({ args, operation, req }) => {
  if (operation !== 'login' || req.context.signup) return args
  await enforceRateLimitInHook(req, `login:${clientIp(req)}`, limits.login(), 'Too many sign-in attempts from your network. Try again later.')
  const data = (args as { data?: { email?: unknown; username?: unknown } }).data
  const account = [data?.email, data?.username].find((v): v is string => typeof v === 'string' && v.trim() !== '')
  if (account) {
    await enforceRateLimitInHook(req, `login-account:${account.trim().toLowerCase()}`, limits.loginAccount(), 'Too many sign-in attempts for this account. Try again later.')
  }
  return args
}

/** `user_login`, with no personal data (the original logged none either; sign-up logs its own event). */
export const recordLogin: CollectionAfterLoginHook = async ({ req, user }) => {
  if (req.context.signup) return user
  const at = now().toISOString()
  await req.payload.create({
    collection: 'analytics-events',
    data: { id: uuidv7(), type: 'user_login', user: user.id, occurredAt: at, source: 'server', data: {} },
    overrideAccess: true,
    depth: 0,
    req,
  })
  return user
}
