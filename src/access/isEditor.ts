import type { Access } from 'payload'

import { hasRole } from './roles'

/** Authors and admins: the people who edit curriculum and world content. */
export const isEditor: Access = ({ req: { user } }) => hasRole(user, 'admin', 'author')
