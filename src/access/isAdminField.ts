import type { FieldAccess } from 'payload'

import { hasRole } from './roles'

export const isAdminField: FieldAccess = ({ req: { user } }) => hasRole(user, 'admin')
