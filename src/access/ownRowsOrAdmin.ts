import type { Access } from 'payload'

import { hasRole } from './roles'

/** Activity rows (ledger, progress …): a learner reads the rows whose `user` is them; admins read all. */
export const ownRowsOrAdmin: Access = ({ req: { user } }) => {
  if (!user) return false
  if (hasRole(user, 'admin')) return true
  return { user: { equals: user.id } }
}
