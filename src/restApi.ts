import { handleEndpoints } from 'payload'
import type { SanitizedConfig } from 'payload'

const errorBody = (message: string, code: string) => ({ errors: [{ message, code }] })

/**
 * Payload's REST handler (`handleEndpoints`) with three of its answers brought into line with the
 * rest of the API (DESIGN §5: one error shape, never a 500 for bad input):
 * - a path with broken percent-encoding (`/api/learn/districts/%E0%A4%A`) made Payload's route
 *   matching throw a URIError (a 500); it is a 400 `invalid_path`;
 * - a POST with `X-HTTP-Method-Override: GET` has its JSON body parsed before Payload's own error
 *   handling, so broken JSON there threw out of the handler (a 500); it is a 400 `invalid_json`;
 * - a path no endpoint matches was answered `{ message: 'Route not found "<path>"' }`, outside
 *   the error envelope; it is a 404 `not_found` like every other.
 */
export async function handleRest(config: SanitizedConfig, request: Request): Promise<Response> {
  try {
    decodeURIComponent(new URL(request.url).pathname)
  } catch {
    return Response.json(errorBody('The path is not valid percent-encoding.', 'invalid_path'), { status: 400 })
  }
  let response: Response
  try {
    response = await handleEndpoints({ config: Promise.resolve(config), request })
  } catch (error) {
    // By name: the error may come from another realm (undici's JSON.parse), where instanceof fails.
    if ((error as Error | null)?.name === 'SyntaxError') return Response.json(errorBody('The body is not valid JSON.', 'invalid_json'), { status: 400 })
    throw error
  }
  if (response.status === 404 && response.headers.get('content-type')?.startsWith('application/json')) {
    const body = (await response
      .clone()
      .json()
      .catch(() => null)) as { message?: unknown; errors?: unknown } | null
    if (body && typeof body.message === 'string' && body.errors === undefined) {
      // Keep Payload's headers (CORS); the body and its length change.
      const headers = new Headers(response.headers)
      headers.delete('content-length')
      return Response.json(errorBody('Not found.', 'not_found'), { status: 404, headers })
    }
  }
  return response
}
