import type { PayloadRequest } from 'payload'

import { hasRole } from './roles'

/** Only authors and admins may enter `/admin`; Payload's default lets any signed-in user in. */
export const canAccessAdminPanel = ({ req: { user } }: { req: PayloadRequest }): boolean =>
  hasRole(user, 'admin', 'author')
