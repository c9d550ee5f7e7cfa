import { addDataAndFileToRequest, APIError, headersWithCors, registerFirstUserOperation } from 'payload'
import type { Endpoint, RequiredDataFromCollectionSlug } from 'payload'
import { generatePayloadCookie } from 'payload/shared'

/**
 * Payload's `/first-register` makes whoever arrives first on an empty database a user, with
 * access checks off. We refuse it unless an operator opts in with `ALLOW_FIRST_REGISTER=true`
 * (the first admin normally comes from `npm run admin:create` or the dev seed), and when it is
 * allowed the account it creates is an admin, whatever the body says.
 */
export const firstRegister: Endpoint = {
  path: '/first-register',
  method: 'post',
  handler: async (req) => {
    if (process.env.ALLOW_FIRST_REGISTER !== 'true') {
      throw new APIError('First-user registration is disabled; create the first admin with `npm run admin:create`.', 403)
    }
    await addDataAndFileToRequest(req)
    const body = (req.data ?? {}) as Record<string, unknown>
    const str = (v: unknown) => (typeof v === 'string' ? v : '')
    const collection = req.payload.collections.users
    const result = await registerFirstUserOperation({
      collection,
      data: { email: str(body.email), username: str(body.username), password: str(body.password), role: 'admin' } as RequiredDataFromCollectionSlug<'users'> & { password: string },
      req,
    })
    const cookie = generatePayloadCookie({
      collectionAuthConfig: collection.config.auth,
      cookiePrefix: req.payload.config.cookiePrefix,
      token: result.token!,
    })
    return Response.json(
      { exp: result.exp, token: result.token, user: result.user },
      { headers: headersWithCors({ headers: new Headers({ 'Set-Cookie': cookie }), req }) },
    )
  },
}
