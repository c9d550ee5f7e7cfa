import type { Access } from 'payload'

import { hasRole } from './roles'

/** Editors read drafts; everyone else (learners, anonymous apps) reads published documents only. */
export const publishedOrEditor: Access = ({ req: { user } }) => {
  if (hasRole(user, 'admin', 'author')) return true
  return { _status: { equals: 'published' } }
}
