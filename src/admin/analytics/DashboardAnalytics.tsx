import type { ServerProps } from 'payload'
import React from 'react'

import { hasRole } from '../../access/roles'
import { recentRange, summary } from '../../services/analytics'
import { AnalyticsCharts } from './AnalyticsCharts'

/** On the admin dashboard, for admins: the last 14 days at a glance, with a link to the full console. */
export async function DashboardAnalytics({ user, payload }: ServerProps) {
  if (!hasRole(user, 'admin') || !payload) return null
  const { from, to } = recentRange(14)
  const data = await summary(payload.db.pool, from, to)
  return (
    <section data-testid="dashboard-analytics" style={{ marginBottom: 'calc(var(--base) * 2)' }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline' }}>
        <h2>Last 14 days</h2>
        <a href={`${payload.config.routes.admin}/analytics`}>Open analytics</a>
      </div>
      <AnalyticsCharts summary={data} />
    </section>
  )
}
