import type { Access } from 'payload'

import { hasRole } from './roles'

/** Learner-owned documents (recordings, later activity): the owner and admins only. */
export const ownerOrAdmin: Access = ({ req: { user } }) => {
  if (!user) return false
  if (hasRole(user, 'admin')) return true
  return { owner: { equals: user.id } }
}
