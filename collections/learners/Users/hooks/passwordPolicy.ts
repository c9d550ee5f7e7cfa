import { ValidationError } from 'payload'
import type { CollectionAfterChangeHook, CollectionBeforeOperationHook, CollectionBeforeValidateHook } from 'payload'

import { markPasswordChange, takePasswordChange } from '../../../../src/auth/passwordChanges'
import { passwordProblem } from '../../../../src/services/accounts/passwordPolicy'

/**
 * A password the policy refuses: 400 with the rule as the message, `data.code` `weak_password`
 * and the field in `data.errors` (where the admin shows it). Sign-up turns it into its 422.
 */
export class WeakPasswordError extends ValidationError {
  constructor(readonly problem: string) {
    super({ collection: 'users', errors: [{ message: problem, path: 'password' }] })
    // Payload's name, so the admin and apps treat it as the field error it is.
    this.name = 'ValidationError'
    this.message = problem
    Object.assign(this.data as object, { code: 'weak_password' })
  }
}

function refusal(password: unknown, identity: { username?: string | null; email?: string | null }): WeakPasswordError | null {
  if (typeof password !== 'string') return new WeakPasswordError('Send the password as text.')
  const problem = passwordProblem(password, identity)
  return problem ? new WeakPasswordError(problem) : null
}

/**
 * The policy wherever Payload's create or update sets a password: sign-up, admin create,
 * `PATCH /api/users/:id`, GraphQL, the Local API. (A reset never reaches here with the
 * password in clear: Payload hashes it first, so checkResetPassword covers it.)
 */
export const checkPassword: CollectionBeforeValidateHook = ({ data, operation, originalDoc, req }) => {
  const password = (data as { password?: unknown } | undefined)?.password
  if (password == null) return data
  const refused = refusal(password, {
    username: (data?.username as string | undefined) ?? originalDoc?.username,
    email: (data?.email as string | undefined) ?? originalDoc?.email,
  })
  if (refused) throw refused
  if (operation === 'update' && originalDoc?.id != null) markPasswordChange(req, originalDoc.id)
  return data
}

/**
 * The policy on `POST /api/users/reset-password` (and GraphQL's reset), checked before Payload
 * touches anything, so a refused password leaves the token usable. An unknown or expired token
 * is left to Payload, which refuses it without a word about the password.
 */
export const checkResetPassword: CollectionBeforeOperationHook = async ({ args, operation, req }) => {
  if (operation !== 'resetPassword') return args
  const data = (args as { data?: { token?: unknown; password?: unknown } }).data
  if (typeof data?.token !== 'string' || data.token === '' || data.password === undefined) return args
  // Payload's own lookup of the token, with the same wall-clock expiry.
  const user = await req.payload.db.findOne<{ id: number; username?: string | null; email?: string | null }>({
    collection: 'users',
    req,
    where: { resetPasswordToken: { equals: data.token }, resetPasswordExpiration: { greater_than: new Date().toISOString() } },
  })
  if (!user) return args
  const refused = refusal(data.password, user)
  if (refused) throw refused
  markPasswordChange(req, user.id)
  return args
}

/**
 * A password changed through an update ends every session of the account, the one that made
 * the change included: whoever held a token from before (a stolen one too) signs in again.
 * Payload itself keeps the caller's session; a reset already ends them all and starts one.
 */
export const endSessionsOnPasswordChange: CollectionAfterChangeHook = async ({ doc, operation, req }) => {
  if (operation !== 'update' || !takePasswordChange(req, doc.id)) return doc
  await req.payload.db.updateOne({ collection: 'users', id: doc.id, data: { sessions: [] }, req, returning: false })
  return doc
}
