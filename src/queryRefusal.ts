import { APIError } from 'payload'
import type { AfterErrorHook } from 'payload'

/**
 * A query Payload must not run as asked (a filter on a field the caller cannot read, a page
 * that is not a page). Always a 400: the request, not the server, is wrong.
 */
export class QueryRefused extends APIError {
  constructor(
    readonly code: string,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, 400, { code, ...details }, true)
  }
}

/**
 * Payload's REST routes answer an APIError as `{ errors: [{ name, data, message }] }`; ours
 * carry their `code` at the top as everywhere else in the API (`data` keeps the details).
 * GraphQL already has the code in `extensions.data` and the 400 in `extensions.statusCode`.
 */
export const queryRefusals: AfterErrorHook = ({ error, graphqlResult }) => {
  const cause = (error as { originalError?: unknown }).originalError ?? error
  if (!(cause instanceof QueryRefused) || graphqlResult) return
  const { code: _code, ...details } = (cause.data ?? {}) as Record<string, unknown>
  return { status: 400, response: { errors: [{ message: cause.message, code: cause.code, ...(Object.keys(details).length ? { data: details } : {}) }] } }
}
