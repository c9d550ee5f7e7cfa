import type { AfterErrorHook } from 'payload'

import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from '../db/unavailable'

/**
 * PostgreSQL rejects some bad input that Payload's field validation lets through — most
 * often a relationship to a document that does not exist (foreign key). Without this hook
 * those reach the client as 500s. The transaction has already been rolled back; we only
 * translate the answer into a 400 in Payload's error shape.
 */
const clientErrors: Record<string, { message: string; code: string; status?: number }> = {
  '23503': { message: 'A related document does not exist.', code: 'invalid_relation' },
  '23505': { message: 'A document with this value already exists.', code: 'duplicate_value' },
  '23514': { message: 'A value is outside its allowed range.', code: 'constraint_violation' },
  '22P02': { message: 'A value has the wrong type.', code: 'invalid_value' },
  '22001': { message: 'A value is too long.', code: 'value_too_long' },
  '22003': { message: 'A number is out of range.', code: 'number_out_of_range' },
  // NUL in text (e.g. a login email), and NUL or an unpaired surrogate in JSON: PostgreSQL stores neither.
  '22021': { message: 'Text may not contain NUL characters.', code: 'invalid_text' },
  '22P05': { message: 'Text may not contain NUL characters or unpaired UTF-16 surrogates.', code: 'invalid_text' },
  // e.g. a `like` filter on a field stored as an enum or a number: the filter, not the server, is wrong.
  '42883': { message: 'This filter does not apply to this field.', code: 'invalid_filter' },
  // Raised by the reward ledger's append-only trigger, e.g. when deleting a learner who has ledger rows.
  '23001': { message: 'This record is kept by the reward ledger and cannot be changed or deleted.', code: 'kept_by_ledger', status: 409 },
}

function postgresCode(error: unknown): string | undefined {
  let current: unknown = error
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

/**
 * busboy's parse errors for a body declared multipart that is not one (e.g. JSON sent with
 * `Content-Type: multipart/form-data` to the login): Payload rethrows them as plain Errors, a 500.
 */
const multipartErrors = new Set(['Unexpected end of form', 'Unexpected end of file', 'Malformed part header', 'Multipart: Boundary not found', 'Malformed content type', 'Malformed urlencoded form'])

export const databaseErrors: AfterErrorHook = ({ error: raised, graphqlResult, req }) => {
  // GraphQL hands over its GraphQLError, the database's error inside it.
  const error = (raised as { originalError?: unknown }).originalError ?? raised
  // Payload's own operations (login, REST collections) when the database is down or restarting:
  // a retryable 503 like the custom endpoints', not a 500. Payload adds req.responseHeaders to it.
  if (isDatabaseUnavailable(error)) {
    const headers = new Headers(req.responseHeaders)
    for (const [name, value] of Object.entries(DATABASE_UNAVAILABLE.headers)) headers.set(name, value)
    req.responseHeaders = headers
    return { status: DATABASE_UNAVAILABLE.status, response: { errors: [{ message: DATABASE_UNAVAILABLE.message, code: DATABASE_UNAVAILABLE.code }] } }
  }
  if (multipartErrors.has((error as { message?: unknown } | null)?.message as string)) {
    return { status: 400, response: { errors: [{ message: 'The multipart body is malformed.', code: 'invalid_multipart' }] } }
  }
  const code = postgresCode(error)
  const known = code ? clientErrors[code] : undefined
  if (!known) return
  // A bad filter value in a GraphQL query (an id that is not a number) was "Something went wrong." with a 500 inside.
  if (graphqlResult) {
    return { graphqlResult: { ...graphqlResult, message: known.message, extensions: { ...graphqlResult.extensions, name: 'APIError', data: { code: known.code }, statusCode: known.status ?? 400 } } }
  }
  return { status: known.status ?? 400, response: { errors: [{ message: known.message, code: known.code }] } }
}
