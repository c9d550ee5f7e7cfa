import type { FieldAccess } from 'payload'

import { hasRole } from './roles'

/** Field-level twin of `isEditor`, e.g. to hide exercise answer keys from learners. */
export const isEditorField: FieldAccess = ({ req: { user } }) => hasRole(user, 'admin', 'author')
