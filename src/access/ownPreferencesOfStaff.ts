import type { Access, Where } from 'payload'

import { hasRole } from './roles'

/**
 * Admin-panel preferences (list columns, open groups): each member of staff reads and changes
 * their own, as Payload intends. Learners have no admin panel, so they have none to keep.
 */
export const ownPreferencesOfStaff: Access = ({ req: { user } }) => {
  if (!user || !hasRole(user, 'admin', 'author')) return false
  const own: Where[] = [{ 'user.value': { equals: user.id } }, { 'user.relationTo': { equals: user.collection } }]
  return { and: own }
}
