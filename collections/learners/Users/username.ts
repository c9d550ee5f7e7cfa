import { ValidationError } from 'payload'
import type { FieldHook, TextField } from 'payload'

import { normaliseUsername, usernameProblem } from '../../../src/services/accounts/usernameRule'

/** Trimmed and lower-cased before anything else looks at it (uniqueness included). */
const normalise: FieldHook = ({ value }) => {
  if (value == null || typeof value === 'string') return typeof value === 'string' ? normaliseUsername(value) : value
  // Payload's own hook would call toLowerCase on it and answer 500.
  throw new ValidationError({ collection: 'users', errors: [{ message: 'Send the username as text.', path: 'username' }] })
}

/**
 * Payload's `username` auth field (unique, required, a login name), merged with the sign-up
 * rule (src/services/accounts/usernameRule.ts), so the rule holds wherever a username is set:
 * sign-up, `PATCH /api/users/:id`, admin create, GraphQL and the Local API.
 */
export const username: TextField = {
  name: 'username',
  type: 'text',
  hooks: { beforeValidate: [normalise] },
  validate: (value, { operation, previousValue }) => {
    if (value == null || value === '') return 'A username is required.'
    // An unchanged username passes, so an account named before this rule can still be edited.
    if (operation === 'update' && value === previousValue) return true
    return usernameProblem(value) ?? true
  },
}
