import { AuthenticationError, LockedAuth } from 'payload'
import type { AfterErrorHook } from 'payload'

export const SIGN_IN_REFUSED = { message: 'The email, username or password is incorrect.', code: 'invalid_credentials' } as const

/**
 * One answer for every refused sign-in, REST and GraphQL alike. Payload words an unknown
 * account, a wrong password and a locked account differently ("This user is locked…", and
 * "username" or "email" depending on the lookup), which tells a stranger which addresses have
 * accounts. The lockout still holds; it just is not announced. Both errors come only from login.
 */
export const loginRefusals: AfterErrorHook = ({ error, graphqlResult }) => {
  const cause = (error as { originalError?: unknown }).originalError ?? error
  if (!(cause instanceof AuthenticationError || cause instanceof LockedAuth)) return
  if (graphqlResult) {
    const extensions = { ...graphqlResult.extensions, name: 'AuthenticationError', data: { code: SIGN_IN_REFUSED.code } }
    return { graphqlResult: { ...graphqlResult, message: SIGN_IN_REFUSED.message, extensions } }
  }
  return { status: 401, response: { errors: [{ ...SIGN_IN_REFUSED }] } }
}
