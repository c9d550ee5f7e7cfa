import type { ServerProps } from 'payload'
import React from 'react'

import { hasRole } from '../../access/roles'

/** The navigation's link to /admin/analytics, shown to admins only (the page refuses others too). */
export function AnalyticsNavLink({ user, payload }: ServerProps) {
  if (!hasRole(user, 'admin')) return null
  return (
    <a className="nav__link" href={`${payload.config.routes.admin}/analytics`} id="nav-analytics">
      <span className="nav__link-label">Analytics</span>
    </a>
  )
}
